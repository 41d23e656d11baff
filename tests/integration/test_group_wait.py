"""CREATE of a version whose group does not exist yet, through the real entrypoint against the
local SageMaker. A template that names the group by a plain string has no dependency between
the group and the version, so CloudFormation may create both at once: the handler waits for the
group (``retries.DEFAULT.group_wait.budget`` from the first refusal, on the simulated clock)."""

import pytest

from aws_sagemaker_modelpackage import retries
from local import invoke
from tests.integration.integration_helpers import live_packages, succeeded, writes
from tests.support.templates import GROUP, inference_spec, versioned

GROUP_ARN = f"arn:aws:sagemaker:{invoke.REGION}:{invoke.ACCOUNT}:model-package-group/{GROUP}"


def creates(control):
    return [op for op, _ in writes(control) if op == "CreateModelPackage"]


def create_group_at_invocation(sm, number):
    """An ``on_event`` for ``drive`` creating the group after the handler's ``number``-th answer,
    as CloudFormation's parallel creation of the group would, between two invocations."""

    def on_event(invocation, _):
        if invocation == number:
            sm.create_model_package_group(ModelPackageGroupName=GROUP)

    return on_event


@pytest.mark.parametrize("group", [GROUP, GROUP_ARN], ids=["name", "arn"])
def test_group_created_during_the_wait_gives_one_version(drive, control, sm, clock, instant, group):
    events = drive("CREATE", versioned(group), on_event=create_group_at_invocation(sm, 3))

    created = succeeded(events)
    assert [e["status"] for e in events] == ["IN_PROGRESS"] * 3 + ["SUCCESS"]
    assert [e["callbackDelaySeconds"] for e in events[:3]] == [2, 2, 4]
    assert creates(control) == ["CreateModelPackage"] * 4  # one attempt per invocation
    assert [op for op, _ in writes(control)] == ["CreateModelPackage"] * 4  # no delete: nothing was left over
    assert live_packages(sm, ModelPackageGroupName=GROUP) == [created["ModelPackageArn"]]
    assert created["ModelPackageArn"].endswith(f"/{GROUP}/1")
    tokens = {call["params"]["ClientToken"] for call in control.calls() if call["operation"] == "CreateModelPackage"}
    assert len(tokens) == 1


@pytest.mark.parametrize("group", [GROUP, GROUP_ARN], ids=["name", "arn"])
def test_group_that_never_appears_fails_invalid_request_with_ordering_advice(drive, control, sm, clock, group):
    events = drive("CREATE", versioned(group))

    final = events[-1]
    assert (final["status"], final["errorCode"]) == ("FAILED", "InvalidRequest")
    assert sum(clock.slept) == retries.DEFAULT.group_wait.budget  # the last attempt was at the bound, on the fake clock
    assert all(e["status"] == "IN_PROGRESS" for e in events[:-1])
    for advice in (f"{group} was still not found", "DependsOn", "node.add_dependency", "!Ref Group"):
        assert advice in final["message"], final["message"]
    assert [op for op, _ in writes(control)] == ["CreateModelPackage"] * len(events)
    assert live_packages(sm) == []


def test_re_invocation_in_the_middle_of_the_wait_keeps_its_start_and_creates_once(control, sm, clock, instant):
    properties = versioned(GROUP)
    first = invoke.invoke(invoke.event("CREATE", properties))
    assert first["status"] == "IN_PROGRESS"
    started = first["callbackContext"]["retrying"]["create_package/group"]
    clock.sleep(first["callbackDelaySeconds"])
    second = invoke.invoke(invoke.event("CREATE", properties, callback_context=first["callbackContext"]))
    # CloudFormation calls again with the same context (its first call back got no answer).
    clock.sleep(30)
    again = invoke.invoke(invoke.event("CREATE", properties, callback_context=first["callbackContext"]))
    assert (second["status"], again["status"]) == ("IN_PROGRESS", "IN_PROGRESS")
    assert (
        second["callbackContext"]["retrying"]["create_package/group"]
        == again["callbackContext"]["retrying"]["create_package/group"]
        == started
    )
    assert again["callbackDelaySeconds"] == 15  # as long again as waited since the first refusal, at most 15 s

    sm.create_model_package_group(ModelPackageGroupName=GROUP)
    done = invoke.invoke(invoke.event("CREATE", properties, callback_context=again["callbackContext"]))

    created = succeeded([done])
    assert live_packages(sm, ModelPackageGroupName=GROUP) == [created["ModelPackageArn"]]
    assert creates(control) == ["CreateModelPackage"] * 4


def test_the_bound_counts_from_the_first_refusal_not_from_a_re_invocation(control, sm, clock):
    properties = versioned(GROUP)
    first = invoke.invoke(invoke.event("CREATE", properties))
    clock.sleep(retries.DEFAULT.group_wait.budget - 1)
    late = invoke.invoke(invoke.event("CREATE", properties, callback_context=first["callbackContext"]))
    assert (late["status"], late["callbackDelaySeconds"]) == ("IN_PROGRESS", 1)
    clock.sleep(late["callbackDelaySeconds"])

    final = invoke.invoke(invoke.event("CREATE", properties, callback_context=late["callbackContext"]))

    assert (final["status"], final["errorCode"]) == ("FAILED", "InvalidRequest")
    assert "still not found after 120 s" in final["message"]
    assert live_packages(sm) == []


def test_another_refusal_while_the_group_is_missing_fails_at_once(drive, control, sm, clock):
    """A refusal that is not about the group is not waited on, even while the group is missing."""
    control.inject("CreateModelPackage", "ValidationException", 400, "Invalid ModelApprovalStatus: Approvd")

    events = drive("CREATE", versioned(GROUP))

    assert [(e["status"], e.get("errorCode")) for e in events] == [("FAILED", "InvalidRequest")]
    assert "ModelApprovalStatus" in events[0]["message"] and "DependsOn" not in events[0]["message"]
    assert creates(control) == ["CreateModelPackage"]
    assert live_packages(sm) == []


def test_something_else_that_does_not_exist_is_not_waited_on(drive, control, sm, clock, group):
    image = inference_spec()["Containers"][0]["Image"]
    control.inject("CreateModelPackage", "ValidationException", 400, f"Image {image} does not exist.")

    events = drive("CREATE", versioned(group))

    assert [(e["status"], e.get("errorCode")) for e in events] == [("FAILED", "InvalidRequest")]
    assert "does not exist" in events[0]["message"] and "DependsOn" not in events[0]["message"]
    assert creates(control) == ["CreateModelPackage"]
    assert live_packages(sm) == []
