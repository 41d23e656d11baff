"""Run the official contract tests (``cfn test``) offline against the local SageMaker.

Starts the local SageMaker (which also answers STS) and the local Lambda endpoint, creates the
model package groups the inputs refer to, then runs ``cfn test`` (through ``local.cfn``) once per
input set ``inputs/inputs_N_*.json``. cfn-cli itself walks ``inputs_1``, ``inputs_2``, … but stops at
the first set with a failure, so each set is staged alone (as ``inputs_1``) in a copy of the project
files: every set runs and reports. Exits non-zero when any set fails.
"""

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import boto3

from local.lambda_endpoint import ROOT, start, start_local_sagemaker

REGION = "us-east-1"
PROJECT_FILES = (".rpdk-config", "aws-sagemaker-modelpackage.json", "overrides.json")
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
# cfn-cli's tagging tests require ``Tags`` in every input of a taggable type, but SageMaker
# refuses tags on a model package version (the version takes the group's tags), so they cannot
# apply to a versioned input set. They run for the unversioned sets.
NOT_FOR_VERSIONS = ("contract_create_taggable", "contract_update_tag_updatable")
InputSets = dict[int, dict[str, Path]]  # {N: {"create"|"update"|"invalid": path}}


def input_sets(inputs_dir: Path = ROOT / "inputs") -> InputSets:
    """``{N: {kind: path}}`` for every ``inputs_N_<kind>.json``."""
    sets: InputSets = {}
    for path in inputs_dir.glob("inputs_*_*.json"):
        match = re.fullmatch(r"inputs_(\d+)_(create|update|invalid)\.json", path.name)
        if match:
            sets.setdefault(int(match.group(1)), {})[match.group(2)] = path
    return dict(sorted(sets.items()))


def groups_named(sets: InputSets) -> list[str]:
    """The model package groups that the valid inputs name (they must exist first)."""
    valid_inputs = [
        json.loads(path.read_text()) for files in sets.values() for kind, path in files.items() if kind != "invalid"
    ]
    # By name or by ARN (as ``!Ref Group`` gives it): the group is the ARN's last part.
    return sorted(
        {
            model["ModelPackageGroupName"].rsplit("/", 1)[-1]
            for model in valid_inputs
            if "ModelPackageGroupName" in model
        }
    )


def create_groups(groups: Sequence[str], sagemaker_url: str) -> list[str]:
    """Create the model package groups ``groups`` in the local SageMaker."""
    sagemaker = boto3.client(
        "sagemaker",
        endpoint_url=sagemaker_url,
        region_name=REGION,
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    for group in groups:
        sagemaker.create_model_package_group(
            ModelPackageGroupName=group,
            ModelPackageGroupDescription="Group for the local requests",
        )
    return list(groups)


def stage(number: int, files: dict[str, Path]) -> Path:
    """A copy of the project files with this input set as the only one (``inputs_1``)."""
    directory = Path(tempfile.mkdtemp(prefix=f"contract-inputs_{number}-"))
    for name in PROJECT_FILES:
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, directory / name)
    (directory / "inputs").mkdir()
    for kind, path in files.items():
        shutil.copy(path, directory / "inputs" / f"inputs_1_{kind}.json")
    return directory


def cfn_environment(sagemaker_url: str) -> dict[str, str]:
    """Fake credentials and the local STS only: no profile, config file or real endpoint leaks in."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(FAKE_CREDENTIALS)
    env.update(
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_ENDPOINT_URL_STS=sagemaker_url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    return env


def deselected(files: dict[str, Path]) -> list[str]:
    """pytest arguments leaving out the tests that cannot apply to this input set."""
    create = json.loads(files["create"].read_text()) if "create" in files else {}
    if "ModelPackageGroupName" not in create:
        return []
    return ["-k", " and ".join(f"not {name}" for name in NOT_FOR_VERSIONS)]


def run_cfn_test(
    directory: Path, endpoint_url: str, env: dict[str, str], pytest_args: Sequence[str]
) -> tuple[int, Path]:
    junit = directory / "contract-junit.xml"
    command = [
        sys.executable, "-m", "local.cfn", "test",
        "--endpoint", endpoint_url,
        "--region", REGION,
        "--", "-p", "no:cacheprovider", "-o", "log_cli_level=WARNING", f"--junitxml={junit}",
        *pytest_args,
    ]  # fmt: skip
    returncode = subprocess.run(command, cwd=directory, env=env, check=False).returncode
    return returncode, junit


def results(junit: Path) -> list[tuple[str, str, str]]:
    """``[(test, outcome, reason)]`` from pytest's JUnit report; outcome passed/failed/error/skipped."""
    rows = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome, reason = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed"}.get(child.tag, child.tag)
                reason = (child.get("message") or "").strip()
                break
        rows.append((case.get("name", ""), outcome, reason))
    return rows


def summarise(number: int, returncode: int, junit: Path, directory: Path) -> bool:
    """Print the outcome of one input set; True when it passed."""
    print(f"\n== inputs_{number}: ", end="")
    if not junit.exists():
        print(f"cfn test exited {returncode} before running the tests (log: {directory}/rpdk.log)")
        return False
    rows = results(junit)
    counts: dict[str, int] = {}
    for _name, outcome, _reason in rows:
        counts[outcome] = counts.get(outcome, 0) + 1
    print(", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())))
    for name, outcome, reason in rows:
        if outcome != "passed":
            print(f"   {outcome.upper():8} {name}: {reason.splitlines()[0] if reason else ''}")
    passed = returncode == 0
    if not passed:
        print(f"   cfn test exited {returncode}; debug log: {directory}/rpdk.log")
    return passed


def main(pytest_args: Sequence[str] = ()) -> int:
    """``pytest_args`` go to every ``cfn test`` run, e.g. ``-k contract_update_without_create``."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    sets = input_sets()
    if not sets:
        print("No contract-test inputs in inputs/", file=sys.stderr)
        return 1
    sagemaker = start_local_sagemaker()
    try:
        with start(port=0, sagemaker_url=sagemaker.url) as endpoint:
            groups = create_groups(groups_named(sets), sagemaker.url)
            print(f"Local SageMaker/STS {sagemaker.url}, Lambda endpoint {endpoint.url}")
            print(f"Model package groups created: {', '.join(groups) or 'none'}")
            env = cfn_environment(sagemaker.url)
            outcomes = {}
            for number, files in sets.items():
                directory = stage(number, files)
                print(f"\n==== cfn test: inputs_{number} ({', '.join(sorted(files))}) ====", flush=True)
                returncode, junit = run_cfn_test(directory, endpoint.url, env, [*deselected(files), *pytest_args])
                outcomes[number] = (returncode, junit, directory)
    finally:
        sagemaker.stop()
    print("\n==== Contract test summary ====")
    failed = [n for n, outcome in outcomes.items() if not summarise(n, *outcome)]
    for number, (_returncode, _junit, directory) in outcomes.items():
        if number not in failed:
            shutil.rmtree(directory)
    print(f"\n{len(sets) - len(failed)} of {len(sets)} input sets passed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
