"""The Cloud Control API (``local.cloudcontrol``) driving the real entrypoint against the local
SageMaker over HTTP, with its default answers to the fidelity ledger's open questions. Every flow
runs twice: UPDATE with READ's output as the previous state, and with none (what Cloud Control
passes is not documented)."""

import boto3
import pytest
from cloudcontrol_helpers import example

from local import invoke
from local.cloudcontrol import CloudControl


@pytest.fixture
def server(local_sagemaker, monkeypatch):
    """The local SageMaker, with the handler's client pointed at it the standard way; the region
    comes from the request alone."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_sagemaker.url)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    return local_sagemaker


@pytest.fixture
def control(server):
    return server.control


@pytest.fixture(params=[True, False], ids=["previous-state", "no-previous-state"])
def cloud(request, control):
    """Cloud Control, waiting on the local SageMaker's simulated clock."""
    return CloudControl(control.advance, previous_state=request.param)


@pytest.fixture
def sm(server):
    return boto3.client(
        "sagemaker",
        endpoint_url=server.url,
        region_name=invoke.REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def group(sm):
    """The group examples/cloudcontrol/version.json names, by its name (awscc applies no
    propertyTransform, so the name is what READ answers and what the desired state must hold)."""
    name = example("version.json")["ModelPackageGroupName"]
    sm.create_model_package_group(ModelPackageGroupName=name)
    return name
