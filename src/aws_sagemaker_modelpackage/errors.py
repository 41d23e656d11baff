"""What a failure is: every failure the provider can meet is mapped here to a HandlerErrorCode,
with the message the operation ends with. Whether and when it is tried again is ``retries.py``'s
decision.

SageMaker reports "not found" as a ValidationException whose message says something "does not
exist", so the table matches on codes first and on message text second. What such a message
means depends on the call: a step declares it with ``Meanings`` (e.g. on create, "already
exists" is the package itself, and "does not exist" is the group it names, not the package).
"""

import logging
import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NoReturn

import botocore
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from cloudformation_cli_python_lib import exceptions
from cloudformation_cli_python_lib.interface import Action, HandlerErrorCode

LOG = logging.getLogger(__name__)


class InputError(ValueError):
    """A property that breaks a rule (InvalidRequest); the message names the property and the rule."""


class MissingCredentials(Exception):
    """The handler was invoked without the caller's credentials (InvalidCredentials)."""


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

# Credentials that were valid and have expired: each invocation brings its own temporary STS
# credentials, so the next one has fresh ones (see retries.EXPIRED).
_EXPIRED = frozenset({"ExpiredTokenException", "ExpiredToken", "RequestExpired"})

# Error codes → handler error code (throttling is botocore's own definition, see retries.is_throttling).
_BY_CODE = {
    HandlerErrorCode.ResourceConflict: {"ConflictException"},
    HandlerErrorCode.ServiceLimitExceeded: {"ResourceLimitExceeded", "ServiceQuotaExceededException"},
    HandlerErrorCode.AccessDenied: {"AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "NotAuthorized"},
    HandlerErrorCode.InvalidCredentials: {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        *_EXPIRED,
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

_NETWORK = (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)
_SERVICE_ERRORS = (ClientError, BotoCoreError, ConnectionError, TimeoutError)  # from calling SageMaker
_OWN = {
    InputError: HandlerErrorCode.InvalidRequest,
    MissingCredentials: HandlerErrorCode.InvalidCredentials,
    NotStabilised: HandlerErrorCode.NotStabilized,
    PackageUnknown: HandlerErrorCode.NotFound,
}


@dataclass(frozen=True)
class Failure:
    """How an operation ends after an exception: the handler error code and the message."""

    code: HandlerErrorCode
    message: str

    def dump(self) -> dict[str, str]:
        return {"code": self.code.value, "message": self.message}

    @classmethod
    def load(cls, raw: dict[str, str]) -> "Failure":
        return cls(HandlerErrorCode(raw["code"]), raw["message"])


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
    # retries.py decides on failures, so it imports this module; throttling is defined there, once,
    # with botocore's retries inside an invocation.
    from .retries import is_throttled

    code = error.response.get("Error", {}).get("Code", "")
    message = error.response.get("Error", {}).get("Message", "") or ""
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if says_not_found(code, message):
        # NotFound means the package itself is gone; what else may not exist is a bad request.
        missing = meanings.does_not_exist or _missing_subject(error, message, arn)
        return HandlerErrorCode.NotFound if missing is Subject.PACKAGE else HandlerErrorCode.InvalidRequest
    if meanings.already_exists is Subject.PACKAGE and (code in _IN_USE_CODES or _ALREADY_EXISTS.search(message)):
        return HandlerErrorCode.AlreadyExists
    if is_throttled(error):
        return HandlerErrorCode.Throttling
    if _ACCESS.search(message):
        return HandlerErrorCode.AccessDenied
    by_code = next((handler_code for handler_code, codes in _BY_CODE.items() if code in codes), None)
    if by_code is not None:
        return by_code
    if status >= 500:
        return HandlerErrorCode.ServiceInternalError
    return HandlerErrorCode.GeneralServiceException


def says_not_found(code: str, message: str) -> bool:
    """SageMaker's "not found": a validation error saying something "does not exist" (or "cannot
    find"), or a not-found code other SageMaker operations use (row 18)."""
    return code in _NOT_FOUND_CODES or (code.startswith("Validation") and bool(_NOT_FOUND.search(message)))


def _missing_subject(error: ClientError, message: str, arn: str | None) -> Subject:
    addressed = getattr(error, "operation_name", None) in _ADDRESSING_THE_PACKAGE
    if addressed or arn is None or arn.lower() in message.lower():
        return Subject.PACKAGE
    return Subject.REFERENCE


def credentials_expired(error: Exception) -> bool:
    """Whether the call was refused because its credentials, valid until then, have expired."""
    return isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") in _EXPIRED


def is_refusal(error: Exception) -> bool:
    """Whether SageMaker refused the request as invalid (it changed nothing)."""
    return classify(error) is HandlerErrorCode.InvalidRequest


def is_conflict(error: Exception) -> bool:
    """Whether SageMaker refused the call because of the state of what it addresses."""
    return classify(error) is HandlerErrorCode.ResourceConflict


def is_package_gone(error: Exception, arn: str | None) -> bool:
    """Whether the error says the package ``arn`` does not exist (any more)."""
    return classify(error, arn=arn) is HandlerErrorCode.NotFound


def message_of(error: Exception) -> str:
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
    return code, f"{operation}{target} failed: {message_of(error)}"


@dataclass(frozen=True)
class Where:
    """Where a failure happened: the handler, its step, and the package: its ARN, or before it
    has one, the name its template gives it (a version has none of its own)."""

    action: Action
    step: str
    arn: str | None
    name: str | None


def failure_of(error: Exception, where: Where, meanings: Meanings) -> Failure:
    """How ``error`` ends the operation, whatever it is: a failed SageMaker call (``meanings``:
    what the step's refusals mean), one of the provider's own errors, or a defect of the provider."""
    if isinstance(error, _SERVICE_ERRORS):
        operation = getattr(error, "operation_name", None) or f"{where.action.value} step {where.step}"
        return Failure(*explain(error, operation, where.arn or where.name, meanings))
    if isinstance(error, tuple(_OWN)):
        return Failure(classify(error), str(error))
    # Where it happened, without the exception's text, which may quote input values.
    LOG.error(
        "%s %s: step %s raised %s at\n%s",
        where.action.value,
        where.arn or "-",
        where.step,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    return internal_failure(
        f"{where.action.value} of {where.arn or 'the model package'} "
        f"failed in step {where.step}: an internal error of the provider"
    )


def internal_failure(message: str) -> Failure:
    """A defect of the provider: InternalFailure, never retried."""
    return Failure(HandlerErrorCode.InternalFailure, message)


def left_behind(failure: Failure, clean_up: Failure, arn: str | None) -> Failure:
    """How an operation ends when the clean-up of what it made failed too (beyond its retries)."""
    return Failure(
        failure.code,
        f"{failure.message}; the package {arn} could not be deleted ({clean_up.message}): delete it by hand",
    )


MAX_REPORTED = 5
"""How many broken rules one refusal names; the rest are counted."""


def broken_rules(problems: Sequence[str]) -> InputError:
    """The refusal of a template that breaks ``problems`` (one message each), naming the first few."""
    more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
    return InputError("; ".join(problems[:MAX_REPORTED]) + more)


def refuse_request(message: str) -> NoReturn:
    """Refuse a request before any handler runs (a template that breaks the schema, malformed
    caller credentials): the library answers InvalidRequest with ``message``."""
    raise exceptions.InvalidRequest(message) from None


def unsupported(name: str) -> InputError:
    """The refusal of a schema property the runtime's botocore lacks. Only an older botocore
    lacks one: every property a request may carry is in the botocore the provider is built
    with, or has a rule that keeps it out of that request (a unit test walks the schema)."""
    return InputError(
        f"{name} cannot be applied: the SageMaker API model of the botocore {botocore.__version__} "
        "this handler runs with does not know it (package the provider with a newer boto3)"
    )
