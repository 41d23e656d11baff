"""Cold-start costs, each measured in fresh processes (what a new Lambda execution environment
pays), interleaved so that both sides of a ratio see the same machine load.

- import overhead: importing the handler module, minus importing boto3 alone (the Lambda
  runtime has boto3 too; what counts is what the provider adds on top);
- first invoke: a fresh process handling a READ end to end through the Lambda entrypoint,
  over a fresh process making one bare boto3 DescribeModelPackage.
"""

import json
import statistics
import subprocess
import time

from . import env

IMPORT_HANDLER = "import aws_sagemaker_modelpackage.handlers"
IMPORT_BOTO3 = "import boto3"
_TIMED_IMPORT = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"

READ_WITH_HANDLER = """
from local import invoke
event = invoke.event("READ", {{"ModelPackageArn": "{arn}"}})
result = invoke.invoke(event)
assert result["status"] == "SUCCESS", result
"""
DESCRIBE_WITH_BOTO3 = """
import boto3
boto3.client("sagemaker").describe_model_package(ModelPackageName="{arn}")
"""


def _python(code: str, environment: dict[str, str]) -> str:
    done = subprocess.run([env.PYTHON, "-c", code], env=environment, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"benchmark process failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _wall(code: str, environment: dict[str, str]) -> float:
    start = time.perf_counter()
    _python(code, environment)
    return time.perf_counter() - start


def import_overhead(environment: dict[str, str], runs: int = 11) -> dict[str, float]:
    handler: list[float] = []
    boto3: list[float] = []
    for _ in range(runs):
        handler.append(float(_python(_TIMED_IMPORT.format(statement=IMPORT_HANDLER), environment)))
        boto3.append(float(_python(_TIMED_IMPORT.format(statement=IMPORT_BOTO3), environment)))
    handler_ms, boto3_ms = statistics.median(handler) * 1000, statistics.median(boto3) * 1000
    return {
        "import_handler_ms": handler_ms,
        "import_boto3_ms": boto3_ms,
        "import_overhead_ms": handler_ms - boto3_ms,
        "runs": runs,
    }


def first_invoke(environment: dict[str, str], arn: str, runs: int = 7) -> dict[str, float]:
    handler: list[float] = []
    boto3: list[float] = []
    for _ in range(runs):
        handler.append(_wall(READ_WITH_HANDLER.format(arn=arn), environment))
        boto3.append(_wall(DESCRIBE_WITH_BOTO3.format(arn=arn), environment))
    handler_s, boto3_s = statistics.median(handler), statistics.median(boto3)
    return {
        "first_read_ms": handler_s * 1000,
        "first_describe_ms": boto3_s * 1000,
        "first_invoke_ratio": handler_s / boto3_s,
        "runs": runs,
    }


def import_profile(environment: dict[str, str], top: int = 12) -> list[dict[str, float]]:
    """The slowest modules of a fresh handler import beyond boto3's own (``-X importtime``)."""
    done = subprocess.run(
        [env.PYTHON, "-X", "importtime", "-c", f"import boto3; {IMPORT_HANDLER}"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    seen_boto3 = False
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        if not cumulative.isdigit():
            continue
        if name == "boto3":
            seen_boto3 = True
            continue
        if seen_boto3 and not name.startswith(" "):
            rows.append({"module": name, "ms": int(cumulative) / 1000})
    return sorted(rows, key=lambda row: -row["ms"])[:top]


if __name__ == "__main__":
    print(json.dumps(import_profile(dict(env.point_at("http://127.0.0.1:1"))), indent=1))
