"""Integration tests: the real Lambda entrypoint (``local.invoke``) against the local SageMaker
over HTTP. Waits are simulated: the fake ``sleep`` handed to ``drive`` moves both the local
SageMaker's clock and the handler's clock, so minutes of Pending/InProgress take no real time."""

import time

import boto3
import pytest
from integration_helpers import GROUP

from local import invoke
from tests.support.clock import Clock


@pytest.fixture(autouse=True)
def _open_questions_answered_permissively(request):
    """These tests update unversioned packages, which is only possible under the permissive
    answer to open questions of the fidelity ledger (row 22). The strict answers (the local
    SageMaker's defaults) are exercised against the provider in tests/integration/test_fidelity.py."""
    if "local_sagemaker" in request.fixturenames:
        request.getfixturevalue("local_sagemaker").control.behave(update_unversioned="allowed")


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
def clock(control):
    with Clock(time.time(), control=control).installed() as simulated:
        yield simulated


@pytest.fixture
def instant(control):
    """Packages Completed and deletions done as soon as they are asked for (for tests about
    something other than waiting)."""
    control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)


@pytest.fixture
def drive(clock):
    """``local.invoke.drive`` with simulated waits."""

    def run(action, properties=None, **event_args):
        event_args.setdefault("sleep", clock.sleep)
        return invoke.drive(action, properties, **event_args)

    return run


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
    sm.create_model_package_group(ModelPackageGroupName=GROUP, Tags=[{"Key": "owner", "Value": "ml-team"}])
    return GROUP
