"""The one error table: every failure the provider can meet, mapped to a HandlerErrorCode.

SageMaker reports "not found" as a ValidationException whose message says the package
"does not exist", so the table matches on codes first and on message text second.
"""

import re

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from cloudformation_cli_python_lib import HandlerErrorCode

_NOT_FOUND = re.compile(r"does not exist|cannot find", re.IGNORECASE)
_ALREADY_EXISTS = re.compile(r"already exists", re.IGNORECASE)
_ACCESS = re.compile(r"not authorized|access ?denied", re.IGNORECASE)

# (error codes, HTTP statuses) → handler error code; first match wins.
_BY_CODE = (
    ({"ConflictException"}, HandlerErrorCode.ResourceConflict),
    ({"ResourceLimitExceeded", "ServiceQuotaExceededException"}, HandlerErrorCode.ServiceLimitExceeded),
    (
        {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"},
        HandlerErrorCode.Throttling,
    ),
    (
        {"AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "NotAuthorized"},
        HandlerErrorCode.AccessDenied,
    ),
    (
        {
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "ExpiredTokenException",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
        },
        HandlerErrorCode.InvalidCredentials,
    ),
    (
        {
            "InternalFailure",
            "InternalServerError",
            "InternalServerException",
            "ServiceUnavailable",
            "ServiceUnavailableException",
        },
        HandlerErrorCode.ServiceInternalError,
    ),
    (
        {
            "ValidationException",
            "ValidationError",
            "InvalidParameterValue",
            "InvalidParameterException",
            "MissingParameter",
            "SerializationException",
        },
        HandlerErrorCode.InvalidRequest,
    ),
)

# Calls whose only subject is the package: "does not exist" there can only mean the package.
_ADDRESSING_THE_PACKAGE = frozenset({"DescribeModelPackage", "DeleteModelPackage", "ListTags", "AddTags", "DeleteTags"})

RETRYABLE = frozenset(
    {HandlerErrorCode.Throttling, HandlerErrorCode.ServiceInternalError, HandlerErrorCode.NetworkFailure}
)

_NETWORK = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)


def classify(error: Exception, creating: bool = False, arn: str | None = None) -> HandlerErrorCode:
    """The HandlerErrorCode for an exception raised by a SageMaker call on the package ``arn``."""
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "") or ""
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if code.startswith("Validation") and _NOT_FOUND.search(message):
            # NotFound means the package itself is gone. What else may not exist (the group on
            # create, an image or a source an update refers to) is a bad request.
            about_package = not creating and (
                getattr(error, "operation_name", None) in _ADDRESSING_THE_PACKAGE
                or arn is None
                or arn.lower() in message.lower()
            )
            return HandlerErrorCode.NotFound if about_package else HandlerErrorCode.InvalidRequest
        if creating and _ALREADY_EXISTS.search(message):
            return HandlerErrorCode.AlreadyExists
        if _ACCESS.search(message) and code not in ("ThrottlingException",):
            return HandlerErrorCode.AccessDenied
        for codes, handler_code in _BY_CODE:
            if code in codes:
                return handler_code
        if status >= 500:
            return HandlerErrorCode.ServiceInternalError
        if status == 429:
            return HandlerErrorCode.Throttling
        return HandlerErrorCode.GeneralServiceException
    if isinstance(error, (_NETWORK, ConnectionError, TimeoutError)):
        return HandlerErrorCode.NetworkFailure
    if isinstance(error, BotoCoreError):
        return HandlerErrorCode.GeneralServiceException
    return HandlerErrorCode.InternalFailure


def describe(error: Exception) -> str:
    """What the service said, without request ids, credentials or stack traces."""
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        return f"{info.get('Code', 'Error')}: {info.get('Message', '')}".rstrip(": ")
    return f"{type(error).__name__}: {error}"


def explain(
    error: Exception, operation: str, resource: str | None, creating: bool = False
) -> tuple[HandlerErrorCode, str]:
    """(code, message) for a failed call: what failed, on which resource (the package's ARN,
    or its name before it has one), and why."""
    code = classify(error, creating, resource if resource and resource.startswith("arn:") else None)
    target = f" on {resource}" if resource else ""
    if code is HandlerErrorCode.InternalFailure:
        return code, f"{operation}{target} failed: an unexpected {type(error).__name__} in the provider"
    return code, f"{operation}{target} failed: {describe(error)}"
