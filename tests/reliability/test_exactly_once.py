"""Exactly-once create: the answer of a create is lost, or the function is stopped right after
CreateModelPackage; CloudFormation calls again with the same clientRequestToken and no callback
context. Exactly one package (or one version) results, for both kinds."""

import time

import pytest
from reliability_support import FIGURES, GROUP, drive, packages, unversioned, versioned

from aws_sagemaker_modelpackage import client as clients
from local import invoke

TOKEN = "22222222-0000-4000-8000-000000000002"
KINDS = {
    "unversioned": unversioned("once", Tags=[{"Key": "team", "Value": "ml"}]),
    "unversioned-with-client-token": unversioned("once", ClientToken="my-token-1"),
    "versioned": versioned(ModelApprovalStatus="Approved"),
    "versioned-with-source-uri": versioned(SourceUri="s3://models/source"),
}


class FunctionTimedOut(BaseException):
    """What Lambda does to a function past its timeout: it stops, and nothing is answered."""


@pytest.fixture
def group(sm):
    sm.create_model_package_group(ModelPackageGroupName=GROUP)


def _exactly_one(sm, final, properties):
    assert final["status"] == "SUCCESS", final
    found = packages(sm)
    assert len(found) == 1, found
    assert found[0]["ModelPackageArn"] == final["resourceModel"]["ModelPackageArn"]
    if "ModelPackageGroupName" in properties:
        assert found[0]["ModelPackageVersion"] == 1
    return found[0]


@pytest.mark.parametrize("kind", list(KINDS))
def test_lost_answer_of_a_finished_create(instant, sm, group, kind):
    properties = KINDS[kind]
    first = drive(instant, "CREATE", properties, request_token=TOKEN)[-1]
    assert first["status"] == "SUCCESS"

    again = drive(instant, "CREATE", properties, request_token=TOKEN)  # the answer never arrived

    assert _exactly_one(sm, again[-1], properties)["ModelPackageArn"] == first["resourceModel"]["ModelPackageArn"]
    FIGURES["exactly_once"][f"lost answer, finished create: exactly one ({kind})"] += 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_lost_answer_while_stabilising(server, sm, group, kind):
    properties = KINDS[kind]
    first = invoke.invoke(invoke.event("CREATE", properties, request_token=TOKEN))
    assert first["status"] == "IN_PROGRESS", first  # Pending: CloudFormation would call back

    again = drive(server, "CREATE", properties, request_token=TOKEN)  # ... but the answer was lost

    _exactly_one(sm, again[-1], properties)
    FIGURES["exactly_once"][f"lost answer while stabilising: exactly one ({kind})"] += 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_function_stopped_right_after_create_model_package(instant, sm, group, kind, monkeypatch):
    properties = KINDS[kind]
    made = clients.sagemaker
    armed = [True]

    def stopping_client(*args, **kwargs):
        sagemaker = made(*args, **kwargs)

        def stop(**_):
            if armed.pop() if armed else False:  # the first invocation only
                raise FunctionTimedOut()

        sagemaker.meta.events.register("after-call.sagemaker.CreateModelPackage", stop)
        return sagemaker

    monkeypatch.setattr(clients, "sagemaker", stopping_client)
    invoke.invoke(invoke.event("CREATE", properties, request_token=TOKEN))  # its answer never reaches CloudFormation
    assert instant.control.operations().count("CreateModelPackage") == 1
    assert len(packages(sm)) == 1
    monkeypatch.setattr(clients, "sagemaker", made)

    again = drive(instant, "CREATE", properties, request_token=TOKEN)

    _exactly_one(sm, again[-1], properties)
    FIGURES["exactly_once"][f"stopped right after CreateModelPackage: exactly one ({kind})"] += 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_create_model_package_answer_times_out_on_every_attempt(instant, sm, group, kind):
    properties = KINDS[kind]
    instant.control.stall("CreateModelPackage", 1.0, times=2)  # SageMaker creates, the client hears nothing

    def sleep(seconds):  # CloudFormation calls back after the delay; the stalled answers are out by then
        time.sleep(1.2)
        instant.control.advance(seconds)

    events = invoke.drive("CREATE", properties, request_token=TOKEN, sleep=sleep, max_invocations=20)

    assert any(e["status"] == "IN_PROGRESS" for e in events)
    _exactly_one(sm, events[-1], properties)
    FIGURES["exactly_once"][f"read timeout on every attempt of CreateModelPackage: exactly one ({kind})"] += 1
