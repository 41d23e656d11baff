"""Runs a handler as a sequence of named steps, the way the Java plugin's call chains read.

A ``Step`` is declared with its name, whether it is remembered, and what its errors mean. It
takes the chain and returns None to go on, or a ProgressEvent to stop there. A remembered step
that finished is recorded in the callback context under its name (as the Java plugin memoises
each call by its call-graph name), so a re-invocation skips it. The chain owns what every step
shares: the request as plain dicts, the typed callback context, the SageMaker client, logging,
and clean-up after a failed create; what an exception becomes is ``errors.py``'s decision.
"""

import logging
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib.interface import Action, BaseModel, OperationStatus, ProgressEvent

from . import client as clients
from . import errors, properties
from .context import CallbackContext
from .models import ResourceModel

LOG = logging.getLogger(__name__)
MUTATING = (Action.CREATE, Action.UPDATE, Action.DELETE)
# What an approval withdrawn to delete a version becomes: Rejected tells whatever watches approvals
# (deployment pipelines, EventBridge rules) not to use it, and asks no one to review it.
WITHDRAWN = "Rejected"


@dataclass(frozen=True)
class Step:
    """One step of a handler. ``remember``: the step changes SageMaker, so once it finished it
    is never run again in the same operation; steps that only read or compute run again."""

    name: str
    run: Callable[["Chain"], ProgressEvent | None]
    remember: bool = False
    meanings: errors.Meanings = errors.PLAIN


def step(
    name: str, *, remember: bool = False, meanings: errors.Meanings = errors.PLAIN
) -> Callable[[Callable[["Chain"], ProgressEvent | None]], Step]:
    """Declare a function as the step ``name`` (see ``Step``)."""
    return lambda run: Step(name, run, remember, meanings)


class Chain:
    def __init__(self, action: Action, session: Any, request: Any, callback_context: Mapping[str, Any] | None):
        self.action = action
        self.session = session
        self.request = request
        self.context = CallbackContext.load(callback_context)
        self.desired: dict[str, Any] = _plain(request.desiredResourceState)
        self.previous: dict[str, Any] = _plain(request.previousResourceState)
        self.description: dict[str, Any] | None = None  # the last DescribeModelPackage answer
        self.changes: list[dict[str, Any]] = []  # the update plan: UpdateModelPackage requests in order
        self.event: ProgressEvent | None = None
        self.now = time.time
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            if self.session is None:
                raise errors.MissingCredentials("no AWS credentials were passed to the handler")
            self._client = clients.sagemaker(self.session, getattr(self.request, "region", None))
        return self._client

    @property
    def arn(self) -> str | None:
        found = self.context.arn or self.desired.get("ModelPackageArn") or self.previous.get("ModelPackageArn")
        return str(found) if found else None

    @property
    def state(self) -> properties.State:
        """The request as the property rules see it."""
        return properties.State(
            desired=self.desired,
            previous=self.previous,
            current=self.description,
            stack_tags=self.request.desiredResourceTags,
            previous_stack_tags=self.request.previousResourceTags,
            request_ids=(
                self.request.clientRequestToken,
                self.request.stackId,
                self.request.logicalResourceIdentifier,
            ),
            creating=self.action is Action.CREATE,
        )

    def then(self, step: Step) -> "Chain":
        if self.event is not None:
            return self
        if step.remember and step.name in self.context.done:
            LOG.info("%s %s: %s already done", self.action.value, self._subject(), step.name)
            return self
        try:
            self.event = step.run(self)
        except Exception as error:  # every failure becomes an event; a defect must not crash the stack
            self.event = self._failure(step, error)
        else:
            errors.step_went_through(self.context, step.name)
            if self.event is None and step.remember:
                self.context.done.append(step.name)
        LOG.info("%s %s: %s -> %s", self.action.value, self._subject(), step.name, _outcome(self.event))
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

    def delete_package(self, arn: str) -> None:
        """DeleteModelPackage, for a delete and for the clean-up of a failed create. If SageMaker
        refuses to delete a version because it is Approved (row 34: a ConflictException), the
        approval is withdrawn (remembered) and the delete sent again: the package must go. Never
        before such a refusal."""
        try:
            self.client.delete_model_package(ModelPackageName=arn)
        except ClientError as error:
            if not errors.is_conflict(error) or self._approval(arn) != "Approved":
                raise
            self.once("withdraw_approval", partial(self._withdraw_approval, arn))
            self.client.delete_model_package(ModelPackageName=arn)

    def _approval(self, arn: str) -> Any:
        # MetadataOnly: the status is all that is needed, and needs no kms:Decrypt (row 43).
        return self.client.describe_model_package(ModelPackageName=arn, IncludedData="MetadataOnly").get(
            "ModelApprovalStatus"
        )

    def _withdraw_approval(self, arn: str) -> None:
        self.client.update_model_package(ModelPackageArn=arn, ModelApprovalStatus=WITHDRAWN)

    def done(self) -> ProgressEvent:
        return self.event or self.failed(
            errors.internal_failure(f"{self.action.value}: the handler ended without an outcome")
        )

    def _subject(self) -> str:
        return self.arn or errors.name_of(self.desired) or "-"

    # --- events --------------------------------------------------------------------------

    def success(self, model: dict[str, Any] | None) -> ProgressEvent:
        return ProgressEvent(status=OperationStatus.SUCCESS, resourceModel=to_model(model))

    def wait(self, delay: int) -> ProgressEvent:
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

    def failed(self, failure: errors.Failure) -> ProgressEvent:
        message = failure.message
        left_behind = self._clean_up_failed_create()
        if left_behind:
            message += f"; the package {self.context.arn} could not be deleted ({left_behind}): delete it by hand"
        return ProgressEvent.failed(failure.code, self.scrub(message))

    def scrub(self, message: str) -> str:
        """Service messages may echo input values; secret ones never leave."""
        for state in (self.desired, self.previous):
            for secret, placeholder in properties.secrets(state).items():
                message = message.replace(secret, placeholder)
        return message

    def _failure(self, step: Step, error: Exception) -> ProgressEvent:
        if errors.is_service_error(error):
            operation = getattr(error, "operation_name", None) or f"{self.action.value} step {step.name}"
            retry = (self.context, step.name) if self.action in MUTATING else None
            resource = self.arn or self.desired.get("ModelPackageName")
            failure = errors.service_failure(error, operation, resource, step.meanings, retry)
        elif errors.is_own(error):
            failure = errors.own_failure(error)
        else:
            failure = self._defect(step, error)
        return self.outcome(failure)

    def outcome(self, failure: errors.Failure) -> ProgressEvent:
        """A failure handed back to CloudFormation to be retried later, or the operation's end."""
        if failure.retry_in is not None:
            LOG.warning(
                "%s %s: %s, retrying in %ss",
                self.action.value,
                self._subject(),
                self.scrub(failure.message),
                failure.retry_in,
            )
            return self.wait(failure.retry_in)
        return self.failed(failure)

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

    def _clean_up_failed_create(self) -> str | None:
        """A create that fails after the package exists deletes it, so nothing is left behind;
        if even that fails (after botocore's retries), what went wrong, for the message."""
        if self.action is not Action.CREATE or not self.context.arn:
            return None
        try:
            self.delete_package(self.context.arn)
            LOG.info("CREATE %s: deleted after the failure", self.context.arn)
            return None
        except (ClientError, BotoCoreError) as error:
            reason = self.scrub(errors.describe(error))
            LOG.warning("CREATE %s: could not delete after the failure: %s", self.context.arn, reason)
            return reason


def _plain(model: ResourceModel | None) -> dict[str, Any]:
    return dict(model._serialize()) if model is not None else {}


def to_model(values: Mapping[str, Any] | None) -> ResourceModel | None:
    return FaithfulModel._deserialize(values) if values else None


class FaithfulModel(ResourceModel):
    """The generated model, keeping the empty lists its values hold. The library deserialises an
    empty list of objects (``Tags: []``, ``AdditionalModelDataSources: []``) to None, which would
    drop a ``[]`` the template sets before the request, and from what READ returns (drift)."""

    @classmethod
    def _deserialize(cls, json_data: Mapping[str, Any] | None) -> Any:
        model = super()._deserialize(json_data)
        if model is not None and json_data:
            _keep_empty_lists(model, json_data)
        return model


def _keep_empty_lists(model: BaseModel, values: Mapping[str, Any]) -> None:
    """Put back each ``[]`` of ``values`` that became None in ``model``, at any depth."""
    for key, value in values.items():
        found = getattr(model, key, None)
        if value == [] and found is None:
            setattr(model, key, [])
        elif isinstance(value, Mapping) and isinstance(found, BaseModel):
            _keep_empty_lists(found, value)
        elif isinstance(value, list) and isinstance(found, list):
            for item, part in zip(value, found, strict=False):
                if isinstance(item, Mapping) and isinstance(part, BaseModel):
                    _keep_empty_lists(part, item)


def _outcome(event: ProgressEvent | None) -> str:
    if event is None:
        return "ok"
    if event.errorCode:
        return f"{event.status.value} {event.errorCode.value}: {event.message}"
    return event.status.value
