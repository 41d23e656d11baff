"""One test per row of the error table (errors.py), through the handlers.

READ never retries, so its answer shows the table as it is; the mutating handlers first hand
retryable failures back to CloudFormation (IN_PROGRESS with a growing delay) until the step has
been failing for its retry budget, then fail.
"""

import pytest
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError
from botocore.stub import ANY
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage import retries, stabiliser, translator
from aws_sagemaker_modelpackage.handlers import create_handler, delete_handler, read_handler, update_handler
from local.clock import START, Clock
from tests.support.templates import NAME, inference_spec, unversioned, versioned
from tests.unit import stubbing
from tests.unit.stubbing import ARN, TOKEN, VERSION_ARN, description, model, request

ENDPOINT = "https://api.sagemaker.us-east-1.amazonaws.com"
DESCRIBE = {"ModelPackageName": ARN}
DESCRIBE_METADATA = {"ModelPackageName": ARN, "IncludedData": "MetadataOnly"}
CREATE = {"ModelPackageName": NAME, "InferenceSpecification": inference_spec(), "ClientToken": stubbing.SENT_TOKEN}

ROWS = [
    # (case, error code, message, HTTP status, handler error code)
    (
        "not-found-does-not-exist",
        "ValidationException",
        f"ModelPackage {ARN} does not exist.",
        400,
        HandlerErrorCode.NotFound,
    ),
    (
        "not-found-cannot-find",
        "ValidationException",
        f"Cannot find Model Package {ARN}",
        400,
        HandlerErrorCode.NotFound,
    ),
    # row 18 of the fidelity ledger: the code other SageMaker operations use for "not found"
    ("resource-not-found", "ResourceNotFound", f"ModelPackage {ARN} not found", 400, HandlerErrorCode.NotFound),
    (
        "other-validation",
        "ValidationException",
        "1 validation error detected: Value at 'modelPackageName' failed to satisfy constraint",
        400,
        HandlerErrorCode.InvalidRequest,
    ),
    ("conflict", "ConflictException", "The model package is being updated", 409, HandlerErrorCode.ResourceConflict),
    (
        "resource-limit",
        "ResourceLimitExceeded",
        "The account-level service limit was exceeded",
        400,
        HandlerErrorCode.ServiceLimitExceeded,
    ),
    ("throttling", "ThrottlingException", "Rate exceeded", 400, HandlerErrorCode.Throttling),
    ("too-many-requests", "TooManyRequestsException", "Too many requests", 429, HandlerErrorCode.Throttling),
    # an HTTP 429 whose code is neither in botocore's list nor in SageMaker's model
    ("unmodelled-429", "RateExceeded", "Rate exceeded", 429, HandlerErrorCode.Throttling),
    (
        "access-denied",
        "AccessDeniedException",
        "User: arn:aws:iam::123456789012:user/u is not authorized to perform: sagemaker:DescribeModelPackage",
        400,
        HandlerErrorCode.AccessDenied,
    ),
    ("internal-failure", "InternalFailure", "An internal error occurred", 500, HandlerErrorCode.ServiceInternalError),
    ("service-unavailable", "ServiceUnavailable", "Service unavailable", 503, HandlerErrorCode.ServiceInternalError),
    ("any-5xx", "BadGateway", "Bad gateway", 502, HandlerErrorCode.ServiceInternalError),
    (
        "anything-else",
        "SomethingNewException",
        "Something new went wrong",
        400,
        HandlerErrorCode.GeneralServiceException,
    ),
]

NETWORK = [
    EndpointConnectionError(endpoint_url=ENDPOINT),
    ReadTimeoutError(endpoint_url=ENDPOINT),
    ConnectTimeoutError(endpoint_url=ENDPOINT),
]


def raise_on(api, operation, error):
    """The call fails before reaching the stubbed answers, as a dropped connection would
    (``provide-client-params`` comes before the Stubber's own ``before-parameter-build``)."""

    def fail(**_):
        raise error

    api.client.meta.events.register(f"provide-client-params.sagemaker.{operation}", fail)


def assert_clean_message(event, *parts):
    assert event.message
    assert "Traceback" not in event.message and 'File "' not in event.message
    assert "unit-test-secret" not in event.message and "AKIAUNITTEST" not in event.message
    for part in parts:
        assert part in event.message, (part, event.message)


@pytest.mark.parametrize("row, code, message, status, expected", ROWS, ids=[r[0] for r in ROWS])
def test_service_error_maps_to_its_row_on_read(api, row, code, message, status, expected):
    api.fail("describe_model_package", code, message, DESCRIBE, status=status)

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is expected, row
    assert_clean_message(event, "DescribeModelPackage", ARN, message)


@pytest.mark.parametrize("code", ["RequestThrottledException", "ThrottledException", "SlowDown"])
def test_every_throttling_code_botocore_knows_is_throttling(api, code):
    """The throttling codes are botocore's own list (the one its standard retry mode uses)."""
    api.fail("describe_model_package", code, "slow down", DESCRIBE)

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.Throttling


@pytest.mark.parametrize("error", NETWORK, ids=lambda e: type(e).__name__)
def test_connection_errors_and_timeouts_map_to_network_failure(api, error):
    raise_on(api, "DescribeModelPackage", error)

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.NetworkFailure
    assert_clean_message(event, ARN)


def test_conflict_on_create_is_retried_for_a_short_budget_then_resource_conflict(api, clock):
    """SageMaker declares ConflictException on create without saying when (a concurrent change
    is the likely cause): handed back like throttling, for CONFLICT_BUDGET_SECONDS."""
    api.fail("create_model_package", "ConflictException", "A conflicting operation is in progress", CREATE)
    api.fail("create_model_package", "ConflictException", "A conflicting operation is in progress", CREATE)

    first = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})
    clock.sleep(retries.DEFAULT.conflict_budget)
    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), first.callbackContext)

    assert first.status is OperationStatus.IN_PROGRESS
    assert first.callbackContext["retrying"] == {"create_package/conflict": START}
    assert event.errorCode is HandlerErrorCode.ResourceConflict
    assert "still failing after 2 min of retries" in event.message


def test_duplicate_unversioned_name_on_create_is_already_exists(api):
    api.fail("create_model_package", "ValidationException", f"Model Package {ARN} already exists.", CREATE)

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.AlreadyExists
    assert_clean_message(event, "CreateModelPackage", "already exists")


def test_resource_in_use_on_create_is_already_exists_whatever_the_message(api):
    """Row 20 of the fidelity ledger: AWS's own handler catches ResourceInUse on create."""
    api.fail("create_model_package", "ResourceInUse", "The name is in use", CREATE)

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.AlreadyExists


def test_resource_not_found_of_the_package_ends_the_delete_waiter(api):
    api.respond("delete_model_package", {}, DESCRIBE)
    api.fail("describe_model_package", "ResourceNotFound", "Model package not found", DESCRIBE_METADATA)

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.SUCCESS


def test_something_the_template_refers_to_missing_on_create_is_invalid_request_not_not_found(api):
    api.fail("create_model_package", "ValidationException", "Model Package Group nogroup does not exist.", CREATE)

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert_clean_message(event, "CreateModelPackage", "does not exist")


def test_resource_limit_on_create_is_service_limit_exceeded(api):
    api.fail("create_model_package", "ResourceLimitExceeded", "Too many model packages", CREATE)

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.ServiceLimitExceeded


def test_access_denied_on_create_fails_at_once(api):
    api.fail(
        "create_model_package",
        "AccessDeniedException",
        "not authorized to perform: sagemaker:CreateModelPackage",
        CREATE,
    )

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.AccessDenied


@pytest.mark.parametrize(
    "code, status, expected",
    [
        ("ThrottlingException", 400, HandlerErrorCode.Throttling),
        ("InternalFailure", 500, HandlerErrorCode.ServiceInternalError),
    ],
)
def test_retryable_errors_on_create_hand_back_with_growing_delays_then_fail_when_the_budget_is_spent(
    api, clock, code, status, expected
):
    context, delays = {}, []
    for _ in range(100):
        api.fail("create_model_package", code, "try later", CREATE, status=status)
        event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), context)
        if event.status is not OperationStatus.IN_PROGRESS:
            break
        delays.append(event.callbackDelaySeconds)
        context = event.callbackContext
        clock.sleep(event.callbackDelaySeconds)
    assert event.status is OperationStatus.FAILED
    assert event.errorCode is expected
    assert clock.now - START == retries.RETRY_BUDGET_SECONDS  # the last attempt at the budget's end
    assert "still failing after 30 min of retries" in event.message
    assert delays[:6] == [12, 24, 60, 60, 60, 60]  # the top of each window: twice the time failed so far, capped
    assert max(delays) == retries.DEFAULT.transient.cap


def test_hand_back_delays_are_drawn_with_full_jitter_within_the_window(api):
    """Resources throttled together spread out: each delay is drawn anywhere in the window."""
    delays = []
    with Clock(seed=7).installed():
        for _ in range(20):
            api.fail("create_model_package", "ThrottlingException", "Rate exceeded", CREATE)
            event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})
            delays.append(event.callbackDelaySeconds)
    assert set(delays) <= set(range(1, retries.DEFAULT.transient.first + 1))
    assert len(set(delays)) > 1


def test_network_failure_on_create_hands_back_and_the_retry_sends_the_same_request(api):
    tokens = []
    api.client.meta.events.register(
        "before-parameter-build.sagemaker.CreateModelPackage", lambda params, **_: tokens.append(params["ClientToken"])
    )

    def time_out(params, **_):
        tokens.append(params["ClientToken"])
        raise ReadTimeoutError(endpoint_url=ENDPOINT)

    api.client.meta.events.register("provide-client-params.sagemaker.CreateModelPackage", time_out, unique_id="network")

    first = create_handler(api.session, request(unversioned()), {})

    assert first.status is OperationStatus.IN_PROGRESS
    assert first.callbackDelaySeconds >= 1
    api.client.meta.events.unregister("provide-client-params.sagemaker.CreateModelPackage", unique_id="network")
    api.respond("create_model_package", {"ModelPackageArn": ARN}, {**CREATE, "ClientToken": ANY})
    api.respond("describe_model_package", description(status="Pending"), DESCRIBE)

    second = create_handler(api.session, request(unversioned()), first.callbackContext)

    assert second.status is OperationStatus.IN_PROGRESS
    assert second.callbackContext["arn"] == ARN
    assert len(tokens) == 2 and tokens[0] == tokens[1]


def test_throttling_on_delete_is_retried_by_hand_back(api):
    api.fail("delete_model_package", "ThrottlingException", "Rate exceeded", DESCRIBE)

    event = delete_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.IN_PROGRESS
    assert event.callbackContext["retrying"] == {"delete_package/transient": START}


def test_a_bug_in_the_provider_is_internal_failure_without_a_stack_trace(api, monkeypatch):
    def broken(*_args, **_kwargs):
        raise KeyError("InferenceSpecification")

    monkeypatch.setattr(translator, "from_api", broken)
    api.respond("describe_model_package", description(), DESCRIBE)
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.InternalFailure
    assert_clean_message(event, ARN, "read_back")
    assert "KeyError" not in event.message


def test_a_bug_after_create_still_deletes_the_package(api, monkeypatch):
    def broken(*_args, **_kwargs):
        raise TypeError("unexpected value")

    monkeypatch.setattr(stabiliser, "assess", broken)
    api.respond("create_model_package", {"ModelPackageArn": ARN}, CREATE)
    api.respond("describe_model_package", description(), DESCRIBE)
    api.respond("delete_model_package", {}, DESCRIBE)

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.InternalFailure
    assert model(event) is None


def test_a_stubbed_error_is_consumed_once_despite_the_retry_config(api):
    """The fixture's premise: Stubber answers before botocore's retry handler runs."""
    api.fail("describe_model_package", "ThrottlingException", "Rate exceeded", DESCRIBE)

    with pytest.raises(api.client.exceptions.ClientError):
        api.client.describe_model_package(ModelPackageName=ARN)


def test_model_card_content_echoed_by_the_service_never_reaches_the_message(api):
    card = {"ModelCardContent": '{"secret": "patient-data-42"}', "ModelCardStatus": "Draft"}
    api.fail(
        "create_model_package",
        "ValidationException",
        f"Invalid ModelCardContent {card['ModelCardContent']}",
        {**CREATE, "ModelCard": card},
    )

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN, ModelCard=card)), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "patient-data-42" not in event.message
    assert "Invalid ModelCardContent" in event.message


def test_something_an_update_refers_to_missing_is_invalid_request_not_not_found(api):
    """Only the package itself being gone is NotFound; an update naming a missing image is not."""
    before = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="PendingManualApproval")
    after = versioned(ModelPackageArn=VERSION_ARN, ModelApprovalStatus="Approved")
    api.fail(
        "update_model_package",
        "ValidationException",
        "Image 123456789012.dkr.ecr.us-east-1.amazonaws.com/x:2 does not exist.",
        {"ModelPackageArn": VERSION_ARN, "ModelApprovalStatus": "Approved"},
    )

    event = update_handler(api.session, request(after, before), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "Image" in event.message


def test_a_handler_invoked_without_credentials_fails_invalid_credentials_before_any_call(api):
    """No caller credentials is a matter of credentials, not of the template."""
    event = create_handler(None, request(unversioned(ClientToken=TOKEN)), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.InvalidCredentials
    assert "no AWS credentials" in event.message
