"""Integration tests: the real Lambda entrypoint (``local.invoke``) against the local SageMaker
over HTTP. Waits are simulated: the fake ``sleep`` handed to ``drive`` moves both the local
SageMaker's clock and the handler's clock, so minutes of Pending/InProgress take no real time."""

import types

import boto3
import pytest

from local import invoke

import aws_sagemaker_modelpackage.chain as chain_module

GROUP = "churn-models"
IMAGE = f"{invoke.ACCOUNT}.dkr.ecr.{invoke.REGION}.amazonaws.com/xgboost:1"
MODEL_DATA = "s3://models-bucket/churn/model.tar.gz"
WRITES = ("Create", "Update", "Delete", "AddTags", "DeleteTags")


def inference_spec(content_type="text/csv"):
    return {
        "Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL_DATA}],
        "SupportedContentTypes": [content_type],
        "SupportedResponseMIMETypes": [content_type],
    }


def additional_spec(name, content_type="application/json"):
    return {"Name": name, **inference_spec(content_type)}


class Clock:
    """The time both sides see: real time at the start, then moved only by ``sleep``."""

    def __init__(self, control, start):
        self.control = control
        self.now = start
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds
        if seconds:
            self.control.advance(seconds)


@pytest.fixture
def server(local_sagemaker, monkeypatch):
    """The local SageMaker, with the handler's client pointed at it the standard way."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_sagemaker.url)
    # The region comes from the request alone, not from the process environment.
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    return local_sagemaker


@pytest.fixture
def control(server):
    return server.control


@pytest.fixture
def clock(control, monkeypatch):
    import time  # pylint: disable=import-outside-toplevel
    fake = Clock(control, time.time())
    monkeypatch.setattr(chain_module, "time", types.SimpleNamespace(time=fake.time))
    return fake


@pytest.fixture
def drive(clock):
    """``local.invoke.drive`` with simulated waits."""
    def run(action, properties=None, **event_args):
        event_args.setdefault("sleep", clock.sleep)
        return invoke.drive(action, properties, **event_args)
    return run


@pytest.fixture
def sm(server):
    return boto3.client("sagemaker", endpoint_url=server.url, region_name=invoke.REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def group(sm):
    sm.create_model_package_group(ModelPackageGroupName=GROUP, Tags=[{"Key": "owner", "Value": "ml-team"}])
    return GROUP


def final(events):
    return events[-1]


def succeeded(events):
    last = events[-1]
    assert last["status"] == "SUCCESS", (last.get("errorCode"), last.get("message"))
    return last.get("resourceModel")


def writes(control):
    """The write calls SageMaker received, in order (operation, params)."""
    return [(call["operation"], call["params"]) for call in control.calls()
            if call["operation"].startswith(WRITES) and call["operation"] != "CreateModelPackageGroup"]


def tags_of(model):
    return {tag["Key"]: tag["Value"] for tag in model.get("Tags") or ()}


def live_packages(sm, **filters):
    """ARNs SageMaker lists (both kinds unless filtered), not counting packages being deleted."""
    filters = filters or {"ModelPackageType": "Both"}
    summaries = sm.list_model_packages(**filters)["ModelPackageSummaryList"]
    return [s["ModelPackageArn"] for s in summaries if s["ModelPackageStatus"] != "Deleting"]
