"""UPDATE as callers other than a forward stack update make it, with exact SageMaker sequences:
- without a previous state (Cloud Control may pass none): the package as described is the
  previous state, so only what differs from it is sent;
- with a stale previous state: a refusal the package's state explains is followed by a plan
  made again against the package;
- a rollback (``"rollback": true``): what SageMaker cannot undo is kept, one log line each,
  and the update succeeds; the same update without the flag still fails before any write."""

import copy
import logging

import pytest
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage.flags import RequestFlags
from aws_sagemaker_modelpackage.handlers import update_handler
from tests.support.templates import spec, tags, unversioned, versioned
from tests.unit.stubbing import ARN, VERSION_ARN, description, model, request, version_description

DIGEST = "sha256:" + "b" * 64
VERSION = {"ModelPackageName": VERSION_ARN}
ROLLBACK = RequestFlags(rollback=True)


def with_digest(answer):
    """A description as SageMaker gives it: the image digest filled in (row 42)."""
    answer["InferenceSpecification"]["Containers"][0]["ImageDigest"] = DIGEST
    return answer


def expect_the_approval_alone(api):
    """UpdateModelPackage with the approval and nothing else, then the describe that finds it."""
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"},
    )
    api.respond("describe_model_package", with_digest(version_description(ModelApprovalStatus="Approved")), VERSION)


def flagged(built, flags):
    built.flags = flags
    return built


# --- without a previous state ----------------------------------------------------------


def test_without_a_previous_state_only_what_differs_from_the_package_is_sent(api):
    """Cloud Control: READ's output with a patch. The inference specification the package has
    (with its digest) is not sent again, which SageMaker would refuse once it has one (row 25)."""
    desired = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="Approved")
    api.respond("describe_model_package", with_digest(version_description()), VERSION)
    expect_the_approval_alone(api)

    event = update_handler(api.session, request(desired, None), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["ModelApprovalStatus"] == "Approved"


def test_without_a_previous_state_a_tag_change_of_an_unversioned_package_makes_only_tag_calls(api):
    """No UpdateModelPackage: SageMaker may refuse it on an unversioned package (row 22)."""
    desired = unversioned(ModelPackageArn=ARN, Tags=tags(team="risk", tier="gold"))
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(team="risk", old="x")}, {"ResourceArn": ARN})
    api.respond("delete_tags", {}, {"ResourceArn": ARN, "TagKeys": ["old"]})
    api.respond("add_tags", {"Tags": []}, {"ResourceArn": ARN, "Tags": tags(tier="gold")})
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(team="risk", tier="gold")}, {"ResourceArn": ARN})

    event = update_handler(api.session, request(desired, None), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == tags(team="risk", tier="gold")


def test_without_a_previous_state_metadata_keys_the_package_has_and_the_desired_state_lacks_are_removed(api):
    desired = versioned(ModelPackageArn=VERSION_ARN, CustomerMetadataProperties={"a": "1"})
    on_package = with_digest(version_description(CustomerMetadataProperties={"a": "1", "b": "2"}))
    api.respond("describe_model_package", on_package, VERSION)
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "CustomerMetadataPropertiesToRemove": ["b"]},
    )
    api.respond(
        "describe_model_package", with_digest(version_description(CustomerMetadataProperties={"a": "1"})), VERSION
    )

    event = update_handler(api.session, request(desired, None), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_without_a_previous_state_nothing_changed_makes_no_write(api):
    on_package = with_digest(version_description(AdditionalInferenceSpecifications=[spec("a")]))
    desired = versioned(ModelPackageArn=VERSION_ARN, AdditionalInferenceSpecificationsToAdd=[spec("a")])
    api.respond("describe_model_package", on_package, VERSION)
    api.respond("describe_model_package", on_package, VERSION)

    event = update_handler(api.session, request(desired, None), {})

    assert event.status is OperationStatus.SUCCESS, event.message


# --- a stale previous state ------------------------------------------------------------


def test_a_refusal_a_stale_previous_state_explains_is_followed_by_a_plan_against_the_package(api):
    """The previous state says the package has no inference specification; it has this one."""
    before = versioned(ModelPackageArn=VERSION_ARN)
    del before["InferenceSpecification"]
    after = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="Approved")
    api.fail(
        "update_model_package",
        "ValidationException",
        "InferenceSpecification cannot be changed once the model package has one.",
        {
            "ModelPackageArn": VERSION_ARN,
            "InferenceSpecification": after["InferenceSpecification"],
            "ModelApprovalStatus": "Approved",
        },
    )
    api.respond("describe_model_package", with_digest(version_description()), VERSION)
    expect_the_approval_alone(api)

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_a_refusal_the_package_does_not_explain_stands_after_the_plan_against_it(api):
    before = versioned(ModelPackageArn=VERSION_ARN)
    after = versioned(ModelPackageArn=VERSION_ARN)
    after["InferenceSpecification"]["Containers"][0]["Image"] += "-new"
    refused = {"ModelPackageArn": VERSION_ARN, "InferenceSpecification": after["InferenceSpecification"]}
    api.fail(
        "update_model_package",
        "ValidationException",
        "InferenceSpecification cannot be changed once the model package has one.",
        refused,
    )
    api.respond("describe_model_package", with_digest(version_description()), VERSION)

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "cannot be changed once the model package has one" in event.message


# --- rollbacks -------------------------------------------------------------------------

CARD_BEFORE = {"ModelCardContent": '{"v": 1}', "ModelCardStatus": "Draft"}
CARD_ARCHIVED = {"ModelCardContent": '{"v": 2}', "ModelCardStatus": "Archived"}

# Each forward update the provider accepts whose undoing its rules refuse: (the old template's
# extra properties, the failed update's, what the package then holds, the kept line's start).
REFUSED_UNDOS = {
    "specification-added-to-the-list": (
        {"AdditionalInferenceSpecifications": [spec("a")]},
        {"AdditionalInferenceSpecifications": [spec("a"), spec("b")]},
        {"AdditionalInferenceSpecifications": [spec("a"), spec("b")]},
        "AdditionalInferenceSpecifications b: kept",
    ),
    "model-card-archived": (
        {"ModelCard": CARD_BEFORE},
        {"ModelCard": CARD_ARCHIVED},
        {"ModelCard": CARD_ARCHIVED},
        "ModelCard: kept Archived",
    ),
}


@pytest.mark.parametrize("kind", REFUSED_UNDOS)
def test_without_the_rollback_flag_the_undo_fails_invalid_request_before_any_call(api, kind):
    old, new, _, _ = REFUSED_UNDOS[kind]
    event = update_handler(
        api.session,
        request(versioned(ModelPackageArn=VERSION_ARN, **old), versioned(ModelPackageArn=VERSION_ARN, **new)),
        {},
    )

    assert event.errorCode is HandlerErrorCode.InvalidRequest, event.message
    assert api.session.clients_made == []


# Undone without a refusal (the old template does not name the specifications), but kept all the same.
KEPT_UNDOS = {
    **REFUSED_UNDOS,
    "specification-added-with-to-add": (
        {},
        {"AdditionalInferenceSpecificationsToAdd": [spec("b")]},
        {"AdditionalInferenceSpecifications": [spec("b")]},
        "AdditionalInferenceSpecifications b: kept",
    ),
}


@pytest.mark.parametrize("kind", KEPT_UNDOS)
def test_a_rollback_keeps_what_sagemaker_cannot_undo_and_succeeds(api, caplog, kind):
    old, new, held, kept = KEPT_UNDOS[kind]
    on_package = with_digest(version_description(**held))
    api.respond("describe_model_package", on_package, VERSION)
    api.respond("describe_model_package", on_package, VERSION)
    rollback = request(versioned(ModelPackageArn=VERSION_ARN, **old), versioned(ModelPackageArn=VERSION_ARN, **new))

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        event = update_handler(api.session, flagged(rollback, ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    lines = [r.getMessage() for r in caplog.records if ": rollback: " in r.getMessage()]
    assert len(lines) == 1 and lines[0].split(": rollback: ")[1].startswith(kept), lines
    assert all(model(event)[name] == value for name, value in held.items())  # READ's truth: the leftover shows


def test_a_rollback_undoes_what_sagemaker_can_and_logs_each_value_it_cannot_unset(api, caplog):
    """The failed update approved the version, added a metadata key, set an approval description
    and a source; the old template has none of them. Approval and metadata are undone; the
    description and the source stay (SageMaker cannot unset them)."""
    old = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="PendingManualApproval")
    new = versioned(
        ModelPackageArn=VERSION_ARN,
        ModelApprovalStatus="Approved",
        ApprovalDescription="ok",
        SourceUri="s3://b/src",
        CustomerMetadataProperties={"k": "v"},
    )
    held = {key: new[key] for key in ("ModelApprovalStatus", "ApprovalDescription", "SourceUri")}
    api.respond(
        "describe_model_package",
        with_digest(version_description(**held, CustomerMetadataProperties={"k": "v"})),
        VERSION,
    )
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {
            "ModelPackageArn": VERSION_ARN,
            "ModelApprovalStatus": "PendingManualApproval",
            "CustomerMetadataPropertiesToRemove": ["k"],
        },
    )
    undone = {**held, "ModelApprovalStatus": "PendingManualApproval"}
    api.respond("describe_model_package", with_digest(version_description(**undone)), VERSION)

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        event = update_handler(api.session, flagged(request(old, new), ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    lines = sorted(r.getMessage().split(": rollback: ")[1] for r in caplog.records if ": rollback: " in r.getMessage())
    assert lines == [
        "ApprovalDescription: kept as it is (SageMaker cannot unset it)",
        "SourceUri: kept as it is (SageMaker cannot remove a source once set)",
    ]
    assert model(event)["ApprovalDescription"] == "ok" and model(event)["SourceUri"] == "s3://b/src"


def test_a_rollback_keeps_an_inference_specification_the_failed_update_set(api, caplog):
    old = versioned(ModelPackageArn=VERSION_ARN)
    del old["InferenceSpecification"]
    new = versioned(ModelPackageArn=VERSION_ARN)
    api.respond("describe_model_package", with_digest(version_description()), VERSION)
    api.respond("describe_model_package", with_digest(version_description()), VERSION)

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        event = update_handler(api.session, flagged(request(old, new), ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert any(
        "InferenceSpecification: kept as it is (SageMaker cannot remove an inference specification once set)"
        in r.getMessage()
        for r in caplog.records
    )
    assert model(event)["InferenceSpecification"]["Containers"][0]["ImageDigest"] == DIGEST


def test_a_rollback_of_a_tag_change_on_an_unversioned_package_puts_the_old_tags_back(api):
    old = unversioned(ModelPackageArn=ARN, Tags=tags(team="risk"))
    new = unversioned(ModelPackageArn=ARN, Tags=tags(team="fraud"))
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(team="fraud")}, {"ResourceArn": ARN})
    api.respond("add_tags", {"Tags": []}, {"ResourceArn": ARN, "Tags": tags(team="risk")})
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(team="risk")}, {"ResourceArn": ARN})

    event = update_handler(api.session, flagged(request(old, copy.deepcopy(new)), ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == tags(team="risk")


# --- rollbacks of a shared package: only what the failed update changed ------------------

LIFE_CYCLE = {"Stage": "staging", "StageStatus": "Approved"}


def test_a_rollback_leaves_a_reviewers_approval_and_metadata_and_puts_back_only_the_changed_key(api, caplog):
    """The stack asked for PendingManualApproval and ``k: v1``; a reviewer approved the version
    with a note and a metadata key of their own, and a pipeline moved its stage; the failed
    update changed ``k`` alone. The rollback sends ``k: v1`` and nothing else."""
    old = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="PendingManualApproval")
    old["CustomerMetadataProperties"] = {"k": "v1"}
    failed = {**copy.deepcopy(old), "CustomerMetadataProperties": {"k": "v2"}}
    outside = {"ModelApprovalStatus": "Approved", "ApprovalDescription": "reviewed", "ModelLifeCycle": LIFE_CYCLE}
    live = with_digest(version_description(**outside, CustomerMetadataProperties={"k": "v2", "reviewer": "ana"}))
    api.respond("describe_model_package", live, VERSION)
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "CustomerMetadataProperties": {"k": "v1"}},
    )
    after = with_digest(version_description(**outside, CustomerMetadataProperties={"k": "v1", "reviewer": "ana"}))
    api.respond("describe_model_package", after, VERSION)

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        event = update_handler(api.session, flagged(request(old, failed), ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert not [r for r in caplog.records if ": rollback: " in r.getMessage()]
    found = model(event)
    assert found["ModelApprovalStatus"] == "Approved" and found["ModelLifeCycle"] == LIFE_CYCLE
    assert found["CustomerMetadataProperties"] == {"k": "v1", "reviewer": "ana"}


def test_a_rollback_of_an_approval_the_failed_update_made_restores_the_old_one(api):
    old = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="PendingManualApproval")
    failed = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="Approved")
    api.respond("describe_model_package", with_digest(version_description(ModelApprovalStatus="Approved")), VERSION)
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "PendingManualApproval"},
    )
    api.respond("describe_model_package", with_digest(version_description()), VERSION)

    event = update_handler(api.session, flagged(request(old, failed), ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["ModelApprovalStatus"] == "PendingManualApproval"


def test_a_template_without_an_approval_never_sends_one_forward_or_back(api):
    """Approval owned outside the stack: the template leaves ModelApprovalStatus out; a forward
    update and its rollback change the metadata alone, and the model has the live approval."""
    old = versioned(ModelPackageArn=VERSION_ARN, CustomerMetadataProperties={"k": "v1"})
    new = versioned(ModelPackageArn=VERSION_ARN, CustomerMetadataProperties={"k": "v2"})

    def approved(value):
        return with_digest(version_description(ModelApprovalStatus="Approved", CustomerMetadataProperties={"k": value}))

    def metadata(value):
        return {"ModelPackageArn": VERSION_ARN, "CustomerMetadataProperties": {"k": value}}

    api.respond("update_model_package", {"ModelPackageArn": VERSION_ARN}, metadata("v2"))
    api.respond("describe_model_package", approved("v2"), VERSION)
    # The rollback: the package as it is, then the key put back.
    api.respond("describe_model_package", approved("v2"), VERSION)
    api.respond("update_model_package", {"ModelPackageArn": VERSION_ARN}, metadata("v1"))
    api.respond("describe_model_package", approved("v1"), VERSION)

    forward = update_handler(api.session, request(new, copy.deepcopy(old)), {})
    back = update_handler(api.session, flagged(request(copy.deepcopy(old), copy.deepcopy(new)), ROLLBACK), {})

    for event in (forward, back):
        assert event.status is OperationStatus.SUCCESS, event.message
        assert model(event)["ModelApprovalStatus"] == "Approved"


def test_a_rollback_puts_back_the_tags_the_failed_update_changed_and_leaves_the_others(api):
    """The failed update changed ``team`` and added ``new``; ``cost`` was added outside the stack."""
    old = unversioned(ModelPackageArn=ARN, Tags=tags(team="risk"))
    failed = unversioned(ModelPackageArn=ARN, Tags=tags(team="fraud", new="1"))
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(team="fraud", new="1", cost="x")}, {"ResourceArn": ARN})
    api.respond("delete_tags", {}, {"ResourceArn": ARN, "TagKeys": ["new"]})
    api.respond("add_tags", {"Tags": []}, {"ResourceArn": ARN, "Tags": tags(team="risk")})
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(cost="x", team="risk")}, {"ResourceArn": ARN})

    event = update_handler(api.session, flagged(request(old, failed), ROLLBACK), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == tags(cost="x", team="risk")


def test_a_forward_tag_update_leaves_tags_added_outside_the_stack_and_lists_none_first(api):
    before = unversioned(ModelPackageArn=ARN, Tags=tags(team="risk", tier="gold"))
    after = unversioned(ModelPackageArn=ARN, Tags=tags(team="fraud"))
    api.respond("delete_tags", {}, {"ResourceArn": ARN, "TagKeys": ["tier"]})
    api.respond("add_tags", {"Tags": []}, {"ResourceArn": ARN, "Tags": tags(team="fraud")})
    api.respond("describe_model_package", with_digest(description()), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tags(cost="x", team="fraud")}, {"ResourceArn": ARN})

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == tags(cost="x", team="fraud")
