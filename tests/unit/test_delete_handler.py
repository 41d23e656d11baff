"""DELETE: delete, then wait until SageMaker says it does not exist."""

from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus
from stubbing import ARN, description, not_found, request

from aws_sagemaker_modelpackage.handlers import delete_handler


def test_delete_then_describe_does_not_exist_succeeds_without_a_model(api):
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})
    api.fail("describe_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.SUCCESS
    assert event.resourceModel is None
    assert event.errorCode is None


def test_deleting_keeps_waiting_then_succeeds_on_reinvocation_without_deleting_again(api):
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})
    api.respond("describe_model_package", description(status="Deleting"), {"ModelPackageName": ARN})
    api.fail("describe_model_package", "ValidationException", not_found(), {"ModelPackageName": ARN})

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


def test_conflict_fails_resource_conflict(api):
    api.fail(
        "delete_model_package",
        "ConflictException",
        "Cannot delete a model package that is used by an inference recommendation job",
        {"ModelPackageName": ARN},
    )

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.ResourceConflict
    assert "DeleteModelPackage" in event.message and ARN in event.message


def test_other_describe_errors_while_waiting_are_not_taken_for_success(api):
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})
    api.fail(
        "describe_model_package",
        "AccessDeniedException",
        "User is not authorized to perform: sagemaker:DescribeModelPackage",
        {"ModelPackageName": ARN},
    )

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.AccessDenied


def test_missing_arn_fails_not_found_without_any_call(api):
    event = delete_handler(api.session, request({}), {})

    assert event.errorCode is HandlerErrorCode.NotFound
    assert api.session.clients_made == []
