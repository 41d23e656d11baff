import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import ACCOUNT, client, error_of

from local.sagemaker.control import Control
from local.sagemaker.server import start

ROOT = Path(__file__).resolve().parents[3]


def test_sts_operations(local_sagemaker):
    sts = client(local_sagemaker, "sts")
    assert sts.get_caller_identity()["Account"] == ACCOUNT
    assumed = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="session")
    assert assumed["Credentials"]["AccessKeyId"]
    assert sts.get_session_token()["Credentials"]["SessionToken"]


def test_standard_endpoint_environment_variables(local_sagemaker, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_sagemaker.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", local_sagemaker.url)
    session = boto3.Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1")
    session.client("sagemaker").create_model_package_group(ModelPackageGroupName="via-env")
    assert session.client("sts").get_caller_identity()["Account"] == ACCOUNT


def test_model_package_groups(sm_no_retries, instant):
    arn = sm_no_retries.create_model_package_group(ModelPackageGroupName="g", ModelPackageGroupDescription="d")[
        "ModelPackageGroupArn"
    ]
    assert arn == f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package-group/g"
    assert sm_no_retries.describe_model_package_group(ModelPackageGroupName="g")["ModelPackageGroupDescription"] == "d"
    version = sm_no_retries.create_model_package(ModelPackageGroupName="g")["ModelPackageArn"]
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.delete_model_package_group(ModelPackageGroupName="g")
    assert error_of(excinfo)[0] == "ConflictException"
    sm_no_retries.delete_model_package(ModelPackageName=version)
    sm_no_retries.delete_model_package_group(ModelPackageGroupName="g")
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.describe_model_package_group(ModelPackageGroupName="g")
    assert error_of(excinfo)[0] == "ValidationException"


def test_a_second_server_in_process_shares_the_state():
    with start() as other:
        assert other.port and other.url.startswith("http://127.0.0.1:")
        assert Control(other.url).config()["pending_seconds"] >= 0


def test_foreground_server_with_timing_flags_and_throttling_variables(tmp_path):
    with socket_port() as port:
        pass
    env = {
        **os.environ,
        "LOCAL_SAGEMAKER_RATE_LIMITS": "CreateModelPackage=2/5,DescribeModelPackage=20/40",
        "LOCAL_SAGEMAKER_OUTAGES": "ListModelPackages=3600",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "local.sagemaker.server", "--port", str(port), "--in-progress-seconds", "7"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert "Local SageMaker on" in process.stdout.readline()
        control = Control(f"http://127.0.0.1:{port}")
        assert control.config()["in_progress_seconds"] == 7
        limits = {"CreateModelPackage": {"rate": 2, "burst": 5}, "DescribeModelPackage": {"rate": 20, "burst": 40}}
        assert control.rate_limits() == limits
        assert 3500 < control.outages()["ListModelPackages"] <= 3600
        control.configure(in_progress_seconds=1)
        control.rate_limit("CreateModelPackage", None)
        control.reset()
        assert control.config()["in_progress_seconds"] == 7
        assert control.rate_limits() == limits
    finally:
        process.terminate()
        process.wait(timeout=10)


def socket_port():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return _Closing(sock)


class _Closing:
    def __init__(self, sock):
        self.sock = sock

    def __enter__(self):
        return self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.sock.close()
