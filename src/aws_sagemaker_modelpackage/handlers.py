"""Entry points of the AWS::SageMaker::ModelPackage resource provider.

Each handler tells its story as a chain of named steps (see ``steps.py``), with what undoes a
failed create declared beside the step that made the package; the chain carries the callback
context and remembers finished steps (see ``chain.py``); what an error becomes is decided in
``errors.py``, and whether it is retried in ``retries.py``; properties with rules of their own are listed in
``properties/``. The chains read the time through ``resource.clock`` (tests simulate it) and
are given the retry policy ``resource.policy``.
"""

import logging
from collections.abc import MutableMapping
from typing import Any

from cloudformation_cli_python_lib.boto3_proxy import SessionProxy
from cloudformation_cli_python_lib.interface import Action, BaseResourceHandlerRequest, ProgressEvent
from cloudformation_cli_python_lib.resource import Resource
from cloudformation_cli_python_lib.utils import Credentials

from . import errors, flags, log_delivery, retries, schema, steps
from .chain import SYSTEM_CLOCK, Chain, Clock
from .client import CallerSession
from .errors import InputError
from .json_model import JsonModel
from .validation import check_schema

LOG = logging.getLogger(__name__)
# One readable line per handler step (action, ARN or name, outcome) reaches CloudWatch.
logging.getLogger(__package__).setLevel(logging.INFO)
# Request bodies may hold ModelCardContent (sensitive) and headers hold session tokens:
# botocore's own debug logging is never let through, whatever the root level.
for _noisy in ("botocore", "boto3", "urllib3"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)

TYPE_NAME = schema.type_name()


class ModelPackageResource(Resource):
    """The library's Resource, with the template checked against the resource schema before
    the model is built, so that a bad property fails ``InvalidRequest`` naming it (the model,
    ``json_model.JsonModel``, holds whatever JSON it is given), with the request's
    ``nextToken`` and flags (``flags.py``) passed on to the handlers, and with the log lines of
    each invocation delivered in one batch as it ends, best effort (``log_delivery.py``).
    ``clock``: what every chain reads the time and its randomness from; ``policy``: the retry
    policy every chain decides with."""

    clock: Clock = SYSTEM_CLOCK
    policy: retries.Policy = retries.DEFAULT

    def __call__(self, event_data: MutableMapping[str, Any], context: Any) -> Any:
        with log_delivery.invocation(event_data):
            return super().__call__(event_data, context)

    def _cast_resource_request(self, request: Any) -> Any:
        _check(request.action, getattr(request.requestData, "resourceProperties", None))
        modelled: Any = super()._cast_resource_request(request)
        # The library drops the LIST page token and the flags of the Lambda payload: without the
        # token every LIST invocation would answer the first page again, and without the flags
        # a rollback would read as a forward update.
        modelled.nextToken = request.nextToken
        modelled.flags = flags.of(request)
        return modelled

    @staticmethod
    def _parse_request(event_data: MutableMapping[str, Any]) -> Any:
        """The library's parse, with the caller's credentials wrapped in a ``CallerSession`` and
        the provider's (log delivery, metrics) in a ``log_delivery.ProviderSession``, instead of
        a boto3 session built for each on every invocation, and the flags it drops read."""
        request_data: Any = event_data.get("requestData")
        found = request_data if isinstance(request_data, dict) else {}
        caller, provider = found.get("callerCredentials"), found.get("providerCredentials")
        if caller or provider:
            event_data = {
                **event_data,
                "requestData": {**request_data, "callerCredentials": None, "providerCredentials": None},
            }
        event: Any  # the library's HandlerRequest, which has no field for the flags
        (session, provider_session), action, callback_context, event = Resource._parse_request(event_data)
        event.flags = flags.RequestFlags.read(event_data)
        if provider:
            provider_session = log_delivery.provider_session(provider, event_data.get("region"))
        return (_caller_session(caller) if caller else session, provider_session), action, callback_context, event

    def _parse_test_request(self, event_data: MutableMapping[str, Any]) -> Any:
        _check(event_data.get("action"), (event_data.get("request") or {}).get("desiredResourceState"))
        return super()._parse_test_request(event_data)


def _caller_session(caller: Any) -> CallerSession:
    try:
        return CallerSession(Credentials(**caller))
    except TypeError as error:
        errors.refuse_request(f"callerCredentials: {error}")


def _check(action: str | None, properties: Any) -> None:
    if action in (Action.CREATE, Action.UPDATE) and properties is not None:
        try:
            check_schema(properties)
        except InputError as error:
            errors.refuse_request(str(error))


resource = ModelPackageResource(TYPE_NAME, JsonModel)
test_entrypoint = resource.test_entrypoint


@resource.handler(Action.CREATE)
def create_handler(
    session: SessionProxy | None, request: BaseResourceHandlerRequest, callback_context: MutableMapping[str, Any]
) -> ProgressEvent:
    return (
        Chain(Action.CREATE, session, request, callback_context, resource.clock, resource.policy)
        .then(steps.validate)
        .then(steps.create_package)
        .on_failure(steps.clean_up_failed_create)
        .then(steps.after_create)
        .then(steps.stabilise)
        .then(steps.read_back)
        .end()
    )


@resource.handler(Action.UPDATE)
def update_handler(
    session: SessionProxy | None, request: BaseResourceHandlerRequest, callback_context: MutableMapping[str, Any]
) -> ProgressEvent:
    return (
        Chain(Action.UPDATE, session, request, callback_context, resource.clock, resource.policy)
        .then(steps.require_arn)
        .then(steps.read_package)
        .then(steps.validate)
        .then(steps.plan_update)
        .then(steps.apply_update)
        .then(steps.sync_properties)
        .then(steps.stabilise)
        .then(steps.read_back)
        .end()
    )


@resource.handler(Action.DELETE)
def delete_handler(
    session: SessionProxy | None, request: BaseResourceHandlerRequest, callback_context: MutableMapping[str, Any]
) -> ProgressEvent:
    return (
        Chain(Action.DELETE, session, request, callback_context, resource.clock, resource.policy)
        .then(steps.require_arn)
        .then(steps.delete_package)
        .then(steps.await_deletion)
        .end()
    )


@resource.handler(Action.READ)
def read_handler(
    session: SessionProxy | None, request: BaseResourceHandlerRequest, callback_context: MutableMapping[str, Any]
) -> ProgressEvent:
    return (
        Chain(Action.READ, session, request, callback_context, resource.clock, resource.policy)
        .then(steps.require_arn)
        .then(steps.read_back)
        .end()
    )


@resource.handler(Action.LIST)
def list_handler(
    session: SessionProxy | None, request: BaseResourceHandlerRequest, callback_context: MutableMapping[str, Any]
) -> ProgressEvent:
    return (
        Chain(Action.LIST, session, request, callback_context, resource.clock, resource.policy)
        .then(steps.list_page)
        .end()
    )
