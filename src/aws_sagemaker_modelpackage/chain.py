"""Runs a handler as a sequence of named steps, the way the Java plugin's call chains read.

A ``Step`` is declared with its name, whether it is remembered, what its errors mean and which
failures it retries. It takes the chain and returns None to go on, or a ProgressEvent to stop
there. A remembered step that finished is recorded in the callback context under its name (as
the Java plugin memoises each call by its call-graph name), so a re-invocation skips it. A
chain may declare a compensation (``on_failure``): the step that undoes what the chain made when
a later step fails. The chain owns only what running steps needs: the request as plain dicts,
the typed callback context, the SageMaker client, the clock, what a step keeps for later ones
(a ``Result``, by name), and logging; what an exception becomes and whether it is retried is
``errors.py``'s decision.
"""

import logging
import random
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from cloudformation_cli_python_lib.interface import Action, OperationStatus, ProgressEvent

from . import client as clients
from . import errors, properties
from .context import CallbackContext
from .json_model import plain, to_model

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
    """A value one step makes and later steps of the same invocation read, kept by the chain
    under its name (as the Java plugin keeps each call's response under the call's name), so
    that a step says by name what it reads from an earlier one."""

    name: str


@dataclass(frozen=True)
class Step:
    """One step of a handler. ``remember``: the step changes SageMaker, so once it finished it
    is never run again in the same operation; steps that only read or compute run again.
    ``meanings``: what its refusals mean; ``retries``: the failures it tries again (errors.py)."""

    name: str
    run: Callable[["Chain"], ProgressEvent | None]
    remember: bool = False
    meanings: errors.Meanings = errors.PLAIN
    retries: tuple[errors.Retry, ...] = (errors.TRANSIENT,)


def step(
    name: str,
    *,
    remember: bool = False,
    meanings: errors.Meanings = errors.PLAIN,
    retries: tuple[errors.Retry, ...] = (errors.TRANSIENT,),
) -> Callable[[Callable[["Chain"], ProgressEvent | None]], Step]:
    """Declare a function as the step ``name`` (see ``Step``)."""
    return lambda run: Step(name, run, remember, meanings, retries)


class Chain:
    def __init__(
        self,
        action: Action,
        session: Any,
        request: Any,
        callback_context: Mapping[str, Any] | None,
        clock: Clock = SYSTEM_CLOCK,
    ):
        self.action = action
        self.session = session
        self.request = request
        self.clock = clock
        self.context = CallbackContext.load(callback_context)
        self.desired: dict[str, Any] = plain(request.desiredResourceState)
        self.previous: dict[str, Any] = plain(request.previousResourceState)
        self._results: dict[str, Any] = {}  # what steps kept for later ones, by ``Result`` name
        self._event: ProgressEvent | None = None
        self._failure: errors.Failure | None = None  # how the operation ends, once compensated
        self._compensation: Step | None = None
        self._client: SageMakerClient | None = None

    @property
    def client(self) -> "SageMakerClient":
        if self._client is None:
            if self.session is None:
                raise errors.MissingCredentials("no AWS credentials were passed to the handler")
            self._client = clients.sagemaker(self.session, getattr(self.request, "region", None))
        return self._client

    @property
    def arn(self) -> str | None:
        found = self.context.arn or self.desired.get("ModelPackageArn") or self.previous.get("ModelPackageArn")
        return str(found) if found else None

    def keep[T](self, result: Result[T], value: T) -> T:
        """Keep ``value`` as ``result`` for the steps after this one, in this invocation."""
        self._results[result.name] = value
        return value

    def result[T](self, result: Result[T]) -> T | None:
        """What was kept as ``result`` in this invocation, if it was."""
        found: T | None = self._results.get(result.name)
        return found

    # --- running steps -----------------------------------------------------------------------

    def then(self, step: Step) -> "Chain":
        if self._event is not None or self._failure is not None or self.context.failure is not None:
            return self
        if step.remember and step.name in self.context.done:
            LOG.info("%s %s: %s already done", self.action.value, self._subject(), step.name)
            return self
        self._event, self._failure = self._run(step)
        return self

    def on_failure(self, compensation: Step) -> "Chain":
        """From here on, a failure that ends the operation first runs ``compensation``; while it is
        retried, the failure waits in the callback context, and the operation then ends with it."""
        self._compensation = compensation
        return self

    def once(self, name: str, action: Callable[[], None]) -> None:
        """Run ``action``, one call of a remembered step that makes several, unless it finished
        in an earlier invocation of this operation: it is remembered under ``name`` as soon as
        it finishes, so a step failing after it never sends it again when retried."""
        if name in self.context.done:
            LOG.info("%s %s: %s already done", self.action.value, self._subject(), name)
            return
        action()
        self.context.done.append(name)

    def end(self) -> ProgressEvent:
        """The operation's answer: the last step's event, or its failure once compensated."""
        if self._event is not None:
            return self._event
        pending = self.context.failure
        failure = self._failure or (errors.Failure.load(pending) if pending else None)
        if failure is None:
            failure = errors.internal_failure(f"{self.action.value}: the handler ended without an outcome")
        if self._compensation is None:
            return self._fail(failure)
        return self._compensate(failure, self._compensation)

    def _compensate(self, failure: errors.Failure, compensation: Step) -> ProgressEvent:
        self.context.failure = errors.Failure(failure.code, self.scrub(failure.message)).dump()
        handed_back, left_behind = self._run(compensation)
        if handed_back is not None:
            return handed_back
        return self._fail(failure if left_behind is None else errors.left_behind(failure, left_behind, self.arn))

    def _run(self, step: Step) -> tuple[ProgressEvent | None, errors.Failure | None]:
        """Run ``step``: (the event it stops the chain with, or the failure that ends the operation)."""
        try:
            event = step.run(self)
        except Exception as error:  # every failure becomes an event; a defect must not crash the stack
            event, failure = self._after(step, error)
        else:
            failure = None
            errors.went_through(self.context, step.name)
            if event is None and step.remember:
                self.context.done.append(step.name)
        LOG.info("%s %s: %s -> %s", self.action.value, self._subject(), step.name, self.scrub(_summary(event, failure)))
        return event, failure

    def _after(self, step: Step, error: Exception) -> tuple[ProgressEvent | None, errors.Failure | None]:
        failure = self._failure_of(step, error)
        attempt = errors.Attempt(
            self.action,
            step.name,
            self.context,
            self.clock.time(),
            self.clock.random(),
            self.desired.get("ModelPackageGroupName"),
        )
        decided = errors.retry_or_fail(failure, error, step.retries, attempt)
        if isinstance(decided, errors.Failure):
            return None, decided
        LOG.warning(
            "%s %s: %s, retrying in %ss",
            self.action.value,
            self._subject(),
            self.scrub(decided.failure.message),
            decided.delay,
        )
        return self.in_progress(decided.delay), None

    def _failure_of(self, step: Step, error: Exception) -> errors.Failure:
        if errors.is_service_error(error):
            operation = getattr(error, "operation_name", None) or f"{self.action.value} step {step.name}"
            resource = self.arn or self.desired.get("ModelPackageName")
            return errors.service_failure(error, operation, resource, step.meanings)
        if errors.is_own(error):
            return errors.own_failure(error)
        return self._defect(step, error)

    def _defect(self, step: Step, error: Exception) -> errors.Failure:
        # Where it happened, without the exception's text, which may quote input values.
        LOG.error(
            "%s %s: step %s raised %s at\n%s",
            self.action.value,
            self.arn or "-",
            step.name,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        return errors.internal_failure(
            f"{self.action.value} of {self.arn or 'the model package'} "
            f"failed in step {step.name}: an internal error of the provider"
        )

    def _subject(self) -> str:
        return self.arn or errors.name_of(self.desired) or "-"

    # --- events --------------------------------------------------------------------------

    def success(self, model: dict[str, Any] | None = None) -> ProgressEvent:
        return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=to_model(model))

    def in_progress(self, delay: int) -> ProgressEvent:
        """Hand back to CloudFormation, carrying the state to resume from."""
        model = dict(self.desired)
        if self.arn and self.action is not Action.DELETE:
            model["ModelPackageArn"] = self.arn
        return ProgressEvent(
            status=OperationStatus.IN_PROGRESS,
            resourceModel=to_model(model),
            callbackContext=self.context.dump(),
            callbackDelaySeconds=delay,
        )

    def _fail(self, failure: errors.Failure) -> ProgressEvent:
        return ProgressEvent.failed(failure.code, self.scrub(failure.message))

    def scrub(self, message: str) -> str:
        """Service messages may echo input values; secret ones never leave."""
        for state in (self.desired, self.previous):
            for secret, placeholder in properties.secrets(state).items():
                message = message.replace(secret, placeholder)
        return message


def _summary(event: ProgressEvent | None, failure: errors.Failure | None) -> str:
    """One step's result, for the log line."""
    if failure is not None:
        return f"FAILED {failure.code.value}: {failure.message}"
    if event is None:
        return "ok"
    if event.errorCode:
        return f"{event.status.value} {event.errorCode.value}: {event.message}"
    return event.status.value
