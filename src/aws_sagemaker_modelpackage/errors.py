"""Errors and retries, in one place: every failure the provider can meet is mapped here to a
HandlerErrorCode, and here it is decided whether and when a failure is retried.

SageMaker reports "not found" as a ValidationException whose message says something "does not
exist", so the table matches on codes first and on message text second. What such a message
means depends on the call: a step declares it with ``Meanings`` (e.g. on create, "already
exists" is the package itself, and "does not exist" is the group it names, not the package).

Retries happen at two levels (see docs/reliability.md, "Retry policy"):
- inside one invocation, botocore's standard mode (``BOTOCORE_RETRIES``: 2 attempts in all) for
  a 5xx or a network failure, so that every invocation returns well within CloudFormation's 60 s;
  throttling is not retried there (``client.without_throttling_retries``) but handed back at once;
- across invocations, a failure of a kind the step declares (``Retry``, e.g. ``TRANSIENT``:
  throttling, a 5xx or a network failure) is handed back to CloudFormation (IN_PROGRESS) after a
  delay drawn from the kind's ``Backoff``, until the step has been failing that way for the
  backoff's budget; the time of the first such failure is kept in the callback context. READ
  and LIST are never handed back: CloudFormation does not call them back.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, NoReturn

import botocore
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.retries.standard import RetryContext, ThrottledRetryableChecker
from cloudformation_cli_python_lib import exceptions
from cloudformation_cli_python_lib.interface import Action, HandlerErrorCode

from .backoff import Backoff
from .context import CallbackContext

BOTOCORE_ATTEMPTS = 2
"""botocore's attempts of one call inside one invocation, for what is not throttling (see client.py)."""
BOTOCORE_RETRIES = {"mode": "standard", "total_max_attempts": BOTOCORE_ATTEMPTS}


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


def is_service_error(error: Exception) -> bool:
    """Whether the error came from calling SageMaker (as opposed to the provider's own rules or defects)."""
    return isinstance(error, (ClientError, BotoCoreError, ConnectionError, TimeoutError))


def service_failure(error: Exception, operation: str, resource: str | None, meanings: Meanings) -> Failure:
    """How a failed SageMaker call ends the operation, unless a retry the step declares applies."""
    return Failure(*explain(error, operation, resource, meanings))


def is_own(error: Exception) -> bool:
    """Whether the error is one of the provider's own (a broken rule, a failed package)."""
    return isinstance(error, tuple(_OWN))


def own_failure(error: Exception) -> Failure:
    """The outcome of one of the provider's own exceptions (a broken rule, a failed package)."""
    return Failure(classify(error), str(error))


def internal_failure(message: str) -> Failure:
    """A defect of the provider: InternalFailure, never retried."""
    return Failure(HandlerErrorCode.InternalFailure, message)


def left_behind(failure: Failure, clean_up: Failure, arn: str | None) -> Failure:
    """How an operation ends when the clean-up of what it made failed too (beyond its retries)."""
    return Failure(
        failure.code,
        f"{failure.message}; the package {arn} could not be deleted ({clean_up.message}): delete it by hand",
    )


def refuse_request(message: str) -> NoReturn:
    """Refuse a request before any handler runs (a template that breaks the schema, malformed
    caller credentials): the library answers InvalidRequest with ``message``."""
    raise exceptions.InvalidRequest(message) from None


# --- retries across invocations --------------------------------------------------------------

RETRY_BUDGET_SECONDS = 30 * 60
"""How long a step that meets throttling, a 5xx or a network failure is retried, from its first
such failure: a stack of many resources throttled together needs minutes, not seconds, and 30
minutes stays well under the schema's timeouts (180 minutes for create and update, 60 for delete)."""
HAND_BACK = Backoff(first=12, cap=60, budget=RETRY_BUDGET_SECONDS, growth=2)
"""The hand-back policy: full jitter from a window twice as long as the step has been failing (12 s
at first, at most 60 s). Chosen by measurement (docs/performance.md, "A stack at scale"): of the
policies tried it made the fewest calls of a throttled stack of 100, about 4 writes per package,
while the creates stayed within 2x the throttled minimum. One value, so that a benchmark can vary
it by replacing it."""
CONFLICT_BUDGET_SECONDS = 120
"""How long a ConflictException on create or update is retried (with ``HAND_BACK``'s delays)
before the operation fails ResourceConflict: a concurrent change of the same group or package
is over in seconds, and a conflict that lasts is one to report."""
GROUP_WAIT_SECONDS = 120
"""How long a create waits for the group its version names, from SageMaker's first "does not
exist". A template that names the group by a plain string has no dependency between the group
and the version, so CloudFormation may create both at once: the group then exists a few seconds
after the version's create began."""
GROUP_WAIT = Backoff(first=2, cap=15, budget=GROUP_WAIT_SECONDS)
HANDED_BACK = frozenset({Action.CREATE, Action.UPDATE, Action.DELETE})
"""The handlers CloudFormation calls back after IN_PROGRESS; READ and LIST answer at once."""


@dataclass(frozen=True)
class Attempt:
    """What a retry decision needs to know of the step that failed: the handler, the step, the
    callback context it records the first failure in, the chain's clock and a draw of its
    randomness, the group the request names and the caller's account (for the group wait)."""

    action: Action
    step: str
    context: CallbackContext
    now: float
    draw: float
    group: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class Retry:
    """A kind of failure a step tries again, declared on the step like ``Meanings``: which
    failures it applies to, under which backoff (looked up when used, so that replacing
    ``HAND_BACK`` takes effect), and the message once the backoff's budget is spent."""

    kind: str
    applies: Callable[[Exception, Failure, Attempt], bool]
    backoff: Callable[[], Backoff]
    given_up: Callable[[Failure, float, Attempt], str]


@dataclass(frozen=True)
class HandBack:
    """A failure handed back to CloudFormation, to be tried again after ``delay`` seconds."""

    failure: Failure
    delay: int


def retry_or_fail(
    failure: Failure, error: Exception, retries: tuple[Retry, ...], attempt: Attempt
) -> Failure | HandBack:
    """``failure`` handed back when one of the step's ``retries`` applies and its budget is not
    spent, else the operation's end (saying for how long it was retried). Records the time of
    the step's first failure of that kind in the callback context."""
    retry = next((r for r in retries if r.applies(error, failure, attempt)), None)
    if retry is None or attempt.action not in HANDED_BACK:
        return _with_shared_group_advice(failure, error, attempt)
    since = attempt.context.retrying.setdefault(f"{attempt.step}/{retry.kind}", attempt.now)
    waited = max(0.0, attempt.now - since)
    delay = retry.backoff().delay(waited, attempt.draw)
    if delay is None:
        return Failure(failure.code, retry.given_up(failure, waited, attempt))
    return HandBack(failure, delay)


def went_through(context: CallbackContext, step: str) -> None:
    """A step that ran without failing forgets its failures: a later one starts a new budget."""
    for key in [key for key in context.retrying if key.startswith(f"{step}/")]:
        del context.retrying[key]


def _still_failing(failure: Failure, waited: float, attempt: Attempt) -> str:
    return f"{failure.message} (still failing after {_duration(waited)} of retries)"


def _duration(seconds: float) -> str:
    return f"{int(seconds)} s" if seconds < 120 else f"{seconds / 60:.0f} min"


TRANSIENT = Retry(
    "transient",
    lambda _error, failure, _attempt: failure.code in _RETRYABLE,
    lambda: HAND_BACK,
    _still_failing,
)
CONFLICT = Retry(
    "conflict",
    lambda _error, failure, _attempt: failure.code is HandlerErrorCode.ResourceConflict,
    lambda: replace(HAND_BACK, budget=CONFLICT_BUDGET_SECONDS),
    _still_failing,
)
AWAIT_GROUP = Retry(
    "group",
    lambda error, _failure, attempt: bool(attempt.group) and _is_group_missing(error) and not _shared(attempt),
    lambda: GROUP_WAIT,
    lambda failure, waited, attempt: f"{failure.message.rstrip('.')}. {_group_advice(attempt.group or '', waited)}",
)
ON_CHANGE = (CONFLICT, TRANSIENT)
"""What a step that creates or changes the package retries: SageMaker declares ConflictException
on CreateModelPackage and UpdateModelPackage without saying when (concurrent changes are the
likely cause; fidelity ledger), so it is retried for a short while."""


# --- a version whose group is being created at the same time -------------------------------

_GROUP = re.compile(r"model\s*package\s*group", re.IGNORECASE)
# The exact code and wording are not known (fidelity ledger row 19), so any "not found" (see
# _says_not_found) whose message names a model package group counts.


def _is_group_missing(error: Exception) -> bool:
    """Whether SageMaker says that a model package group does not exist (not an image or a source)."""
    if not isinstance(error, ClientError):
        return False
    info = error.response.get("Error", {})
    message = info.get("Message", "") or ""
    return _says_not_found(str(info.get("Code", "")), message) and bool(_GROUP.search(message))


def _shared(attempt: Attempt) -> bool:
    """Whether the request names a group of another account than the caller's: a central
    registry's, which no stack of this account creates, so it is never waited for."""
    from .properties import names  # imported here: the rules import this module

    return names.in_another_account(attempt.group, attempt.account)


def _with_shared_group_advice(failure: Failure, error: Exception, attempt: Attempt) -> Failure:
    """``failure``, saying which resource policy must allow what, when SageMaker refused a call
    about a group of another account as missing or denied (which of the two it answers is not
    published: fidelity ledger row 54)."""
    refused = _is_group_missing(error) or failure.code is HandlerErrorCode.AccessDenied
    if not refused or not _shared(attempt):
        return failure
    from .properties import names  # imported here: the rules import this module

    action = f"sagemaker:{getattr(error, 'operation_name', '')}"
    advice = names.shared_group_advice(str(attempt.group), str(attempt.account), action)
    return Failure(failure.code, f"{failure.message.rstrip('.')}. {advice}")


def _group_advice(group: str, waited: float) -> str:
    """How to make CloudFormation create the group before the version."""
    return (
        f"The model package group {group} was still not found after {int(waited)} s. If the template creates "
        "the group, make the version wait for it: give the version `DependsOn: <the group's logical ID>` (in CDK, "
        "`version.node.add_dependency(group)`), or name the group by its attribute instead of a plain string "
        "(`!Ref Group` or `!GetAtt Group.ModelPackageGroupArn`; in CDK, `group.attr_model_package_group_arn`). "
        "Otherwise create the group before the stack."
    )


# --- messages about properties (the provider's own refusals) ------------------------------

# What each name means, in the message of the choice between them.
_NAME_LABELS = {"ModelPackageName": "unversioned package", "ModelPackageGroupName": "versioned package"}


def name_of(model: Mapping[str, Any]) -> str | None:
    """The name a template gives the package (its own, or its group's), for messages and logs
    about a package that has no ARN yet."""
    return model.get("ModelPackageName") or model.get("ModelPackageGroupName")


def explain_choice(names: Sequence[str], model: Mapping[str, Any]) -> str:
    """The message for a template that does not set exactly one of ``names``."""
    labelled = [f"{name} ({_NAME_LABELS[name]})" if name in _NAME_LABELS else name for name in names]
    given = [name for name in names if model.get(name)]
    return f"Exactly one of {' and '.join(labelled)} must be set; got {' and '.join(given) or 'neither'}"


def unsupported(name: str) -> InputError:
    """The refusal of a schema property the runtime's botocore lacks. Only an older botocore
    lacks one: every property a request may carry is in the botocore the provider is built
    with, or has a rule that keeps it out of that request (a unit test walks the schema)."""
    return InputError(
        f"{name} cannot be applied: the SageMaker API model of the botocore {botocore.__version__} "
        "this handler runs with does not know it (package the provider with a newer boto3)"
    )
