"""Runs a handler as a sequence of named steps, the way the Java plugin's call chains read.

A ``Step`` is declared with its name, whether it is remembered, what its errors mean and which
failures it retries. It takes the chain and returns None to go on, or a ProgressEvent to stop
there. A remembered step that finished is recorded in the callback context under its name (as
the Java plugin memoises each call by its call-graph name), so a re-invocation skips it. A
chain may declare a compensation (``on_failure``): the step that undoes what the chain made when
a later step fails. The chain only runs steps and logs one line for each; what a step works on
is its ``Invocation``; what an exception becomes is ``errors.py``'s decision, and whether it is
retried ``retries.py``'s.
"""

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, cast

from cloudformation_cli_python_lib.interface import Action, OperationStatus, ProgressEvent

from . import client as clients
from . import errors, properties, schema
from .context import CallbackContext
from .json_model import plain, to_model
from .properties import names
from .retries import DEFAULT, USUAL, Policy, Retry, Situation, forget_failures, retry_or_fail

if TYPE_CHECKING:  # development stubs only (see client.py)
    from types_boto3_sagemaker import SageMakerClient

LOG = logging.getLogger(__name__)


class Clock(Protocol):
    """The time and randomness a chain sees (tests pass a simulated one)."""

    def time(self) -> float: ...

    def random(self) -> float: ...


class _SystemClock:
    time = staticmethod(time.time)
    random = staticmethod(random.random)


SYSTEM_CLOCK: Clock = _SystemClock()


@dataclass(frozen=True)
class Result[T]:
    """A value one step makes and later steps of the same invocation read, held by the chain
    under its name (as the Java plugin holds each call's response under the call's name), so
    that a step says by name what it reads from an earlier one (``put`` and ``get``)."""

    name: str


DESIRED = Result[dict[str, Any]]("desired")
"""The desired state as a step re-based it (a rollback's): what the later steps and a hand-back carry."""
PREVIOUS = Result[dict[str, Any]]("previous")
"""The previous state as a step read it from the package (the request gave none, or is a rollback)."""


@dataclass(frozen=True)
class Step:
    """One step of a handler. ``remember``: the step changes SageMaker, so once it finished it
    is never run again in the same operation; steps that only read or compute run again.
    ``meanings``: what its refusals mean; ``retries``: the failures it tries again (retries.py)."""

    name: str
    run: Callable[["Chain"], ProgressEvent | None]
    remember: bool = False
    meanings: errors.Meanings = errors.PLAIN
    retries: tuple[Retry, ...] = USUAL


def step(name: str, **declared: Any) -> Callable[[Callable[["Chain"], ProgressEvent | None]], Step]:
    """Declare a function as the step ``name``, with the fields of ``Step`` it sets."""
    return lambda run: Step(name, run, **declared)


# The package's identifier, as the resource schema declares it (its ARN).
_IDENTIFIER = next(iter(schema.top_level("primaryIdentifier")))


class Invocation:
    """What the steps of one invocation work on: the request, its states as plain dicts (as a
    step may re-base them), the typed callback context, the SageMaker client, the clock and the
    retry policy, what a step puts for later ones (a ``Result``, by name), and the events the
    operation answers with."""

    def __init__(
        self,
        action: Action,
        session: Any,
        request: Any,
        callback_context: Mapping[str, Any] | None,
        clock: Clock = SYSTEM_CLOCK,
        policy: Policy = DEFAULT,
    ):
        self.action = action
        self.session = session
        self.request = request
        self.clock = clock
        self.policy = policy
        self.context = CallbackContext.load(callback_context)
        self._results: dict[str, Any] = {  # what steps put for later ones, by ``Result`` name
            DESIRED.name: plain(request.desiredResourceState),
            PREVIOUS.name: plain(request.previousResourceState),
        }

    @cached_property
    def client(self) -> "SageMakerClient":
        if self.session is None:
            raise errors.MissingCredentials("no AWS credentials were passed to the handler")
        return clients.sagemaker(self.session, getattr(self.request, "region", None), self.policy)

    @property
    def desired(self) -> dict[str, Any]:
        """The desired state: the request's, or as a step re-based it (``DESIRED``)."""
        return cast(dict[str, Any], self._results[DESIRED.name])

    @property
    def previous(self) -> dict[str, Any]:
        """The previous state: the request's, or as a step read it from the package (``PREVIOUS``)."""
        return cast(dict[str, Any], self._results[PREVIOUS.name])

    @property
    def arn(self) -> str | None:
        found = self.context.arn or self.desired.get(_IDENTIFIER) or self.previous.get(_IDENTIFIER)
        return str(found) if found else None

    def put[T](self, result: Result[T], value: T) -> T:
        """Hold ``value`` as ``result`` for the steps after this one, in this invocation."""
        self._results[result.name] = value
        return value

    def get[T](self, result: Result[T]) -> T | None:
        """What a step put as ``result`` in this invocation, if one did."""
        return cast(T | None, self._results.get(result.name))

    def success(self, model: dict[str, Any] | None = None) -> ProgressEvent:
        return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=to_model(model))

    def in_progress(self, delay: int) -> ProgressEvent:
        """Hand back to CloudFormation, carrying the state to resume from."""
        model = dict(self.desired)
        if self.arn and self.action is not Action.DELETE:
            model[_IDENTIFIER] = self.arn
        return ProgressEvent(
            status=OperationStatus.IN_PROGRESS,
            resourceModel=to_model(model),
            callbackContext=self.context.dump(),
            callbackDelaySeconds=delay,
        )

    def scrub(self, message: str) -> str:
        """``message`` without the secret values of the request's states."""
        return properties.scrub(message, self.desired, self.previous)


class Chain(Invocation):
    """Runs a handler's steps in order on its invocation (see the module's docstring)."""

    _outcome: ProgressEvent | errors.Failure | None = None  # the event a step stopped at, or the failure
    _compensation: Step | None = None
    _expired: Exception | None = None  # the failure's error, when the credentials had just expired

    def then(self, step: Step) -> "Chain":
        ended = self._outcome is not None or self.context.failure is not None
        if not ended and not (step.remember and self._done(step.name)):
            self._outcome = self._run(step)
        return self

    def on_failure(self, compensation: Step) -> "Chain":
        """From here on, a failure that ends the operation first runs ``compensation``; while it is
        retried, the failure waits in the callback context, and the operation then ends with it.
        A failure before the declaration (this invocation's) ends the operation without it."""
        if not isinstance(self._outcome, errors.Failure):
            self._compensation = compensation
        return self

    def once(self, name: str, action: Callable[[], None]) -> None:
        """Run ``action``, one call of a remembered step that makes several, unless it finished
        in an earlier invocation of this operation: it is remembered under ``name`` as soon as
        it finishes, so a step failing after it never sends it again when retried."""
        if not self._done(name):
            action()
            self.context.done.append(name)

    def _done(self, name: str) -> bool:
        """Whether the step or call ``name`` finished in an earlier invocation of this operation."""
        if name in self.context.done:
            LOG.info("%s %s: %s already done", self.action.value, self._subject(), name)
        return name in self.context.done

    def end(self) -> ProgressEvent:
        """The operation's answer: the last step's event, or its failure once compensated."""
        if isinstance(self._outcome, ProgressEvent):
            return self._outcome
        pending = self.context.failure
        failure = self._outcome or (errors.Failure.load(pending) if pending else None)
        if failure is None:
            failure = errors.internal_failure(f"{self.action.value}: the handler ended without an outcome")
        if self._compensation is None:
            return self._fail(failure)
        self.context.failure = errors.Failure(failure.code, self.scrub(failure.message)).dump()
        if self._expired is None:
            compensated = self._run(self._compensation)
        else:  # never with credentials that just expired: it waits for the next invocation's
            LOG.info(
                "%s %s: %s waits for fresh credentials", self.action.value, self._subject(), self._compensation.name
            )
            compensated = self._after(self._compensation, self._expired)
        if isinstance(compensated, ProgressEvent):
            return compensated
        return self._fail(failure if compensated is None else errors.left_behind(failure, compensated, self.arn))

    def _run(self, step: Step) -> ProgressEvent | errors.Failure | None:
        """Run ``step``: the event it stops the chain with, the failure that ends the operation, or None."""
        try:
            outcome: ProgressEvent | errors.Failure | None = step.run(self)
        except Exception as error:  # every failure becomes an event; a defect must not crash the stack
            outcome = self._after(step, error)
        else:
            forget_failures(self.context, step.name)
            if outcome is None and step.remember:
                self.context.done.append(step.name)
        LOG.info("%s %s: %s -> %s", self.action.value, self._subject(), step.name, self.scrub(_summary(outcome)))
        return outcome

    def _after(self, step: Step, error: Exception) -> ProgressEvent | errors.Failure:
        """A failed step: the operation handed back to try again, or its end (errors.py, retries.py)."""
        where = errors.Where(self.action, step.name, self.arn, names.own_name(self.desired))
        account = getattr(self.request, "awsAccountId", None)
        now, draw = self.clock.time(), self.clock.random()
        situation = Situation(where, self.context, now, draw, self.policy, self.desired, account)
        decided = retry_or_fail(errors.failure_of(error, where, step.meanings), error, step.retries, situation)
        if isinstance(decided, errors.Failure):
            self._expired = error if errors.credentials_expired(error) else None
            return decided
        message = self.scrub(decided.failure.message)
        LOG.warning("%s %s: %s, retrying in %ss", self.action.value, self._subject(), message, decided.delay)
        return self.in_progress(decided.delay)

    def _subject(self) -> str:
        return self.arn or names.name_of(self.desired) or "-"

    def _fail(self, failure: errors.Failure) -> ProgressEvent:
        return ProgressEvent.failed(failure.code, self.scrub(failure.message))


def _summary(outcome: ProgressEvent | errors.Failure | None) -> str:
    """One step's result, for the log line."""
    if isinstance(outcome, errors.Failure):
        return f"FAILED {outcome.code.value}: {outcome.message}"
    if outcome is None:
        return "ok"
    if outcome.errorCode:
        return f"{outcome.status.value} {outcome.errorCode.value}: {outcome.message}"
    return outcome.status.value
