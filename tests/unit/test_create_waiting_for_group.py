"""CREATE of a version whose group does not exist yet: the exact SageMaker requests while the
handler waits for the group (CloudFormation may create the group and the version at once)."""

import pytest
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage import retries
from aws_sagemaker_modelpackage.handlers import create_handler
from local.clock import START
from tests.support.templates import GROUP, inference_spec, versioned
from tests.unit.stubbing import SENT_TOKEN, TOKEN, VERSION_ARN, model, request, version_description

GROUP_ARN = f"arn:aws:sagemaker:us-east-1:123456789012:model-package-group/{GROUP}"
WAITING = "create_package/group"  # the step and the kind of retry, in the callback context


def params(group=GROUP):
    return {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec(), "ClientToken": SENT_TOKEN}


def refuse(api, group=GROUP, message=None):
    text = message or f"Model Package Group {group} does not exist."
    api.fail("create_model_package", "ValidationException", text, params(group))


def create(api, group=GROUP, context=None):
    return create_handler(api.session, request(versioned(ModelPackageGroupName=group, ClientToken=TOKEN)), context)


@pytest.mark.parametrize("group", [GROUP, GROUP_ARN], ids=["name", "arn"])
def test_refused_then_group_appears_one_create_per_invocation_then_success(api, clock, group):
    refuse(api, group)
    refuse(api, group)
    api.respond("create_model_package", {"ModelPackageArn": VERSION_ARN}, params(group))
    api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})

    first = create(api, group, {})
    assert first.status is OperationStatus.IN_PROGRESS, first.message
    assert first.callbackDelaySeconds == retries.DEFAULT.group_wait.first
    assert first.callbackContext["retrying"] == {WAITING: START}
    assert first.callbackContext["done"] == []
    assert "ModelPackageArn" not in model(first)
    clock.now += first.callbackDelaySeconds

    second = create(api, group, first.callbackContext)
    assert second.status is OperationStatus.IN_PROGRESS, second.message
    assert second.callbackContext["retrying"] == {WAITING: START}  # the wait is not restarted
    clock.now += second.callbackDelaySeconds

    third = create(api, group, second.callbackContext)
    assert third.status is OperationStatus.SUCCESS, third.message
    assert model(third)["ModelPackageArn"] == VERSION_ARN


def test_group_never_appears_delays_grow_and_the_last_attempt_is_at_the_bound(api, clock):
    attempts = 12  # at 0, 2, 4, 8, 16, 31, 46, 61, 76, 91, 106 and 120 s
    for _ in range(attempts):
        refuse(api)
    delays, context = [], {}
    for _ in range(attempts - 1):
        event = create(api, context=context)
        assert event.status is OperationStatus.IN_PROGRESS, event.message
        delays.append(event.callbackDelaySeconds)
        context = event.callbackContext
        clock.now += event.callbackDelaySeconds

    final = create(api, context=context)  # no DeleteModelPackage: nothing was created

    assert delays == [2, 2, 4, 8, 15, 15, 15, 15, 15, 15, 14]
    assert clock.now - START == retries.DEFAULT.group_wait.budget
    assert final.status is OperationStatus.FAILED
    assert final.errorCode is HandlerErrorCode.InvalidRequest
    for advice in (f"group {GROUP} was still not found after 120 s", "DependsOn", "node.add_dependency", "!Ref Group"):
        assert advice in final.message
    assert "attr_model_package_group_arn" in final.message


def test_a_re_invocation_after_the_bound_fails_at_once(api, clock):
    """The bound counts from the first refusal remembered in the callback context."""
    refuse(api)
    clock.now += retries.DEFAULT.group_wait.budget

    event = create(api, context={"retrying": {WAITING: START}})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "was still not found" in event.message


@pytest.mark.parametrize(
    "message",
    ["Image 123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1 does not exist.", "Invalid ModelApprovalStatus"],
)
def test_other_refusals_of_a_version_fail_at_once(api, clock, message):
    refuse(api, message=message)

    event = create(api, context={})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "was still not found" not in event.message


@pytest.mark.parametrize(
    "code, message",
    [
        ("ValidationException", f"ModelPackageGroup {GROUP} does not exist."),
        ("ValidationException", f"Cannot find Model Package Group {GROUP_ARN}"),
        ("ResourceNotFound", f"Model Package Group {GROUP} does not exist."),
    ],
    ids=["group-api-wording", "cannot-find", "resource-not-found"],
)
def test_the_wording_of_a_missing_group_is_not_relied_on(api, clock, code, message):
    """The exact answer is not known (fidelity ledger row 19): the group APIs' wordings count too."""
    api.fail("create_model_package", code, message, params())

    event = create(api, context={})

    assert event.status is OperationStatus.IN_PROGRESS, event.message
    assert event.callbackDelaySeconds == retries.DEFAULT.group_wait.first


# --- a group of another account (a central registry) ---------------------------------------

CENTRAL_ARN = f"arn:aws:sagemaker:us-east-1:999999999999:model-package-group/{GROUP}"
DENIED = (
    "User: arn:aws:iam::123456789012:role/stack is not authorized to perform: sagemaker:CreateModelPackage on "
    f"resource: arn:aws:sagemaker:us-east-1:999999999999:model-package/{GROUP}/* because no resource-based policy "
    "allows the sagemaker:CreateModelPackage action"
)


@pytest.mark.parametrize(
    "code, message, handler_code",
    [
        ("ValidationException", f"Model Package Group {CENTRAL_ARN} does not exist.", HandlerErrorCode.InvalidRequest),
        ("AccessDeniedException", DENIED, HandlerErrorCode.AccessDenied),
    ],
    ids=["does-not-exist", "access-denied"],
)
def test_a_group_of_another_account_is_never_waited_for_and_its_policy_is_named(
    api, clock, code, message, handler_code
):
    """One CreateModelPackage, then the failure (whichever answer SageMaker gives: ledger row 54),
    saying that the group's resource policy must allow the action, and no DependsOn advice."""
    api.fail("create_model_package", code, message, params(CENTRAL_ARN))

    event = create(api, CENTRAL_ARN, context={})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is handler_code
    assert event.message.startswith(f"CreateModelPackage failed: {code}: {message.rstrip('.')}. ")
    assert "is in account 999999999999, not in this account (123456789012)" in event.message
    assert "the group's resource policy allows it" in event.message
    assert f"sagemaker:CreateModelPackage on arn:aws:sagemaker:us-east-1:999999999999:model-package/{GROUP}/*" in (
        event.message
    )
    assert "DependsOn" not in event.message and "was still not found" not in event.message
