"""Credentials that expire during an operation are handed back to CloudFormation, whose next
invocation brings fresh ones; credentials that were never valid fail at once; and the clean-up
of a failed create never runs with credentials that just expired."""

import logging

import pytest
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage import retries
from aws_sagemaker_modelpackage.handlers import create_handler, delete_handler, read_handler, update_handler
from local.clock import START
from tests.support.templates import NAME, inference_spec, unversioned, versioned
from tests.unit.stubbing import ARN, SENT_TOKEN, TOKEN, VERSION_ARN, description, request, version_description

EXPIRED = ["ExpiredTokenException", "ExpiredToken", "RequestExpired"]
CREATE = {"ModelPackageName": NAME, "InferenceSpecification": inference_spec(), "ClientToken": SENT_TOKEN}
DESCRIBE = {"ModelPackageName": ARN}


def expire(api, method, code, params):
    """``code`` as AWS answers it (Common Errors: ExpiredTokenException, HTTP 403)."""
    api.fail(method, code, "The security token included in the request is expired", params, status=403)


@pytest.mark.parametrize("code", EXPIRED)
def test_expired_on_the_describe_after_a_create_is_handed_back_and_never_creates_again(api, code):
    api.respond("create_model_package", {"ModelPackageArn": ARN}, CREATE)
    expire(api, "describe_model_package", code, DESCRIBE)
    api.respond("describe_model_package", description(), DESCRIBE)
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    handed_back = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})
    done = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), handed_back.callbackContext)

    assert handed_back.status is OperationStatus.IN_PROGRESS, handed_back.message
    assert handed_back.callbackContext["retrying"] == {"stabilise/expired": START}
    assert handed_back.callbackDelaySeconds == retries.DEFAULT.transient.first
    assert done.status is OperationStatus.SUCCESS, done.message


@pytest.mark.parametrize("code", EXPIRED)
def test_expired_on_an_update_is_handed_back_and_applied_with_the_next_credentials(api, code):
    previous = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="PendingManualApproval")
    desired = dict(previous, ModelApprovalStatus="Approved")
    update = {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"}
    expire(api, "update_model_package", code, update)
    api.respond("update_model_package", {"ModelPackageArn": VERSION_ARN}, update)
    approved = version_description(ModelApprovalStatus="Approved")
    api.respond("describe_model_package", approved, {"ModelPackageName": VERSION_ARN})

    handed_back = update_handler(api.session, request(desired, previous), {})
    done = update_handler(api.session, request(desired, previous), handed_back.callbackContext)

    assert handed_back.status is OperationStatus.IN_PROGRESS, handed_back.message
    assert "apply_update/expired" in handed_back.callbackContext["retrying"]
    assert done.status is OperationStatus.SUCCESS, done.message


@pytest.mark.parametrize("code", EXPIRED)
def test_expired_on_a_delete_is_handed_back_and_deleted_with_the_next_credentials(api, code):
    expire(api, "delete_model_package", code, DESCRIBE)
    api.respond("delete_model_package", {}, DESCRIBE)
    api.fail(
        "describe_model_package",
        "ValidationException",
        f"ModelPackage {ARN} does not exist.",
        {"ModelPackageName": ARN, "IncludedData": "MetadataOnly"},
    )

    handed_back = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})
    done = delete_handler(api.session, request({"ModelPackageArn": ARN}), handed_back.callbackContext)

    assert handed_back.status is OperationStatus.IN_PROGRESS
    assert done.status is OperationStatus.SUCCESS


def test_expired_on_a_read_fails_at_once_as_read_is_never_called_back(api):
    expire(api, "describe_model_package", "ExpiredTokenException", DESCRIBE)

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.InvalidCredentials


@pytest.mark.parametrize("code", ["UnrecognizedClientException", "InvalidClientTokenId"])
def test_credentials_that_were_never_valid_fail_at_once(api, code):
    api.fail("create_model_package", code, "The security token included in the request is invalid", CREATE)

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.InvalidCredentials


def test_no_credentials_at_all_fail_at_once():
    event = create_handler(None, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.InvalidCredentials


def test_credentials_expired_for_the_whole_budget_fail_saying_so(api, clock):
    expire(api, "delete_model_package", "ExpiredTokenException", DESCRIBE)

    context = {"retrying": {"delete_package/expired": START - retries.RETRY_BUDGET_SECONDS}}
    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), context)

    assert event.errorCode is HandlerErrorCode.InvalidCredentials
    assert "still failing after 30 min of retries" in event.message


# --- the clean-up of a failed create ---------------------------------------------------------

APPROVAL = {"ModelPackageArn": ARN, "ApprovalDescription": "reviewed"}
FAILED_AFTER_CREATE = {"arn": ARN, "done": ["create_package"], "retrying": {"after_create/expired": START - 1800}}


def test_a_clean_up_never_runs_with_credentials_that_just_expired(api, caplog):
    """The update after the create meets expired credentials for the whole budget: the create
    fails, and the clean-up waits for the next invocation's credentials instead of sending a
    DeleteModelPackage bound to fail; with them, it deletes the package."""
    desired = unversioned(ClientToken=TOKEN, ApprovalDescription="reviewed")
    expire(api, "update_model_package", "ExpiredTokenException", APPROVAL)
    api.respond("delete_model_package", {}, DESCRIBE)

    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        waiting = create_handler(api.session, request(desired), dict(FAILED_AFTER_CREATE))
        ended = create_handler(api.session, request(desired), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert waiting.callbackContext["failure"]["code"] == "InvalidCredentials"
    assert any("clean_up_failed_create waits for fresh credentials" in r.getMessage() for r in caplog.records)
    assert (ended.status, ended.errorCode) == (OperationStatus.FAILED, HandlerErrorCode.InvalidCredentials)
    assert "still failing after 30 min of retries" in ended.message
    assert "could not be deleted" not in ended.message


def test_a_clean_up_that_can_never_run_names_the_package_to_delete(api, clock):
    desired = unversioned(ClientToken=TOKEN, ApprovalDescription="reviewed")
    expire(api, "update_model_package", "ExpiredTokenException", APPROVAL)
    events = [create_handler(api.session, request(desired), dict(FAILED_AFTER_CREATE))]
    while events[-1].status is OperationStatus.IN_PROGRESS and len(events) < 100:
        expire(api, "delete_model_package", "ExpiredTokenException", DESCRIBE)
        clock.sleep(events[-1].callbackDelaySeconds)
        events.append(create_handler(api.session, request(desired), events[-1].callbackContext))

    last = events[-1]
    assert (last.status, last.errorCode) == (OperationStatus.FAILED, HandlerErrorCode.InvalidCredentials)
    assert f"the package {ARN} could not be deleted" in last.message and "delete it by hand" in last.message
    assert clock.now - START == retries.RETRY_BUDGET_SECONDS  # the clean-up's own budget, from its first wait
