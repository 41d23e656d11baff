"""Process set-up shared by the benchmarks: the handler package on the path, a running local
SageMaker, and the environment the handler's boto3 client uses to reach it."""

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PYTHON = sys.executable

for _path in (str(ROOT), str(SRC)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

REGION = "us-east-1"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIALOCALEXAMPLE0000",
    "AWS_SECRET_ACCESS_KEY": "local-secret-key",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def point_at(url: str) -> dict[str, str]:
    """Environment for this process (and the fresh ones it starts) to use the local SageMaker, and
    the CloudWatch Logs and CloudWatch it serves as well (log delivery, metrics)."""
    services = ("SAGEMAKER", "STS", "CLOUDWATCH_LOGS", "CLOUDWATCH")
    env = {**FAKE_ENV, **{f"AWS_ENDPOINT_URL_{service}": url for service in services}}
    os.environ.update(env)
    return {**os.environ, **env, "PYTHONPATH": os.pathsep.join([str(SRC), str(ROOT)])}


def sagemaker(url: str) -> Any:
    return client("sagemaker", url)


def client(service: str, url: str) -> Any:
    """A client of ``service`` at the local server ``url`` (it serves CloudWatch Logs too)."""
    import boto3

    return boto3.client(service, endpoint_url=url, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
