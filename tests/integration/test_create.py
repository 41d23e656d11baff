"""CREATE through the real entrypoint: tags, re-invocation, stabilisation, failure, SourceUri."""

import itertools
import time

from local import invoke
from tests.integration.integration_helpers import live_packages, succeeded, writes
from tests.support.templates import inference_spec


def operations(control, name):
    return [call["params"] for call in control.calls() if call["operation"] == name]


def test_stack_tags_on_a_version_are_accepted_and_never_sent(drive, control, sm, group):
    events = drive(
        "CREATE",
        {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()},
        stack_tags={"project": "churn", "cost-center": "42", "aws:cloudformation:stack-name": "s"},
    )
    created = succeeded(events)
    assert created["ModelPackageStatus"] == "Completed"
    creates = operations(control, "CreateModelPackage")
    assert len(creates) == 1 and "Tags" not in creates[0]
    assert operations(control, "AddTags") == []
    assert [op for op, _ in writes(control)] == ["CreateModelPackage"]
    assert live_packages(sm, ModelPackageGroupName=group) == [created["ModelPackageArn"]]


def test_tags_in_the_template_of_a_version_fail_naming_the_property_before_any_call(drive, control, group):
    events = drive(
        "CREATE",
        {
            "ModelPackageGroupName": group,
            "InferenceSpecification": inference_spec(),
            "Tags": [{"Key": "team", "Value": "ml"}],
        },
    )
    assert len(events) == 1
    assert (events[0]["status"], events[0]["errorCode"]) == ("FAILED", "InvalidRequest")
    assert "Tags" in events[0]["message"]
    assert writes(control) == []


def test_both_names_or_neither_fail_invalid_request_without_a_call(drive, control, group):
    both = drive("CREATE", {"ModelPackageName": "p", "ModelPackageGroupName": group})[-1]
    neither = drive("CREATE", {"InferenceSpecification": inference_spec()})[-1]
    for answer in (both, neither):
        assert (answer["status"], answer["errorCode"]) == ("FAILED", "InvalidRequest")
        assert "ModelPackageName" in answer["message"] and "ModelPackageGroupName" in answer["message"]
    assert writes(control) == []


def test_re_invocation_with_the_callback_context_never_creates_twice(server, control, sm, group):
    control.configure(pending_seconds=60, in_progress_seconds=60)
    properties = {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()}
    first = invoke.invoke(invoke.event("CREATE", properties))
    assert first["status"] == "IN_PROGRESS"
    context = first["callbackContext"]
    arn = first["resourceModel"]["ModelPackageArn"]
    assert arn.endswith(f"/{group}/1")
    # CloudFormation calls back with the context, more than once while the package is not ready.
    for _ in range(3):
        again = invoke.invoke(invoke.event("CREATE", properties, callback_context=context))
        assert again["status"] == "IN_PROGRESS"
        assert again["resourceModel"]["ModelPackageArn"] == arn
        context = again["callbackContext"]
    control.advance(120)
    done = invoke.invoke(invoke.event("CREATE", properties, callback_context=context))
    assert done["status"] == "SUCCESS"
    assert done["resourceModel"]["ModelPackageArn"] == arn
    assert live_packages(sm, ModelPackageGroupName=group) == [arn]
    assert len(operations(control, "CreateModelPackage")) == 1


def test_a_create_resent_without_context_after_a_lost_answer_finds_the_same_version(server, control, sm, group):
    properties = {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()}
    first = invoke.invoke(invoke.event("CREATE", properties, request_token="token-a"))
    resent = invoke.invoke(invoke.event("CREATE", properties, request_token="token-a"))
    assert first["resourceModel"]["ModelPackageArn"] == resent["resourceModel"]["ModelPackageArn"]
    assert live_packages(sm, ModelPackageGroupName=group) == [first["resourceModel"]["ModelPackageArn"]]
    tokens = [params["ClientToken"] for params in operations(control, "CreateModelPackage")]
    assert len(tokens) == 2 and tokens[0] == tokens[1]


def test_slow_stabilisation_waits_with_growing_delays_and_takes_no_real_time(drive, control, clock, group):
    control.configure(pending_seconds=20, in_progress_seconds=60)
    started = time.monotonic()
    events = drive("CREATE", {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()})
    assert time.monotonic() - started < sum(clock.slept) / 3  # the waits were simulated, not slept
    waits = events[:-1]
    assert len(waits) >= 5 and all(e["status"] == "IN_PROGRESS" for e in waits)
    delays = [e["callbackDelaySeconds"] for e in waits]
    assert all(later >= earlier for earlier, later in itertools.pairwise(delays)), delays
    assert delays[-1] > delays[0] >= 1, delays
    assert max(delays) <= 60
    # Noticed soon after SageMaker finished: waited at least 80 s, not much more.
    assert 80 <= sum(clock.slept) <= 80 * 1.25, clock.slept
    created = succeeded(events)
    assert created["ModelPackageStatus"] == "Completed"
    assert len(operations(control, "CreateModelPackage")) == 1


def test_a_package_that_ends_failed_fails_not_stabilized_with_the_reasons_and_leaves_nothing(drive, control, sm, group):
    control.configure(pending_seconds=1, in_progress_seconds=3, deleting_seconds=5)
    control.fail_matching(
        f"^{group}$",
        validation_reasons=["Image digest not found in ECR"],
        image_scan_reasons=["Critical CVE-2024-0001 in base image"],
    )
    events = drive("CREATE", {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()})
    assert events[0]["status"] == "IN_PROGRESS"
    last = events[-1]
    assert (last["status"], last["errorCode"]) == ("FAILED", "NotStabilized")
    assert "Image digest not found in ECR" in last["message"]
    assert "Critical CVE-2024-0001 in base image" in last["message"]
    arn = events[0]["resourceModel"]["ModelPackageArn"]
    assert arn in last["message"]
    assert ("DeleteModelPackage", {"ModelPackageName": arn}) in writes(control)
    control.advance(5)
    assert live_packages(sm, ModelPackageGroupName=group) == []
    assert sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"] == []


def test_source_uri_with_an_inference_specification_is_set_after_create(drive, control, sm, group):
    source = "s3://models-bucket/churn/source.tar.gz"
    created = succeeded(
        drive(
            "CREATE", {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec(), "SourceUri": source}
        )
    )
    assert created["SourceUri"] == source
    assert sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["SourceUri"] == source
    (create_call,) = operations(control, "CreateModelPackage")
    assert "SourceUri" not in create_call and "InferenceSpecification" in create_call
    assert operations(control, "UpdateModelPackage") == [
        {"ModelPackageArn": created["ModelPackageArn"], "SourceUri": source}
    ]


def test_approval_description_is_set_with_the_source_uri_in_one_update_after_create(drive, control, sm, group):
    """CreateModelPackage has no ApprovalDescription (botocore's input shape)."""
    source = "s3://models-bucket/churn/source.tar.gz"
    approval = {"ModelApprovalStatus": "Approved", "ApprovalDescription": "reviewed by risk"}
    properties = {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec(), "SourceUri": source}
    created = succeeded(drive("CREATE", {**properties, **approval}))
    assert created["ApprovalDescription"] == "reviewed by risk"
    described = sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])
    assert (described["ApprovalDescription"], described["ModelApprovalStatus"]) == ("reviewed by risk", "Approved")
    (create_call,) = operations(control, "CreateModelPackage")
    assert "ApprovalDescription" not in create_call and create_call["ModelApprovalStatus"] == "Approved"
    assert operations(control, "UpdateModelPackage") == [
        {"ModelPackageArn": created["ModelPackageArn"], "SourceUri": source, "ApprovalDescription": "reviewed by risk"}
    ]


def test_an_unversioned_name_that_exists_fails_already_exists_and_keeps_the_first(drive, control, sm):
    properties = {"ModelPackageName": "taken", "InferenceSpecification": inference_spec()}
    first = succeeded(drive("CREATE", properties, request_token="first-stack"))
    second = drive("CREATE", properties, request_token="second-stack")[-1]
    assert (second["status"], second["errorCode"]) == ("FAILED", "AlreadyExists")
    assert "taken" in second["message"]
    assert live_packages(sm) == [first["ModelPackageArn"]]
    assert [op for op, _ in writes(control)] == ["CreateModelPackage", "CreateModelPackage"]
