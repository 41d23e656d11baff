"""``make calibrate`` (local/calibrate.py): silent and offline without credentials; against the local
SageMaker posing as the real one, every probe runs, everything is cleaned up and no row differs."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from local import calibrate

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def no_aws_configuration(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))


def test_without_credentials_it_says_what_it_needs_and_calls_nothing(no_aws_configuration, monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise AssertionError(f"network call attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert calibrate.main([]) == 0
    assert "needs credentials" in capsys.readouterr().out


def test_without_a_region_it_says_what_it_needs(no_aws_configuration, monkeypatch, capsys):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    assert calibrate.main([]) == 0
    assert "a region" in capsys.readouterr().out


def test_the_make_target_exits_0_without_credentials(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AWS_CONFIG_FILE": str(tmp_path / "none")}
    done = subprocess.run(
        [sys.executable, "-m", "local.calibrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "Nothing was called" in done.stdout


@pytest.mark.parametrize("workload", [None, "arn:aws:iam::222222222222:role/calibrate"], ids=["one-account", "two"])
def test_against_the_local_sagemaker_no_row_differs_and_nothing_is_left(local_sagemaker, monkeypatch, capsys, workload):
    local_sagemaker.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_sagemaker.url)
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", local_sagemaker.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    role = ["--workload-role-arn", workload] if workload else []
    assert calibrate.main(["--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1", *role]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"0 difference(s) out of {len(calibrate.PROBES)} rows", "\n".join(lines)
    assert not any("probe failed" in line for line in lines)
    (row_54,) = [line for line in lines if line.startswith("  54 ")]
    assert row_54.split()[-2:] == (["does-not-exist"] * 2 if workload else ["skipped"] * 2), row_54
    sm = boto3.client("sagemaker", endpoint_url=local_sagemaker.url, region_name="us-east-1")
    assert sm.list_model_package_groups()["ModelPackageGroupSummaryList"] == []
    local_sagemaker.control.advance(60)
    assert sm.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"] == []


def test_a_differing_open_question_names_the_setting_that_reproduces_it():
    local = {20: "resource-in-use", 27: "refused:ValidationException"}
    real = {20: "validation", 27: "allowed"}
    lines = calibrate.report(real, local)
    (row_20,) = [line for line in lines if line.startswith("  20 ")]
    (row_27,) = [line for line in lines if line.startswith("  27 ")]
    assert row_20.endswith("<- differs; set LOCAL_SAGEMAKER_DUPLICATE_NAME=validation")
    assert row_27.endswith("<- differs")
    assert lines[-1] == f"2 difference(s) out of {len(calibrate.PROBES)} rows"
