"""Runs a handler as a sequence of named steps, the way the Java plugin's call chains read.

A step takes the chain and returns None to go on, or a ProgressEvent to stop there. The chain
owns what every step shares: the request as plain dicts, the typed callback context, the
SageMaker client, the error table, retry hand-back, logging, and clean-up after a failed create.
"""

import logging
import time
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from cloudformation_cli_python_lib import Action, HandlerErrorCode, OperationStatus, ProgressEvent

from . import client as clients
from . import errors, stabiliser
from .context import CallbackContext
from .models import ResourceModel
from .validation import InputError

LOG = logging.getLogger(__name__)
MUTATING = (Action.CREATE, Action.UPDATE, Action.DELETE)

Step = Callable[["Chain"], ProgressEvent | None]


class Chain:
    def __init__(self, action: Action, session: Any, request: Any, callback_context: Mapping[str, Any] | None):
        self.action = action
        self.session = session
        self.request = request
        self.context = CallbackContext.load(callback_context)
        self.desired: dict[str, Any] = _plain(request.desiredResourceState)
        self.previous: dict[str, Any] = _plain(request.previousResourceState)
        self.description: dict[str, Any] | None = None  # the last DescribeModelPackage answer
        self.changes: dict[str, Any] = {}  # the update plan
        self.event: ProgressEvent | None = None
        self.now = time.time
        self._client = None

    @property
    def client(self) -> Any:
        if self._client is None:
            if self.session is None:
                raise InputError("no AWS credentials were passed to the handler")
            self._client = clients.sagemaker(self.session, getattr(self.request, "region", None))
        return self._client

    @property
    def arn(self) -> str | None:
        return self.context.arn or self.desired.get("ModelPackageArn") or self.previous.get("ModelPackageArn")

    @property
    def versioned(self) -> bool:
        return bool(self.desired.get("ModelPackageGroupName") or (self.description or {}).get("ModelPackageGroupName"))

    def then(self, step: Step) -> "Chain":
        if self.event is not None:
            return self
        try:
            self.event = step(self)
        except InputError as error:
            self.event = self.failed(HandlerErrorCode.InvalidRequest, str(error))
        except (ClientError, BotoCoreError, ConnectionError, TimeoutError) as error:
            self.event = self._service_failure(step, error)
        except Exception as error:  # pylint: disable=broad-except  # a defect here must not crash the stack
            # Where it happened, without the exception's text, which may quote input values.
            LOG.error(
                "%s %s: step %s raised %s at\n%s",
                self.action.value,
                self.arn or "-",
                step.__name__,
                type(error).__name__,
                "".join(traceback.format_tb(error.__traceback__)),
            )
            self.event = self.failed(
                HandlerErrorCode.InternalFailure,
                f"{self.action.value} of {self.arn or 'the model package'} "
                f"failed in step {step.__name__}: an internal error of the provider",
            )
        LOG.info(
            "%s %s: %s -> %s",
            self.action.value,
            self.arn or self.desired.get("ModelPackageName") or self.desired.get("ModelPackageGroupName") or "-",
            step.__name__,
            _outcome(self.event),
        )
        return self

    def done(self) -> ProgressEvent:
        return self.event or ProgressEvent.failed(
            HandlerErrorCode.InternalFailure, f"{self.action.value}: the handler ended without an outcome"
        )

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

    def failed(self, code: HandlerErrorCode, message: str) -> ProgressEvent:
        left_behind = self._clean_up_failed_create()
        if left_behind:
            message += f"; the package {self.context.arn} could not be deleted ({left_behind}): delete it by hand"
        return ProgressEvent.failed(code, self.scrub(message))

    def scrub(self, message: str) -> str:
        """Service messages may echo input values; the model card's content never leaves."""
        for state in (self.desired, self.previous):
            content = (state.get("ModelCard") or {}).get("ModelCardContent")
            if content:
                message = message.replace(content, "<ModelCardContent>")
        return message

    def _service_failure(self, step: Step, error: Exception) -> ProgressEvent:
        creating = step.__name__ == "create_package"
        operation = getattr(error, "operation_name", None) or f"{self.action.value} step {step.__name__}"
        code, message = errors.explain(error, operation, self.arn or self.desired.get("ModelPackageName"), creating)
        if code in errors.RETRYABLE and self.action in MUTATING:
            if self.context.retrying != step.__name__:  # retries count failures of one step
                self.context.retrying, self.context.retries = step.__name__, 0
            self.context.retries += 1
            delay = stabiliser.retry_delay(self.context.retries)
            if delay is not None:
                LOG.warning(
                    "%s %s: %s, retrying in %ss", self.action.value, self.arn or "-", self.scrub(message), delay
                )
                return self.wait(delay)
        return self.failed(code, message)

    def _clean_up_failed_create(self) -> str | None:
        """A create that fails after the package exists deletes it, so nothing is left behind;
        if even that fails (after botocore's retries), what went wrong, for the message."""
        if self.action is not Action.CREATE or not self.context.arn:
            return None
        try:
            self.client.delete_model_package(ModelPackageName=self.context.arn)
            LOG.info("CREATE %s: deleted after the failure", self.context.arn)
            return None
        except (ClientError, BotoCoreError) as error:
            reason = self.scrub(errors.describe(error))
            LOG.warning("CREATE %s: could not delete after the failure: %s", self.context.arn, reason)
            return reason


def _plain(model: ResourceModel | None) -> dict[str, Any]:
    # pylint: disable=protected-access
    return dict(model._serialize()) if model is not None else {}


def to_model(values: dict[str, Any] | None) -> ResourceModel | None:
    return ResourceModel._deserialize(values) if values else None  # pylint: disable=protected-access


def _outcome(event: ProgressEvent | None) -> str:
    if event is None:
        return "ok"
    if event.errorCode:
        return f"{event.status.value} {event.errorCode.value}: {event.message}"
    return event.status.value
