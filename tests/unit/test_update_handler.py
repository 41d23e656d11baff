"""UPDATE: one UpdateModelPackage with only what changed, then tags."""

import copy

import pytest
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus
from cloudformation_cli_python_lib.interface import Action

from aws_sagemaker_modelpackage import steps
from aws_sagemaker_modelpackage.chain import Chain
from aws_sagemaker_modelpackage.handlers import update_handler
from tests.support.templates import IMAGE, spec, unversioned, versioned
from tests.unit.stubbing import ARN, VERSION_ARN, description, model, not_found, request, version_description


def current(**fields):
    return unversioned(ModelPackageArn=ARN, **fields)


def current_version(**fields):
    return versioned(ModelPackageArn=VERSION_ARN, **fields)


VERSION_DESCRIBE = {"ModelPackageName": VERSION_ARN}


def tag_list(tags):
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def test_nothing_changed_makes_no_write_call_only_the_read(api):
    state = current(Tags=tag_list({"team": "ml"}), CustomerMetadataProperties={"a": "1"})
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tag_list({"team": "ml"})}, {"ResourceArn": ARN})

    event = update_handler(
        api.session, request(state, copy.deepcopy(state), stack_tags={"s": "1"}, previous_stack_tags={"s": "1"}), {}
    )

    assert event.status is OperationStatus.SUCCESS, event.message


def test_approval_status_and_description_are_sent_alone(api):
    before = current_version(ModelApprovalStatus="PendingManualApproval")
    after = current_version(ModelApprovalStatus="Approved", ApprovalDescription="looks good")
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved", "ApprovalDescription": "looks good"},
    )
    api.respond(
        "describe_model_package",
        version_description(ModelApprovalStatus="Approved", ApprovalDescription="looks good"),
        {"ModelPackageName": VERSION_ARN},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["ModelApprovalStatus"] == "Approved"


def test_metadata_changed_keys_are_set_and_dropped_keys_removed(api):
    before = current_version(CustomerMetadataProperties={"keep": "1", "change": "old", "drop": "x"})
    after = current_version(CustomerMetadataProperties={"keep": "1", "change": "new", "add": "y"})
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {
            "ModelPackageArn": VERSION_ARN,
            "CustomerMetadataProperties": {"change": "new", "add": "y"},
            "CustomerMetadataPropertiesToRemove": ["drop"],
        },
    )
    api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_all_metadata_removed_sends_only_the_keys_to_remove(api):
    before = current_version(CustomerMetadataProperties={"a": "1", "b": "2"})
    after = current_version()
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "CustomerMetadataPropertiesToRemove": ["a", "b"]},
    )
    api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_new_additional_specification_is_sent_alone_without_describing_first(api):
    before = current_version(AdditionalInferenceSpecifications=[spec("a")])
    after = current_version(AdditionalInferenceSpecifications=[spec("a"), spec("b")])
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "AdditionalInferenceSpecificationsToAdd": [spec("b")]},
    )
    api.respond(
        "describe_model_package",
        version_description(AdditionalInferenceSpecifications=[spec("a"), spec("b")]),
        {"ModelPackageName": VERSION_ARN},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert [s["Name"] for s in model(event)["AdditionalInferenceSpecifications"]] == ["a", "b"]


def test_additional_specification_already_on_the_package_is_dropped_after_a_refusal_and_the_rest_resent(api):
    before = current_version()
    after = current_version(AdditionalInferenceSpecificationsToAdd=[spec("a"), spec("b")])
    on_package = version_description(AdditionalInferenceSpecifications=[spec("a")])
    api.fail(
        "update_model_package",
        "ValidationException",
        "An AdditionalInferenceSpecification with Name a already exists in this model package.",
        {"ModelPackageArn": VERSION_ARN, "AdditionalInferenceSpecificationsToAdd": [spec("a"), spec("b")]},
    )
    api.respond("describe_model_package", on_package, {"ModelPackageName": VERSION_ARN})
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "AdditionalInferenceSpecificationsToAdd": [spec("b")]},
    )
    api.respond("describe_model_package", on_package, {"ModelPackageName": VERSION_ARN})

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_every_new_specification_already_on_the_package_is_not_resent(api):
    before = current_version(AdditionalInferenceSpecifications=[spec("a")])
    after = current_version(AdditionalInferenceSpecifications=[spec("a"), spec("b")])
    on_package = version_description(AdditionalInferenceSpecifications=[spec("a"), spec("b")])
    api.fail(
        "update_model_package",
        "ValidationException",
        "An AdditionalInferenceSpecification with Name b already exists in this model package.",
        {"ModelPackageArn": VERSION_ARN, "AdditionalInferenceSpecificationsToAdd": [spec("b")]},
    )
    api.respond("describe_model_package", on_package, {"ModelPackageName": VERSION_ARN})
    api.respond("describe_model_package", on_package, {"ModelPackageName": VERSION_ARN})

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_a_refusal_the_current_state_does_not_explain_stands(api):
    before = current_version(AdditionalInferenceSpecifications=[spec("a")])
    after = current_version(AdditionalInferenceSpecifications=[spec("a"), spec("b")])
    api.fail(
        "update_model_package",
        "ValidationException",
        "Image for container b is not valid",
        {"ModelPackageArn": VERSION_ARN, "AdditionalInferenceSpecificationsToAdd": [spec("b")]},
    )
    api.respond(
        "describe_model_package",
        version_description(AdditionalInferenceSpecifications=[spec("a")]),
        {"ModelPackageName": VERSION_ARN},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "Image for container b is not valid" in event.message


def test_a_refusal_of_a_plain_change_is_not_followed_by_a_describe(api):
    before = current_version(ModelApprovalStatus="PendingManualApproval")
    after = current_version(ModelApprovalStatus="Approved")
    api.fail(
        "update_model_package",
        "ValidationException",
        "Cannot approve a package whose validation failed",
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "Cannot approve" in event.message


def test_removing_an_additional_specification_fails_invalid_request_without_any_call(api):
    before = current_version(AdditionalInferenceSpecifications=[spec("a"), spec("b")])
    after = current_version(AdditionalInferenceSpecifications=[spec("a")])

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "AdditionalInferenceSpecifications" in event.message and "b" in event.message
    assert api.session.clients_made == []


def test_new_content_for_an_additional_specification_fails_invalid_request_without_any_call(api):
    """SageMaker keys them by Name and cannot change one: never SUCCESS with nothing applied."""
    before = current_version(AdditionalInferenceSpecifications=[spec("a")])
    after = current_version(AdditionalInferenceSpecifications=[{**spec("a"), "SupportedContentTypes": ["text/csv"]}])

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "AdditionalInferenceSpecifications: a already exists with other content" in event.message
    assert api.session.clients_made == []


def test_a_specification_repeated_in_the_to_add_list_changes_nothing(api):
    before = current_version(AdditionalInferenceSpecifications=[spec("a")])
    after = current_version(
        AdditionalInferenceSpecifications=[spec("a")], AdditionalInferenceSpecificationsToAdd=[spec("a")]
    )
    api.respond(
        "describe_model_package",
        version_description(AdditionalInferenceSpecifications=[spec("a")]),
        {"ModelPackageName": VERSION_ARN},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_a_name_added_outside_the_stack_with_other_content_is_explained_after_the_refusal(api):
    before = current_version()
    after = current_version(AdditionalInferenceSpecificationsToAdd=[spec("a")])
    api.fail(
        "update_model_package",
        "ValidationException",
        "An AdditionalInferenceSpecification with Name a already exists in this model package.",
        {"ModelPackageArn": VERSION_ARN, "AdditionalInferenceSpecificationsToAdd": [spec("a")]},
    )
    elsewhere = {**spec("a"), "Description": "added outside the stack"}
    api.respond(
        "describe_model_package",
        version_description(
            AdditionalInferenceSpecifications=[{**elsewhere, "Containers": [{"Image": f"{IMAGE}-elsewhere"}]}]
        ),
        {"ModelPackageName": VERSION_ARN},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "AdditionalInferenceSpecifications: a already exists with other content" in event.message


def test_changing_an_archived_model_card_fails_invalid_request_without_any_call(api):
    before = current_version(ModelCard={"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Archived"})
    after = current_version(ModelCard={"ModelCardContent": '{"a": 2}', "ModelCardStatus": "Archived"})

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "ModelCard" in event.message and "Archived" in event.message
    assert '{"a": 2}' not in event.message  # sensitive content never leaves
    assert api.session.clients_made == []


def test_a_model_card_archived_outside_the_stack_is_explained_after_the_refusal(api):
    before = current_version(ModelCard={"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Draft"})
    after = current_version(ModelCard={"ModelCardContent": '{"a": 2}', "ModelCardStatus": "Draft"})
    api.fail(
        "update_model_package",
        "ValidationException",
        "Model Card is in Archived state",
        {"ModelPackageArn": VERSION_ARN, "ModelCard": {"ModelCardContent": '{"a": 2}'}},
    )
    api.respond(
        "describe_model_package",
        version_description(ModelCard={"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Archived"}),
        {"ModelPackageName": VERSION_ARN},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "ModelCard" in event.message and "Archived" in event.message
    assert '{"a": 2}' not in event.message


@pytest.mark.parametrize(
    "after_card, sent",
    [
        ({"ModelCardContent": '{"a": 2}', "ModelCardStatus": "Draft"}, {"ModelCardContent": '{"a": 2}'}),
        ({"ModelCardContent": '{"a": 1}', "ModelCardStatus": "PendingReview"}, {"ModelCardStatus": "PendingReview"}),
    ],
    ids=["content-alone", "status-alone-never-resends-the-content"],
)
def test_model_card_change_of_one_part_sends_that_part_alone(api, after_card, sent):
    before = current_version(ModelCard={"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Draft"})
    after = current_version(ModelCard=after_card)
    api.respond(
        "update_model_package", {"ModelPackageArn": VERSION_ARN}, {"ModelPackageArn": VERSION_ARN, "ModelCard": sent}
    )
    api.respond("describe_model_package", version_description(ModelCard=after_card), VERSION_DESCRIBE)

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_model_card_content_and_status_go_in_two_calls_content_first_each_sent_once(api):
    """Row 30: never both in one call. The status call is throttled; the retry sends it alone."""
    before = current_version(ModelCard={"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Draft"})
    after = current_version(
        ModelCard={"ModelCardContent": '{"a": 2}', "ModelCardStatus": "Archived"}, ApprovalDescription="ok"
    )
    content = {
        "ModelPackageArn": VERSION_ARN,
        "ApprovalDescription": "ok",
        "ModelCard": {"ModelCardContent": '{"a": 2}'},
    }
    status = {"ModelPackageArn": VERSION_ARN, "ModelCard": {"ModelCardStatus": "Archived"}}
    api.respond("update_model_package", {"ModelPackageArn": VERSION_ARN}, content)
    api.fail("update_model_package", "ThrottlingException", "Rate exceeded", status)
    api.respond("update_model_package", {"ModelPackageArn": VERSION_ARN}, status)
    api.respond("describe_model_package", version_description(ModelCard=after["ModelCard"]), VERSION_DESCRIBE)

    throttled = update_handler(api.session, request(after, before), {})
    finished = list(throttled.callbackContext["done"])
    done = update_handler(api.session, request(after, before), throttled.callbackContext)

    assert throttled.status is OperationStatus.IN_PROGRESS
    assert len(finished) == 1 and finished[0].startswith("apply_update/")  # the content's call, by its digest
    assert '{"a": 2}' not in finished[0]  # the card's content is never in the callback context
    assert done.status is OperationStatus.SUCCESS, done.message


def test_unversioned_tag_changes_are_the_templates_alone_and_the_model_reads_every_page(api):
    """Removed: what the previous state named and the desired state drops (a stack tag); added:
    what changed. No ListTags before: the previous state says what the stack set. A tag added
    outside the stack (``cost``) is left alone, and READ's model has it (every ListTags page)."""
    before = current(Tags=tag_list({"a": "1", "b": "2"}))
    after = current(Tags=tag_list({"a": "1", "b": "3", "c": "4"}))
    api.respond("delete_tags", {}, {"ResourceArn": ARN, "TagKeys": ["stack"]})
    api.respond("add_tags", {"Tags": []}, {"ResourceArn": ARN, "Tags": tag_list({"b": "3", "c": "4"})})
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond(
        "list_tags",
        {"Tags": tag_list({"a": "1", "cost": "x", "aws:cloudformation:stack-name": "s"}), "NextToken": "p2"},
        {"ResourceArn": ARN},
    )
    api.respond("list_tags", {"Tags": tag_list({"b": "3", "c": "4"})}, {"ResourceArn": ARN, "NextToken": "p2"})

    event = update_handler(
        api.session, request(after, before, stack_tags={}, previous_stack_tags={"stack": "blue"}), {}
    )

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == tag_list({"a": "1", "b": "3", "c": "4", "cost": "x"})


def test_stack_tag_change_on_a_version_makes_no_tag_call(api):
    state = current_version()
    api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})

    event = update_handler(
        api.session, request(state, copy.deepcopy(state), stack_tags={"s": "2"}, previous_stack_tags={"s": "1"}), {}
    )

    assert event.status is OperationStatus.SUCCESS, event.message


def test_missing_resource_fails_not_found(api):
    before = current_version(ModelApprovalStatus="PendingManualApproval")
    after = current_version(ModelApprovalStatus="Approved")
    api.fail(
        "update_model_package",
        "ValidationException",
        not_found(VERSION_ARN),
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.NotFound


def test_missing_resource_without_changes_fails_not_found(api):
    state = current()
    api.fail("describe_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

    event = update_handler(api.session, request(state, copy.deepcopy(state)), {})

    assert event.errorCode is HandlerErrorCode.NotFound


def test_reinvocation_after_the_update_applied_does_not_update_again(api):
    before = current_version(ModelApprovalStatus="PendingManualApproval")
    after = current_version(ModelApprovalStatus="Approved")
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"},
    )
    api.respond("describe_model_package", version_description(status="InProgress"), {"ModelPackageName": VERSION_ARN})
    api.respond(
        "describe_model_package", version_description(ModelApprovalStatus="Approved"), {"ModelPackageName": VERSION_ARN}
    )

    waiting = update_handler(api.session, request(after, before), {})
    done = update_handler(api.session, request(after, before), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert waiting.callbackDelaySeconds >= 1
    assert model(waiting)["ModelPackageArn"] == VERSION_ARN
    assert done.status is OperationStatus.SUCCESS, done.message


def test_reinvocation_after_tags_applied_does_not_tag_again(api):
    before = current(Tags=tag_list({"a": "1"}))
    after = current(Tags=tag_list({"a": "2"}))
    api.respond("add_tags", {"Tags": []}, {"ResourceArn": ARN, "Tags": tag_list({"a": "2"})})
    api.respond("describe_model_package", description(status="InProgress"), {"ModelPackageName": ARN})
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": tag_list({"a": "2"})}, {"ResourceArn": ARN})

    waiting = update_handler(api.session, request(after, before), {})
    done = update_handler(api.session, request(after, before), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert done.status is OperationStatus.SUCCESS, done.message


def test_tags_on_a_version_fail_invalid_request_without_any_call(api):
    before = current_version()
    after = current_version(Tags=tag_list({"a": "1"}))

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "Tags" in event.message
    assert api.session.clients_made == []


def test_update_without_arn_fails_not_found_without_any_call(api):
    event = update_handler(api.session, request(unversioned(), unversioned()), {})

    assert event.errorCode is HandlerErrorCode.NotFound
    assert "ModelPackageArn" in event.message
    assert api.session.clients_made == []


def with_digest(specification, digest="sha256:" + "a" * 64):
    filled = copy.deepcopy(specification)
    filled["Containers"][0]["ImageDigest"] = digest
    return filled


def test_an_image_digest_sagemaker_filled_in_and_the_template_leaves_out_is_no_change(api):
    """Row 42: the previous model carries the digest SageMaker filled in; the template has none."""
    before = current_version(ModelApprovalStatus="PendingManualApproval")
    before["InferenceSpecification"] = with_digest(before["InferenceSpecification"])
    after = current_version(ModelApprovalStatus="Approved")
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"},
    )
    api.respond("describe_model_package", version_description(ModelApprovalStatus="Approved"), VERSION_DESCRIBE)

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def _other_content_type(specification):
    specification["SupportedContentTypes"] = ["application/json"]


def _other_image(specification):
    specification["Containers"][0]["Image"] += "-new"


@pytest.mark.parametrize("change", [_other_content_type, _other_image], ids=["content-type", "another-image"])
def test_a_real_inference_specification_change_is_sent_as_the_template_gives_it(api, change):
    """With the filled-in digest left out: a digest of another image is no reason to keep it."""
    before = current_version()
    before["InferenceSpecification"] = with_digest(before["InferenceSpecification"])
    after = current_version()
    change(after["InferenceSpecification"])
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "InferenceSpecification": after["InferenceSpecification"]},
    )
    api.respond("describe_model_package", version_description(), VERSION_DESCRIBE)

    event = update_handler(api.session, request(after, before), {})

    assert event.status is OperationStatus.SUCCESS, event.message


def test_planning_needs_no_credentials():
    """The plan reads botocore's SageMaker model, not a client's: a chain without a session plans."""
    previous = current_version(ModelApprovalStatus="PendingManualApproval")
    chain = Chain(Action.UPDATE, None, request(dict(previous, ModelApprovalStatus="Approved"), previous), {})

    chain.then(steps.validate).then(steps.plan_update)

    assert chain.get(steps.PLAN) == [{"ModelApprovalStatus": "Approved"}]
