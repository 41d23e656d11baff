"""DELETE: delete, then wait until SageMaker says it does not exist."""

import logging

from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage.handlers import delete_handler
from tests.unit.stubbing import ARN, VERSION_ARN, description, not_found, request, version_description

# The waiter needs the status only: no kms:Decrypt on a package encrypted with a customer key (row 43).
METADATA = {"ModelPackageName": ARN, "IncludedData": "MetadataOnly"}


def test_delete_then_describe_does_not_exist_succeeds_without_a_model(api):
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})
    api.fail("describe_model_package", "ValidationException", not_found(), METADATA)

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.SUCCESS
    assert event.resourceModel is None
    assert event.errorCode is None


def test_deleting_keeps_waiting_then_succeeds_on_reinvocation_without_deleting_again(api):
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})
    api.respond("describe_model_package", description(status="Deleting"), METADATA)
    api.fail("describe_model_package", "ValidationException", not_found(), METADATA)

    waiting = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})
    done = delete_handler(api.session, request({"ModelPackageArn": ARN}), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert waiting.callbackDelaySeconds >= 1
    assert waiting.callbackContext["done"] == ["delete_package"]
    assert done.status is OperationStatus.SUCCESS
    assert done.resourceModel is None


def test_already_gone_fails_not_found_on_the_first_call(api):
    api.fail("delete_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.NotFound


def test_gone_after_a_delete_handed_back_on_a_lost_answer_succeeds(api, caplog):
    """The first DeleteModelPackage was applied, but its answer was lost (here a 5xx): the step is
    handed back, and the next invocation finds the package gone: this operation deleted it."""
    api.fail(
        "delete_model_package", "InternalFailure", "We encountered an internal error", {"ModelPackageName": ARN}, 500
    )
    api.fail("delete_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        handed_back = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})
        done = delete_handler(api.session, request({"ModelPackageArn": ARN}), handed_back.callbackContext)

    assert handed_back.status is OperationStatus.IN_PROGRESS
    assert "delete_package/transient" in handed_back.callbackContext["retrying"]
    assert done.status is OperationStatus.SUCCESS and done.resourceModel is None
    assert any("gone after this operation's own DeleteModelPackage" in r.getMessage() for r in caplog.records)


def test_gone_on_botocores_second_attempt_inside_the_invocation_succeeds(api):
    """botocore sent the call again after a 5xx or a network failure (RetryAttempts): the first
    attempt may have deleted the package."""
    api.stubber.add_client_error(
        "delete_model_package",
        service_error_code="ValidationException",
        service_message=not_found(),
        expected_params={"ModelPackageName": ARN},
        response_meta={"RetryAttempts": 1},
    )

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.SUCCESS


def test_already_gone_says_so_in_the_log(api, caplog):
    api.fail("delete_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.NotFound
    assert any("did not exist when the delete began" in r.getMessage() for r in caplog.records)


def test_a_throttled_delete_that_then_finds_the_package_gone_succeeds(api):
    """A throttled attempt was not applied, but the package existed when the request began (it
    was not "does not exist"); whoever deleted it meanwhile, it is gone as asked."""
    api.fail("delete_model_package", "ThrottlingException", "Rate exceeded", {"ModelPackageName": ARN})
    api.fail("delete_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

    throttled = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})
    done = delete_handler(api.session, request({"ModelPackageArn": ARN}), throttled.callbackContext)

    assert done.status is OperationStatus.SUCCESS


def test_conflict_fails_resource_conflict(api):
    api.fail(
        "delete_model_package",
        "ConflictException",
        "Cannot delete a model package that is used by an inference recommendation job",
        {"ModelPackageName": ARN},
    )
    api.respond("describe_model_package", description(), METADATA)  # not an Approved version: nothing to withdraw

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.ResourceConflict
    assert "DeleteModelPackage" in event.message and ARN in event.message


def test_other_describe_errors_while_waiting_are_not_taken_for_success(api):
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})
    api.fail(
        "describe_model_package",
        "AccessDeniedException",
        "User is not authorized to perform: sagemaker:DescribeModelPackage",
        METADATA,
    )

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.AccessDenied


def test_missing_arn_fails_not_found_without_any_call(api):
    event = delete_handler(api.session, request({}), {})

    assert event.errorCode is HandlerErrorCode.NotFound
    assert api.session.clients_made == []


APPROVED_CONFLICT = "Model Package is Approved and cannot be deleted."


def test_an_approved_version_refused_is_rejected_then_deleted_and_the_rejection_is_sent_once(api):
    """Row 34: only after SageMaker's refusal; a throttled second delete retries without
    withdrawing the approval again."""
    target = {"ModelPackageName": VERSION_ARN}
    api.fail("delete_model_package", "ConflictException", APPROVED_CONFLICT, target)
    api.respond(
        "describe_model_package",
        version_description(ModelApprovalStatus="Approved"),
        {**target, "IncludedData": "MetadataOnly"},
    )
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Rejected"},
    )
    api.fail("delete_model_package", "ThrottlingException", "Rate exceeded", target)
    api.respond("delete_model_package", {}, target)
    api.fail(
        "describe_model_package",
        "ValidationException",
        not_found(VERSION_ARN),
        {**target, "IncludedData": "MetadataOnly"},
    )

    throttled = delete_handler(api.session, request({"ModelPackageArn": VERSION_ARN}), {})
    finished = list(throttled.callbackContext["done"])
    done = delete_handler(api.session, request({"ModelPackageArn": VERSION_ARN}), throttled.callbackContext)

    assert throttled.status is OperationStatus.IN_PROGRESS
    assert finished == ["withdraw_approval"]
    assert done.status is OperationStatus.SUCCESS, done.message


def test_a_conflict_on_a_version_that_is_not_approved_withdraws_nothing(api):
    target = {"ModelPackageName": VERSION_ARN}
    api.fail("delete_model_package", "ConflictException", "in use by an inference recommendation job", target)
    api.respond("describe_model_package", version_description(), {**target, "IncludedData": "MetadataOnly"})

    event = delete_handler(api.session, request({"ModelPackageArn": VERSION_ARN}), {})

    assert event.errorCode is HandlerErrorCode.ResourceConflict
    assert "inference recommendation job" in event.message
