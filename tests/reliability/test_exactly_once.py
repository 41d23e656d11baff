"""Exactly-once create: the answer of a create is lost, or the function is stopped right after
CreateModelPackage; CloudFormation calls again with the same clientRequestToken and no callback
context. Exactly one package (or one version) results, for both kinds."""

import pytest

from aws_sagemaker_modelpackage import client as clients
from local import invoke
from tests.reliability.reliability_support import SHORT_READ_TIMEOUT_SECONDS, drive
from tests.support.sagemaker import packages
from tests.support.templates import unversioned, versioned

TOKEN = "22222222-0000-4000-8000-000000000002"
KINDS = {
    "unversioned": unversioned("once", Tags=[{"Key": "team", "Value": "ml"}]),
    "unversioned-with-client-token": unversioned("once", ClientToken="my-token-1"),
    "versioned": versioned(ModelApprovalStatus="Approved"),
    "versioned-with-source-uri": versioned(SourceUri="s3://models/source"),
}


class FunctionTimedOut(BaseException):
    """What Lambda does to a function past its timeout: it stops, and nothing is answered."""


def _exactly_one(sm, final, properties):
    assert final["status"] == "SUCCESS", final
    found = packages(sm)
    assert len(found) == 1, found
    assert found[0]["ModelPackageArn"] == final["resourceModel"]["ModelPackageArn"]
    if "ModelPackageGroupName" in properties:
        assert found[0]["ModelPackageVersion"] == 1
    return found[0]


@pytest.mark.parametrize("kind", list(KINDS))
def test_lost_answer_of_a_finished_create(instant, sm, group, kind, record_property):
    properties = KINDS[kind]
    first = drive(instant, "CREATE", properties, request_token=TOKEN)[-1]
    assert first["status"] == "SUCCESS"

    again = drive(instant, "CREATE", properties, request_token=TOKEN)  # the answer never arrived

    assert _exactly_one(sm, again[-1], properties)["ModelPackageArn"] == first["resourceModel"]["ModelPackageArn"]
    record_property("exactly_once", f"lost answer, finished create: exactly one ({kind})")


@pytest.mark.parametrize("kind", list(KINDS))
def test_lost_answer_while_stabilising(server, sm, group, kind, record_property):
    properties = KINDS[kind]
    first = invoke.invoke(invoke.event("CREATE", properties, request_token=TOKEN))
    assert first["status"] == "IN_PROGRESS", first  # Pending: CloudFormation would call back

    again = drive(server, "CREATE", properties, request_token=TOKEN)  # ... but the answer was lost

    _exactly_one(sm, again[-1], properties)
    record_property("exactly_once", f"lost answer while stabilising: exactly one ({kind})")


AFTER_CREATE = "after-call.sagemaker.CreateModelPackage"


@pytest.fixture
def stopped_after_first_create(monkeypatch):
    """The function stops right after its first CreateModelPackage answer arrives. The handler's
    clients are cached across tests (client.py), so the hook is taken off them afterwards."""
    made, hooked, armed = clients.sagemaker, [], [True]

    def stop(**_):
        if armed:
            armed.pop()
            raise FunctionTimedOut()

    def stopping_client(*args, **kwargs):
        sagemaker = made(*args, **kwargs)
        sagemaker.meta.events.register(AFTER_CREATE, stop, unique_id=AFTER_CREATE)
        hooked.append(sagemaker)
        return sagemaker

    monkeypatch.setattr(clients, "sagemaker", stopping_client)
    yield
    for sagemaker in hooked:
        sagemaker.meta.events.unregister(AFTER_CREATE, unique_id=AFTER_CREATE)


@pytest.mark.parametrize("kind", list(KINDS))
def test_function_stopped_right_after_create_model_package(
    instant, sm, group, kind, stopped_after_first_create, record_property
):
    properties = KINDS[kind]
    invoke.invoke(invoke.event("CREATE", properties, request_token=TOKEN))  # its answer never reaches CloudFormation
    assert instant.control.operations().count("CreateModelPackage") == 1
    assert len(packages(sm)) == 1

    again = drive(instant, "CREATE", properties, request_token=TOKEN)

    _exactly_one(sm, again[-1], properties)
    record_property("exactly_once", f"stopped right after CreateModelPackage: exactly one ({kind})")


@pytest.mark.parametrize("kind", list(KINDS))
def test_create_model_package_answer_times_out_on_every_attempt(instant, sm, group, kind, record_property, monkeypatch):
    properties = KINDS[kind]
    # Each held answer costs the read timeout in real time; one slow by chance is one more lost answer.
    monkeypatch.setenv(clients.READ_TIMEOUT_VARIABLE, SHORT_READ_TIMEOUT_SECONDS)
    # SageMaker creates only once CloudFormation's wait has begun; the client hears nothing.
    instant.control.stall("CreateModelPackage", 1.0, times=2)

    events = drive(instant, "CREATE", properties, request_token=TOKEN, max_invocations=20)

    assert any(e["status"] == "IN_PROGRESS" for e in events)
    _exactly_one(sm, events[-1], properties)
    record_property("exactly_once", f"read timeout on every attempt of CreateModelPackage: exactly one ({kind})")
