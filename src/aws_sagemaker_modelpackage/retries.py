"""Whether and when to try again, in one place: the policy (``Policy``, a value), the retries
botocore makes inside one invocation, and the kinds of failure a step tries again by handing
the operation back to CloudFormation.

Retries happen at two levels (see docs/reliability.md, "Retry policy"):
- inside one invocation, botocore's standard mode (``Policy.botocore_attempts``: 2 attempts in
  all) for a 5xx or a network failure, so that every invocation returns well within
  CloudFormation's 60 s. Throttling is not retried there (``without_throttling_retries``): a
  second attempt a second later meets the same throttle, doubles the calls that a throttled
  SageMaker sees and spends the invocation's time, while the hand-back to CloudFormation waits a
  jittered, growing delay for free;
- across invocations, a failure of a kind the step declares (``Retry``, e.g. ``TRANSIENT``:
  throttling, a 5xx or a network failure) is handed back to CloudFormation (IN_PROGRESS) after a
  delay drawn from the kind's ``Backoff``, until the step has been failing that way for the
  backoff's budget; the time of the first such failure is kept in the callback context. READ
  and LIST are never handed back: CloudFormation does not call them back.

Every wait, a step's retries and the polls of stabilisation and deletion alike, is timed from
when it began, as the callback context records it (``CallbackContext.retrying``), and its next
delay comes from one function (``next_wait``).

The policy is a value, like the Java plugin's ``Delay``: the entrypoint holds one beside its
clock (``handlers.resource.policy``), each chain is given it, and every decision is made with
the one it is passed. A benchmark tries another policy by building its own.
"""

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.retries import quota, standard
from botocore.retries.standard import RetryContext
from cloudformation_cli_python_lib.interface import Action, HandlerErrorCode

from . import api_model, errors
from .context import POLL, CallbackContext
from .properties import names

if TYPE_CHECKING:  # development stubs only (see client.py)
    from types_boto3_sagemaker import SageMakerClient


# --- how long to wait -------------------------------------------------------------------------


@dataclass(frozen=True)
class Backoff:
    """How long to wait before trying again, as one value: what the Java plugin writes as
    ``Exponential.of().minDelay(..).maxDelay(..).timeout(..)``, with AWS's jitter.

    The window grows with the time already waited (a ``growth`` fraction of it, within ``first``
    and ``cap``), so over successive attempts it grows exponentially without counting them: only
    the time the wait began needs to be remembered, in the callback context. Each delay is drawn
    from the window's top ``jitter`` fraction (1.0: AWS's "full jitter", anywhere in the window;
    0.5: in its upper half, never sooner than half the window), so resources that met the same
    failure at the same moment spread out instead of retrying in lockstep. The wait ends when
    ``budget`` seconds have passed; its last attempt is made at the budget's end."""

    first: float  # the window while little time has been waited, seconds
    cap: float  # the largest window, seconds
    budget: float  # how long the whole wait may last, seconds from its start
    growth: float = 1.0  # the window as a fraction of the time already waited
    jitter: float = 1.0  # the fraction of the window a delay is drawn from (its top part)

    def window(self, waited: float) -> float:
        return min(self.cap, max(self.first, waited * self.growth))

    def delay(self, waited: float, draw: float) -> int | None:
        """Whole seconds until the next attempt, ``waited`` seconds after the wait began, with
        ``draw`` uniform in [0, 1]; at least one second (CloudFormation's unit), never past the
        budget's end. ``None``: the budget is spent."""
        left = self.budget - waited
        if left <= 0:
            return None
        window = self.window(waited)
        drawn = window * (1 - self.jitter + self.jitter * draw)
        return int(max(1, min(math.ceil(drawn), math.ceil(left))))


RETRY_BUDGET_SECONDS = 30 * 60
"""How long a step that meets throttling, a 5xx or a network failure is retried, from its first
such failure: a stack of many resources throttled together needs minutes, not seconds, and 30
minutes stays well under the schema's timeouts (180 minutes for create and update, 60 for delete)."""


@dataclass(frozen=True)
class Policy:
    """Every number of the retry policy, as one value (see the module's docstring)."""

    transient: Backoff = Backoff(first=12, cap=60, budget=RETRY_BUDGET_SECONDS, growth=2)
    """The wait of a step handed back after throttling, a 5xx or a network failure: full jitter
    from a window twice as long as the step has been failing (12 s at first, at most 60 s).
    Chosen by measurement (docs/performance.md, "A stack at scale"): of the policies tried it
    made the fewest calls of a throttled stack of 100, about 4 writes per package, while the
    creates stayed within 2x the throttled minimum."""
    conflict_budget: float = 120
    """How long a ConflictException on create or update is retried (with ``transient``'s delays)
    before the operation fails ResourceConflict: a concurrent change of the same group or package
    is over in seconds, and a conflict that lasts is one to report."""
    group_wait: Backoff = Backoff(first=2, cap=15, budget=120)
    """How long a create waits for the group its version names, from SageMaker's first "does not
    exist". A template that names the group by a plain string has no dependency between the group
    and the version, so CloudFormation may create both at once: the group then exists a few
    seconds after the version's create began."""
    poll: Backoff = Backoff(first=1, cap=60, budget=170 * 60, growth=0.2, jitter=0.5)
    """Stabilisation: a window of a fifth of the time already waited (1 to 60 s), the delay in its
    upper half. So a package that completes after T seconds is noticed by about 1.2 T at the
    latest, a hundred resources started together do not describe in lockstep, and no poll comes
    sooner than half the window, before SageMaker could have moved on. Its budget ends ten
    minutes before the schema's 180-minute timeout of create and update, so the provider says
    what the package was doing before CloudFormation gives up."""
    botocore_attempts: int = 2
    """botocore's attempts of one call inside one invocation, for what is not throttling."""

    @property
    def conflict(self) -> Backoff:
        return replace(self.transient, budget=self.conflict_budget)

    @property
    def deletion_poll(self) -> Backoff:
        """The wait for a deletion: ``poll``'s delays, within the budget of every retry (and well
        within the delete timeout)."""
        return replace(self.poll, budget=self.transient.budget)


DEFAULT = Policy()
"""The policy the provider runs with."""


@dataclass(frozen=True)
class Wait:
    """Where a wait stands: for how long it has lasted, and the delay until its next attempt
    (``None``: its budget is spent)."""

    waited: float
    delay: int | None


def next_wait(context: CallbackContext, key: str, backoff: Backoff, now: float, draw: float) -> Wait:
    """The next delay of the wait ``key`` under ``backoff``, timed from the wait's start, which
    the callback context records the first time (``draw``: uniform in [0, 1])."""
    waited = max(0.0, now - context.retrying.setdefault(key, now))
    return Wait(waited, backoff.delay(waited, draw))


def poll(context: CallbackContext, backoff: Backoff, now: float, draw: float) -> Wait:
    """When to look again at a package that is not done yet (stabilisation, deletion)."""
    return next_wait(context, POLL, backoff, now, draw)


# --- throttling ---------------------------------------------------------------------------------

_THROTTLING = standard.ThrottlingErrorDetector(standard.RetryEventAdapter())


def is_throttling(context: RetryContext) -> bool:
    """Throttling, defined once, for botocore's retries inside an invocation (``UnlessThrottled``)
    and for what a failure is (``errors.classify``, through ``is_throttled``): botocore's own
    detector, the one its standard retry mode uses, which counts its list of throttling codes,
    the operation's modelled throttling errors and an HTTP 429 whose code the operation does not
    model. That last check is botocore's ``ThrottlingStatusCodeChecker``, in 1.44 (the artifact
    bundles 1.44.8) but not in 1.43, and it reads the HTTP response, so the context must carry one;
    tests/unit/test_library_boundary.py fails on a botocore without it."""
    return bool(_THROTTLING.is_throttling_error_from_context(context))


def is_throttled(error: ClientError) -> bool:
    """Whether a failed SageMaker call was throttled (``is_throttling`` of its answer)."""
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
    return is_throttling(
        RetryContext(
            attempt_number=1,
            operation_model=_operation_model(getattr(error, "operation_name", None)),
            parsed_response=error.response,
            http_response=AWSResponse(None, status, {}, None),
        )
    )


def _operation_model(name: str | None) -> Any:
    model = api_model.sagemaker()
    return model.operation_model(name) if name in model.operation_names else None


# --- retries inside one invocation (botocore) -------------------------------------------------


def botocore_retries(policy: Policy) -> dict[str, Any]:
    """botocore's retry configuration of a client: standard mode, ``policy.botocore_attempts``."""
    return {"mode": "standard", "total_max_attempts": policy.botocore_attempts}


BEST_EFFORT = {"mode": "standard", "total_max_attempts": 1}
"""botocore's retry configuration of the telemetry clients (log delivery, the library's metrics):
one attempt, never tried again. What they deliver must not hold up the operation, and a line or a
metric that is lost costs nothing the operation depends on (``log_delivery.py``)."""


class UnlessThrottled:
    """botocore's standard retry conditions (a 5xx, a network failure, a modelled transient
    error, within the attempts) except throttling (``is_throttling``)."""

    def __init__(self, max_attempts: int):
        self._standard = standard.StandardRetryConditions(max_attempts=max_attempts)

    def is_retryable(self, context: RetryContext) -> bool:
        return not is_throttling(context) and bool(self._standard.is_retryable(context))


def without_throttling_retries(made: "SageMakerClient", policy: Policy) -> "SageMakerClient":
    """``made`` with its standard-mode retry handler replaced by one that does not retry
    throttling: the handler ``standard.register_retry_handler`` registers, from the same
    pieces (its retry quota, backoff and event adapter, which take botocore's throttling detector
    as its own handler gives them), under the same unique id. Idempotent: a client handed out
    again keeps one handler and one quota release."""
    service = made.meta.service_model.service_id.hyphenize()
    adapter = standard.RetryEventAdapter()
    throttling = standard.ThrottlingErrorDetector(adapter)
    retry_quota = standard.RetryQuotaChecker(quota.RetryQuota(), throttling)
    retry_policy = standard.RetryPolicy(
        retry_checker=UnlessThrottled(policy.botocore_attempts),
        retry_backoff=standard.ExponentialBackoff(service_name=service, throttling_detector=throttling),
    )
    handler = standard.RetryHandler(retry_policy, adapter, retry_quota, service_name=service)
    for event, unique_id, hook in (
        (f"needs-retry.{service}", f"retry-config-{service}", handler.needs_retry),
        (f"after-call.{service}", f"retry-quota-{service}", retry_quota.release_retry_quota),
    ):
        made.meta.events.unregister(event, unique_id=unique_id)
        made.meta.events.register(event, hook, unique_id=unique_id)
    return made


# --- retries across invocations ---------------------------------------------------------------

CALLED_BACK = frozenset({Action.CREATE, Action.UPDATE, Action.DELETE})
"""The handlers CloudFormation calls back after IN_PROGRESS; READ and LIST answer at once."""
_TRANSIENT_CODES = frozenset(
    {HandlerErrorCode.Throttling, HandlerErrorCode.ServiceInternalError, HandlerErrorCode.NetworkFailure}
)


@dataclass(frozen=True)
class Situation:
    """What a retry decision knows of the step that failed: where it failed, the callback
    context it records the first failure in, the chain's clock and a draw of its randomness,
    the policy, the desired state of the request and the caller's account (a group of another
    account is never waited for)."""

    where: errors.Where
    context: CallbackContext
    now: float
    draw: float
    policy: Policy
    desired: Mapping[str, Any]
    account: str | None = None


@dataclass(frozen=True)
class Retry:
    """A kind of failure a step tries again, declared on the step like ``errors.Meanings``: which
    failures it applies to, which of the policy's backoffs it waits with, and the message once
    that backoff's budget is spent."""

    kind: str
    applies: Callable[[Exception, errors.Failure, Situation], bool]
    wait: Callable[[Policy], Backoff]
    given_up: Callable[[errors.Failure, float, Situation], str]


@dataclass(frozen=True)
class Retrying:
    """A failure handed back to CloudFormation, to be tried again after ``delay`` seconds."""

    failure: errors.Failure
    delay: int


def retry_or_fail(
    failure: errors.Failure, error: Exception, kinds: tuple[Retry, ...], situation: Situation
) -> errors.Failure | Retrying:
    """``failure`` handed back when one of the step's retry ``kinds`` applies and its budget is
    not spent, else the operation's end (saying for how long it was retried). Records the time
    of the step's first failure of that kind in the callback context."""
    retry = next((kind for kind in kinds if kind.applies(error, failure, situation)), None)
    if retry is None or situation.where.action not in CALLED_BACK:
        return _with_shared_group_advice(failure, error, situation)
    key = f"{situation.where.step}/{retry.kind}"
    wait = next_wait(situation.context, key, retry.wait(situation.policy), situation.now, situation.draw)
    if wait.delay is None:
        return errors.Failure(failure.code, retry.given_up(failure, wait.waited, situation))
    return Retrying(failure, wait.delay)


def forget_failures(context: CallbackContext, step: str) -> None:
    """A step that ran without failing forgets its failures: a later one starts a new budget."""
    for key in [key for key in context.retrying if key.startswith(f"{step}/")]:
        del context.retrying[key]


def may_have_applied(context: CallbackContext, step: str, error: ClientError) -> bool:
    """Whether an earlier request of ``step``, before the one that failed with ``error``, may
    have been applied by SageMaker though its answer was lost: an earlier invocation handed the
    step back after a transient failure (a 5xx or a network failure), or botocore sent this
    call again inside the invocation after one."""
    retried_inside = int(error.response.get("ResponseMetadata", {}).get("RetryAttempts") or 0) > 0
    return f"{step}/{TRANSIENT.kind}" in context.retrying or retried_inside


def _still_failing(failure: errors.Failure, waited: float, _situation: Situation) -> str:
    return f"{failure.message} (still failing after {_duration(waited)} of retries)"


def _duration(seconds: float) -> str:
    return f"{int(seconds)} s" if seconds < 120 else f"{seconds / 60:.0f} min"


TRANSIENT = Retry(
    "transient",
    lambda _error, failure, _situation: failure.code in _TRANSIENT_CODES,
    lambda policy: policy.transient,
    _still_failing,
)
CONFLICT = Retry(
    "conflict",
    lambda _error, failure, _situation: failure.code is HandlerErrorCode.ResourceConflict,
    lambda policy: policy.conflict,
    _still_failing,
)
AWAIT_GROUP = Retry(
    "group",
    lambda error, _failure, situation: (
        bool(names.group_of(situation.desired)) and _is_group_missing(error) and not _shared(situation)
    ),
    lambda policy: policy.group_wait,
    lambda failure, waited, situation: (
        f"{failure.message.rstrip('.')}. {_group_advice(names.group_of(situation.desired) or '', waited)}"
    ),
)
EXPIRED = Retry(
    "expired",
    lambda error, _failure, _situation: errors.credentials_expired(error),
    lambda policy: policy.transient,
    _still_failing,
)
"""Credentials that expired during the operation: each invocation brings the caller's temporary
STS credentials of its own, so the next one tries again with fresh ones. Credentials that were
never valid (UnrecognizedClientException, InvalidClientTokenId, none at all) fail at once."""
USUAL = (TRANSIENT, EXPIRED)
"""What every step retries unless it declares otherwise."""
ON_CHANGE = (CONFLICT, *USUAL)
"""What a step that creates or changes the package retries: SageMaker declares ConflictException
on CreateModelPackage and UpdateModelPackage without saying when (concurrent changes are the
likely cause; fidelity ledger), so it is retried for a short while."""


# --- a version whose group is being created at the same time -------------------------------

_GROUP = re.compile(r"model\s*package\s*group", re.IGNORECASE)
# The exact code and wording are not known (fidelity ledger row 19), so any "not found" (see
# errors.says_not_found) whose message names a model package group counts.


def _is_group_missing(error: Exception) -> bool:
    """Whether SageMaker says that a model package group does not exist (not an image or a source)."""
    if not isinstance(error, ClientError):
        return False
    info = error.response.get("Error", {})
    message = info.get("Message", "") or ""
    return errors.says_not_found(str(info.get("Code", "")), message) and bool(_GROUP.search(message))


def _shared(situation: Situation) -> bool:
    """Whether the request names a group of another account than the caller's: a central
    registry's, which no stack of this account creates, so it is never waited for."""
    return names.in_another_account(names.group_of(situation.desired), situation.account)


def _with_shared_group_advice(failure: errors.Failure, error: Exception, situation: Situation) -> errors.Failure:
    """``failure``, saying which resource policy must allow what, when SageMaker refused a call
    about a group of another account as missing or denied (which of the two it answers is not
    published: fidelity ledger row 54)."""
    refused = _is_group_missing(error) or failure.code is HandlerErrorCode.AccessDenied
    if not refused or not _shared(situation):
        return failure
    action = f"sagemaker:{getattr(error, 'operation_name', '')}"
    group = str(names.group_of(situation.desired))
    advice = names.shared_group_advice(group, str(situation.account), action)
    return errors.Failure(failure.code, f"{failure.message.rstrip('.')}. {advice}")


def _group_advice(group: str, waited: float) -> str:
    """How to make CloudFormation create the group before the version."""
    return (
        f"The model package group {group} was still not found after {int(waited)} s. If the template creates "
        "the group, make the version wait for it: give the version `DependsOn: <the group's logical ID>` (in CDK, "
        "`version.node.add_dependency(group)`), or name the group by its attribute instead of a plain string "
        "(`!Ref Group` or `!GetAtt Group.ModelPackageGroupArn`; in CDK, `group.attr_model_package_group_arn`). "
        "Otherwise create the group before the stack."
    )
