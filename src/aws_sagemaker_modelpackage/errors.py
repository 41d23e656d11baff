"""Errors and retries, in one place: every failure the provider can meet is mapped here to a
HandlerErrorCode, and here it is decided whether and when a failure is retried.

SageMaker reports "not found" as a ValidationException whose message says something "does not
exist", so the table matches on codes first and on message text second. What such a message
means depends on the call: a step declares it with ``Meanings`` (e.g. on create, "already
exists" is the package itself, and "does not exist" is the group it names, not the package).

Retries happen at two levels (see docs/reliability.md, "Retry policy"):
- inside one invocation, botocore's standard mode (``BOTOCORE_RETRIES``: 2 attempts in all);
- across invocations, a throttling, 5xx or network failure that outlasts botocore's retry is
  handed back to CloudFormation (IN_PROGRESS with a delay of 2, 4, 8, 16, 32 s), counted per
  step in the callback context, then the operation fails;
- a create refused because the version's group does not exist is tried again for
  ``GROUP_WAIT_SECONDS`` (the group may be being created at the same time), see ``awaiting_group``.
"""

import math
import re
from dataclasses import dataclass
from enum import Enum

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.retries.standard import RetryContext, ThrottledRetryableChecker
from cloudformation_cli_python_lib.interface import HandlerErrorCode

from .context import CallbackContext

BOTOCORE_RETRIES = {"mode": "standard", "total_max_attempts": 2}
MAX_HAND_BACKS = 5
MAX_HAND_BACK_DELAY_SECONDS = 60


class InputError(ValueError):
    """A property that breaks a rule (InvalidRequest); the message names the property and the rule."""


class MissingCredentials(InputError):
    """The handler was invoked without the caller's credentials (InvalidRequest)."""


class NotStabilised(Exception):
    """The package ended in a state it cannot leave (NotStabilized); the message says why."""


class PackageUnknown(LookupError):
    """The request does not say which package it is about (NotFound)."""


class Subject(Enum):
    """What a refusal's "already exists" or "does not exist" refers to."""

    PACKAGE = "the model package itself"
    REFERENCE = "something the request refers to (a group, an image, a source)"


@dataclass(frozen=True)
class Meanings:
    """What a step's refusals mean, declared with the step. ``None``: no special meaning, i.e.
    "already exists" is matched by code only, and "does not exist" is the package when the
    call addresses the package alone or names its ARN, else something it refers to."""

    already_exists: Subject | None = None
    does_not_exist: Subject | None = None


PLAIN = Meanings()

_NOT_FOUND = re.compile(r"does not exist|cannot find", re.IGNORECASE)
# Codes SageMaker gives other resources for "not found" and "taken" (row 18 and row 20 of the
# fidelity ledger: the model-package operations do not declare them, AWS's own handler catches them).
_NOT_FOUND_CODES = frozenset({"ResourceNotFound", "ResourceNotFoundException"})
_IN_USE_CODES = frozenset({"ResourceInUse", "ResourceInUseException"})
_ALREADY_EXISTS = re.compile(r"already exists", re.IGNORECASE)
_ACCESS = re.compile(r"not authorized|access ?denied", re.IGNORECASE)
_THROTTLED = ThrottledRetryableChecker()

# Error codes → handler error code (throttling codes are botocore's own list, see _is_throttling).
_BY_CODE = {
    HandlerErrorCode.ResourceConflict: {"ConflictException"},
    HandlerErrorCode.ServiceLimitExceeded: {"ResourceLimitExceeded", "ServiceQuotaExceededException"},
    HandlerErrorCode.AccessDenied: {"AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "NotAuthorized"},
    HandlerErrorCode.InvalidCredentials: {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredTokenException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
    },
    HandlerErrorCode.ServiceInternalError: {
        "InternalFailure",
        "InternalServerError",
        "InternalServerException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
    },
    HandlerErrorCode.InvalidRequest: {
        "ValidationException",
        "ValidationError",
        "InvalidParameterValue",
        "InvalidParameterException",
        "MissingParameter",
        "SerializationException",
    },
}

# Calls whose only subject is the package: "does not exist" there can only mean the package.
_ADDRESSING_THE_PACKAGE = frozenset({"DescribeModelPackage", "DeleteModelPackage", "ListTags", "AddTags", "DeleteTags"})

_RETRYABLE = frozenset(
    {HandlerErrorCode.Throttling, HandlerErrorCode.ServiceInternalError, HandlerErrorCode.NetworkFailure}
)
_NETWORK = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)
_OWN = {
    InputError: HandlerErrorCode.InvalidRequest,
    NotStabilised: HandlerErrorCode.NotStabilized,
    PackageUnknown: HandlerErrorCode.NotFound,
}


@dataclass(frozen=True)
class Failure:
    """How an operation ends after an exception: the handler error code, the message, and the
    delay before CloudFormation calls back to retry (``None``: the operation fails)."""

    code: HandlerErrorCode
    message: str
    retry_in: int | None = None


def classify(error: Exception, meanings: Meanings = PLAIN, arn: str | None = None) -> HandlerErrorCode:
    """The HandlerErrorCode for an exception raised by a step working on the package ``arn``."""
    if isinstance(error, ClientError):
        return _classify_service_error(error, meanings, arn)
    if isinstance(error, (_NETWORK, ConnectionError, TimeoutError)):
        return HandlerErrorCode.NetworkFailure
    if isinstance(error, BotoCoreError):
        return HandlerErrorCode.GeneralServiceException
    return next((code for kind, code in _OWN.items() if isinstance(error, kind)), HandlerErrorCode.InternalFailure)


def _classify_service_error(error: ClientError, meanings: Meanings, arn: str | None) -> HandlerErrorCode:
    code = error.response.get("Error", {}).get("Code", "")
    message = error.response.get("Error", {}).get("Message", "") or ""
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if _says_not_found(code, message):
        # NotFound means the package itself is gone; what else may not exist is a bad request.
        missing = meanings.does_not_exist or _missing_subject(error, message, arn)
        return HandlerErrorCode.NotFound if missing is Subject.PACKAGE else HandlerErrorCode.InvalidRequest
    if meanings.already_exists is Subject.PACKAGE and (code in _IN_USE_CODES or _ALREADY_EXISTS.search(message)):
        return HandlerErrorCode.AlreadyExists
    if _is_throttling(error):
        return HandlerErrorCode.Throttling
    if _ACCESS.search(message):
        return HandlerErrorCode.AccessDenied
    by_code = next((handler_code for handler_code, codes in _BY_CODE.items() if code in codes), None)
    if by_code is not None:
        return by_code
    if status >= 500:
        return HandlerErrorCode.ServiceInternalError
    if status == 429:
        return HandlerErrorCode.Throttling
    return HandlerErrorCode.GeneralServiceException


def _says_not_found(code: str, message: str) -> bool:
    """SageMaker's "not found": a validation error saying something "does not exist" (or "cannot
    find"), or a not-found code other SageMaker operations use (row 18)."""
    return code in _NOT_FOUND_CODES or (code.startswith("Validation") and bool(_NOT_FOUND.search(message)))


def _missing_subject(error: ClientError, message: str, arn: str | None) -> Subject:
    addressed = getattr(error, "operation_name", None) in _ADDRESSING_THE_PACKAGE
    if addressed or arn is None or arn.lower() in message.lower():
        return Subject.PACKAGE
    return Subject.REFERENCE


def _is_throttling(error: ClientError) -> bool:
    """botocore's own list of throttling error codes (the one its standard retry mode uses)."""
    return bool(_THROTTLED.is_retryable(RetryContext(attempt_number=1, parsed_response=error.response)))


def is_refusal(error: Exception) -> bool:
    """Whether SageMaker refused the request as invalid (it changed nothing)."""
    return classify(error) is HandlerErrorCode.InvalidRequest


def is_conflict(error: Exception) -> bool:
    """Whether SageMaker refused the call because of the state of what it addresses."""
    return classify(error) is HandlerErrorCode.ResourceConflict


def is_package_gone(error: Exception, arn: str | None) -> bool:
    """Whether the error says the package ``arn`` does not exist (any more)."""
    return classify(error, arn=arn) is HandlerErrorCode.NotFound


def describe(error: Exception) -> str:
    """What the service said, without request ids, credentials or stack traces."""
    if isinstance(error, ClientError):
        info = error.response.get("Error", {})
        return f"{info.get('Code', 'Error')}: {info.get('Message', '')}".rstrip(": ")
    return f"{type(error).__name__}: {error}"


def explain(
    error: Exception, operation: str, resource: str | None, meanings: Meanings = PLAIN
) -> tuple[HandlerErrorCode, str]:
    """(code, message) for a failed call: what failed, on which resource (the package's ARN,
    or its name before it has one), and why."""
    code = classify(error, meanings, resource if resource and resource.startswith("arn:") else None)
    target = f" on {resource}" if resource else ""
    if code is HandlerErrorCode.InternalFailure:
        return code, f"{operation}{target} failed: an unexpected {type(error).__name__} in the provider"
    return code, f"{operation}{target} failed: {describe(error)}"


def is_service_error(error: Exception) -> bool:
    """Whether the error came from calling SageMaker (as opposed to the provider's own rules or defects)."""
    return isinstance(error, (ClientError, BotoCoreError, ConnectionError, TimeoutError))


def service_failure(
    error: Exception,
    operation: str,
    resource: str | None,
    meanings: Meanings,
    retry: tuple[CallbackContext, str] | None,
) -> Failure:
    """The outcome of a failed SageMaker call. ``retry``: the callback context and the step's
    name when the operation may be retried by hand-back (mutating handlers); a retryable
    failure is then handed back with a growing delay until the step's retries are spent."""
    code, message = explain(error, operation, resource, meanings)
    if code in _RETRYABLE and retry is not None:
        return Failure(code, message, _hand_back_delay(*retry))
    return Failure(code, message)


def is_own(error: Exception) -> bool:
    """Whether the error is one of the provider's own (a broken rule, a failed package)."""
    return isinstance(error, tuple(_OWN))


def own_failure(error: Exception) -> Failure:
    """The outcome of one of the provider's own exceptions (a broken rule, a failed package)."""
    return Failure(classify(error), str(error))


def internal_failure(message: str) -> Failure:
    """A defect of the provider: InternalFailure, never retried."""
    return Failure(HandlerErrorCode.InternalFailure, message)


def _hand_back_delay(context: CallbackContext, step: str) -> int | None:
    """Delay before CloudFormation calls back to retry ``step`` (2, 4, 8, 16, 32 s); ``None``
    when its retries are spent. Retries count the consecutive failures of one step."""
    if context.retrying != step:
        context.retrying, context.retries = step, 0
    context.retries += 1
    if context.retries > MAX_HAND_BACKS:
        return None
    return int(min(MAX_HAND_BACK_DELAY_SECONDS, 2**context.retries))


def step_went_through(context: CallbackContext, step: str) -> None:
    """A step that ran without failing starts its retry count again."""
    if context.retrying == step:
        context.retrying, context.retries = None, 0


# --- a version whose group is being created at the same time -------------------------------

GROUP_WAIT_SECONDS = 120
"""How long a create waits for the group its version names, from SageMaker's first "does not
exist". A template that names the group by a plain string has no dependency between the group
and the version, so CloudFormation may create both at once: the group then exists a few seconds
after the version's create began."""
GROUP_RETRY_DELAY_SECONDS = (2, 15)  # between attempts: as long again as waited so far, within these bounds

_GROUP = re.compile(r"model\s*package\s*group", re.IGNORECASE)
# The exact code and wording are not known (fidelity ledger row 19), so any "not found" (see
# _says_not_found) whose message names a model package group counts.


def awaiting_group(error: Exception, group: str | None, context: CallbackContext, now: float) -> Failure | None:
    """What a refused CreateModelPackage becomes when SageMaker says that the group the version
    names (``group``, by name or ARN) does not exist: tried again after a short delay from the
    first such refusal (remembered in ``context``; ``now`` is the chain's clock) until
    ``GROUP_WAIT_SECONDS`` have passed, then InvalidRequest saying how to order the resources.
    A refused create made nothing, so trying it again cannot make a second package. ``None``:
    the refusal is about something else and is explained like any other."""
    if not group or not _is_group_missing(error):
        return None
    message = f"{getattr(error, 'operation_name', None) or 'CreateModelPackage'} failed: {describe(error)}"
    if context.group_missing_since is None:
        context.group_missing_since = now
    waited = max(0.0, now - context.group_missing_since)
    if waited >= GROUP_WAIT_SECONDS:
        return Failure(HandlerErrorCode.InvalidRequest, f"{message.rstrip('.')}. {_group_advice(group, waited)}")
    shortest, longest = GROUP_RETRY_DELAY_SECONDS
    delay = min(max(shortest, min(longest, math.ceil(waited))), math.ceil(GROUP_WAIT_SECONDS - waited))
    waiting = f"it may be being created at the same time: waiting up to {GROUP_WAIT_SECONDS} s for it"
    return Failure(HandlerErrorCode.InvalidRequest, f"{message.rstrip('.')} ({waiting})", delay)


def _is_group_missing(error: Exception) -> bool:
    """Whether SageMaker says that a model package group does not exist (not an image or a source)."""
    if not isinstance(error, ClientError):
        return False
    info = error.response.get("Error", {})
    message = info.get("Message", "") or ""
    return _says_not_found(str(info.get("Code", "")), message) and bool(_GROUP.search(message))


def _group_advice(group: str, waited: float) -> str:
    """How to make CloudFormation create the group before the version."""
    return (
        f"The model package group {group} was still not found after {int(waited)} s. If the template creates "
        "the group, make the version wait for it: give the version `DependsOn: <the group's logical ID>` (in CDK, "
        "`version.node.add_dependency(group)`), or name the group by its attribute instead of a plain string "
        "(`!Ref Group` or `!GetAtt Group.ModelPackageGroupArn`; in CDK, `group.attr_model_package_group_arn`). "
        "Otherwise create the group before the stack."
    )
