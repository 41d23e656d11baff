"""Build the registry artifact with ``cfn submit --dry-run`` (no Docker), optionally under another
type name, e.g. ``Acme::SageMaker::ModelPackage`` for a private registration.

The project is copied to a staging directory where the type name is changed everywhere it appears
(schema, ``.rpdk-config``, handler package and its name, example templates); ``cfn generate``
then rewrites models, docs and the execution role there, and ``cfn submit --dry-run`` packages it
(pip installs ``requirements.txt``, without dependencies, into the build). The working tree is
never modified.

Writes into ``dist/``: ``<type-name>.zip`` (what ``cfn submit`` uploads) and a folder
``<type-name>/`` with the matching schema, ``resource-role.yaml``, ``docs/`` and ``examples/``.

Usage: ``python tools/package.py [--type-name Org::Service::Resource] [--dist DIR]``
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "aws-sagemaker-modelpackage.json"
BIN = Path(sys.executable).parent
# What the staging copy needs; build output, caches and local tooling are left behind.
PROJECT_FILES = [".rpdk-config", SCHEMA.name, "requirements.txt", "template.yml", "resource-role.yaml"]
PROJECT_DIRS = ["src", "inputs", "examples"]
# examples/acme-sagemaker-modelpackage/ is the examples already renamed for one private name
# (tools/lint_examples.py); the staging copy renames the sources itself.
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "cdk.out", "acme-sagemaker-modelpackage")
TYPE_NAME_PATTERN = re.compile(r"^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$")


def type_name_argument(value):
    """argparse type: a CloudFormation type name ``Organisation::Service::Resource``."""
    if not TYPE_NAME_PATTERN.match(value):
        raise argparse.ArgumentTypeError(f"not a type name Org::Service::Resource: {value}")
    return value


def hyphenated(type_name):
    """The file name stem cfn-cli derives from a type name (schema, zip)."""
    return type_name.replace("::", "-").lower()


def renamer(old, new):
    """A function replacing the type name ``old`` by ``new`` in text, in each spelling cfn-cli
    derives from it (``A::B::C``, ``A-B-C``, ``a-b-c``, ``a_b_c``) and only as a whole name, so
    that e.g. ``AWS::SageMaker::ModelPackageGroup`` is left alone."""
    pairs = {}
    for separator in ("::", "-", "_"):
        old_parts, new_parts = old.split("::"), new.split("::")
        pairs[separator.join(old_parts)] = separator.join(new_parts)
        pairs[separator.join(old_parts).lower()] = separator.join(new_parts).lower()
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, pairs)) + r")(?![A-Za-z0-9_])")
    return lambda text: pattern.sub(lambda match: pairs[match.group(1)], text)


def stage(staging, type_name):
    """Copy the project into ``staging`` with every mention of its type name changed."""
    old = json.loads(SCHEMA.read_text())["typeName"]
    rename = renamer(old, type_name)
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, staging / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, staging / name, ignore=IGNORE)
    for path in sorted(staging.rglob("*"), reverse=True):  # children before their folder
        if path.is_file():
            try:
                path.write_text(rename(path.read_text(encoding="utf-8")), encoding="utf-8")
            except UnicodeDecodeError:
                continue
        path.rename(path.with_name(rename(path.name)))


def cfn(staging, *arguments):
    """Run the venv's ``cfn`` in the staging copy, with the venv's ``pip`` first on PATH (the
    python plugin installs the handler's requirements with whatever ``pip`` it finds)."""
    # PIP_NO_DEPS: the plugin's pip installs exactly requirements.txt, not the dependencies that
    # the Lambda runtime already provides (boto3, botocore, urllib3; see requirements.txt).
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PIP_NO_DEPS": "1",
    }
    result = subprocess.run([str(BIN / "cfn"), *arguments], cwd=staging, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"cfn {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")


def package(type_name, dist):
    """Build the artifact for ``type_name`` into ``dist``; the path of the zip."""
    stem = hyphenated(type_name)
    with tempfile.TemporaryDirectory() as directory:
        staging = Path(directory)
        stage(staging, type_name)
        role = (staging / "resource-role.yaml").read_text()
        cfn(staging, "generate")
        # cfn generate rewrites the role from the schema without the iam:PassedToService condition.
        (staging / "resource-role.yaml").write_text(role)
        cfn(staging, "submit", "--dry-run", "--no-docker")
        dist.mkdir(parents=True, exist_ok=True)
        zip_path = dist / f"{stem}.zip"
        shutil.copy(staging / f"{stem}.zip", zip_path)
        companion = dist / stem
        shutil.rmtree(companion, ignore_errors=True)
        companion.mkdir()
        for name in (f"{stem}.json", "resource-role.yaml"):
            shutil.copy(staging / name, companion / name)
        for name in ("docs", "examples"):
            shutil.copytree(staging / name, companion / name)
    return zip_path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--type-name",
        type=type_name_argument,
        default=json.loads(SCHEMA.read_text())["typeName"],
        help="type name to build the provider under (default: the schema's)",
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output directory")
    arguments = parser.parse_args(argv)
    print(package(arguments.type_name, arguments.dist))


if __name__ == "__main__":
    main()
