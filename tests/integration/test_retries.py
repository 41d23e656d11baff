"""Retries by time, through the real entrypoint against the local SageMaker's throttle (outages,
token buckets) and its ``concurrent_create`` switch (ledger row 46, open), on the simulated
clock that both sides share: throttling for minutes still ends with one package per resource,
an exhausted budget fails saying for how long, and a throttled clean-up still deletes."""

import pytest

from aws_sagemaker_modelpackage import retries
from tests.integration.integration_helpers import live_packages, succeeded
from tests.support.templates import GROUP, unversioned, versioned


def answered_creates(control):
    """The CreateModelPackage calls SageMaker answered (not the throttled ones)."""
    return [c for c in control.calls() if c["operation"] == "CreateModelPackage" and not c.get("fault")]


def test_a_create_outage_of_150_s_ends_success_with_one_package(drive, control, sm, clock, instant):
    """Longer than botocore's retries and than the old policy's 62 s of hand-backs."""
    control.outage("CreateModelPackage", 150)

    events = drive("CREATE", unversioned("throttled"))

    created = succeeded(events)
    assert sum(clock.slept) >= 150
    assert len(answered_creates(control)) == 1
    assert live_packages(sm) == [created["ModelPackageArn"]]
    tokens = {c["params"].get("ClientToken") for c in control.calls() if c["operation"] == "CreateModelPackage"}
    assert len(tokens) == 1  # every attempt, throttled or not, carried the same ClientToken
    throttled = [c for c in control.calls() if c["operation"] == "CreateModelPackage" and c.get("fault")]
    handed_back = [e for e in events if e["status"] == "IN_PROGRESS"]  # every invocation but the one that created
    assert len(throttled) == len(handed_back) > 1  # one throttled call per invocation: botocore does not retry it


def test_an_outage_longer_than_the_budget_fails_throttling_saying_for_how_long(drive, control, sm, clock, instant):
    control.outage("CreateModelPackage", retries.RETRY_BUDGET_SECONDS + 600)

    events = drive("CREATE", unversioned("throttled"))

    last = events[-1]
    assert (last["status"], last["errorCode"]) == ("FAILED", "Throttling")
    assert "Rate exceeded (still failing after 30 min of retries)" in last["message"]
    assert sum(clock.slept) == retries.RETRY_BUDGET_SECONDS
    assert max(event.get("callbackDelaySeconds") or 0 for event in events) <= retries.DEFAULT.transient.cap
    assert live_packages(sm) == []


def test_a_throttled_clean_up_still_deletes_the_package(drive, control, sm, clock, instant, group):
    """The update after create is refused for good, then the clean-up's delete meets an outage:
    it is handed back until the delete goes through, and the create fails with its own reason."""
    control.inject("UpdateModelPackage", "AccessDeniedException", 400, "not authorized to update", times=1)
    control.outage("DeleteModelPackage", 90)

    events = drive("CREATE", versioned(ApprovalDescription="reviewed"))

    last = events[-1]
    assert (last["status"], last["errorCode"]) == ("FAILED", "AccessDenied")
    assert "not authorized to update" in last["message"] and "delete it by hand" not in last["message"]
    assert [e["status"] for e in events[:-1]] == ["IN_PROGRESS"] * (len(events) - 1) and len(events) > 2
    assert live_packages(sm, ModelPackageGroupName=GROUP) == []


@pytest.mark.parametrize("answer", ["conflict", "serialised"])
def test_concurrent_creates_into_one_group_make_one_version_each_under_either_answer(
    drive, control, sm, clock, instant, group, answer
):
    """Row 46: SageMaker may refuse a create into a group while another is in flight
    (ConflictException), or serialise them. Either way each resource makes one version."""
    control.behave(concurrent_create=answer)
    control.configure(concurrent_create_seconds=5)

    first = drive("CREATE", versioned(), request_token="first")
    second = drive("CREATE", versioned(), request_token="second")

    arns = [succeeded(first)["ModelPackageArn"], succeeded(second)["ModelPackageArn"]]
    assert len(set(arns)) == 2
    assert sorted(live_packages(sm, ModelPackageGroupName=GROUP)) == sorted(arns)
    # one CreateModelPackage per invocation: the second resource's conflicts were handed back
    assert len(answered_creates(control)) == len(first) + len(second)
    assert len(first) == 1 and (len(second) > 1) == (answer == "conflict")


def test_creates_under_a_token_bucket_each_make_one_package(drive, control, sm, clock, instant):
    """Five creates against 1 call per second with no burst to spare, one after another within
    one simulated second: the throttled ones are handed back, and each makes one package."""
    control.rate_limit("CreateModelPackage", 1, 1)

    results = [drive("CREATE", unversioned(f"bucket-{n}"), request_token=f"bucket-{n}") for n in range(5)]

    arns = sorted(succeeded(events)["ModelPackageArn"] for events in results)
    assert len(set(arns)) == 5
    assert sorted(live_packages(sm)) == arns
    assert len(answered_creates(control)) == 5
