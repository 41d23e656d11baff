"""Drive the provider the way CloudFormation does: protocol 2.0.0 payloads into the real
Lambda entrypoint (``handlers.resource``), re-invoking with the callback context while the
handler answers IN_PROGRESS.

Shared by the demo, the integration and reliability tests and the benchmarks.
"""

import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
STACK_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/local-stack/00000000-0000-0000-0000-000000000000"
FAKE_CREDENTIALS = {
    "accessKeyId": "AKIALOCALEXAMPLE0000",
    "secretAccessKey": "local-secret-key",
    "sessionToken": "local-session-token",
}
# What CloudFormation delivers log lines and metrics with: the type's logging role's credentials.
PROVIDER_CREDENTIALS = {
    "accessKeyId": "AKIALOCALPROVIDER000",
    "secretAccessKey": "local-provider-secret",
    "sessionToken": "local-provider-token",
}


def event(
    action: str,
    properties: Mapping[str, Any] | None = None,
    *,
    previous: Mapping[str, Any] | None = None,
    callback_context: Mapping[str, Any] | None = None,
    request_token: str = "00000000-0000-4000-8000-000000000001",
    next_token: str | None = None,
    stack_id: str | None = STACK_ID,
    account: str = ACCOUNT,
    region: str = REGION,
    rollback: bool = False,
    **request_args: Any,
) -> dict[str, Any]:
    """The payload CloudFormation sends to a resource provider's Lambda function
    (``request_args``: those of ``request_data``); ``stack_id=None`` leaves the stack out, as
    callers outside a stack (the Cloud Control API) do; ``account``: the stack's account, whose
    caller credentials (``credentials``) the request carries; ``rollback``: the top-level flag of
    an UPDATE that undoes a failed stack update."""
    payload: dict[str, Any] = {
        "awsAccountId": account,
        "bearerToken": request_token,
        "region": region,
        "action": action,
        "resourceType": "AWS::SageMaker::ModelPackage",
        "resourceTypeVersion": "00000001",
        "requestData": request_data(properties, previous, **request_args),
        "callbackContext": callback_context,
    }
    if stack_id:
        payload["stackId"] = stack_id
    if next_token:
        payload["nextToken"] = next_token
    if rollback:
        payload["rollback"] = True
    return payload


def request_data(
    properties: Mapping[str, Any] | None,
    previous: Mapping[str, Any] | None,
    *,
    stack_tags: Mapping[str, str] | None = None,
    previous_stack_tags: Mapping[str, str] | None = None,
    logical_id: str | None = "ModelPackage",
    credentials: Mapping[str, str] | None = None,
    log_group: str | None = None,
    provider_credentials: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The payload's ``requestData``: the properties, tags and caller credentials of one request
    (``logical_id=None``: none, as outside a stack); with ``log_group``, the type's LoggingConfig:
    the group and the credentials to deliver log lines with (``provider_credentials``, by default
    ``PROVIDER_CREDENTIALS``)."""
    data: dict[str, Any] = {
        "callerCredentials": dict(credentials or FAKE_CREDENTIALS),
        "resourceProperties": dict(properties or {}),
        "previousResourceProperties": dict(previous) if previous is not None else None,
        "stackTags": dict(stack_tags) if stack_tags else None,
        "previousStackTags": dict(previous_stack_tags) if previous_stack_tags else None,
    }
    if logical_id:
        data["logicalResourceId"] = logical_id
    if log_group:
        data["providerLogGroupName"] = log_group
        data["providerCredentials"] = dict(provider_credentials or PROVIDER_CREDENTIALS)
    return data


def invoke(payload: Mapping[str, Any]) -> dict[str, Any]:
    """One invocation of the production entrypoint, exactly as Lambda makes it."""
    from aws_sagemaker_modelpackage.handlers import resource

    response: dict[str, Any] = resource(dict(payload), None)
    return response


def drive(
    action: str,
    properties: Mapping[str, Any] | None = None,
    *,
    on_event: Callable[[int, dict[str, Any]], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    max_invocations: int = 200,
    lost: Collection[int] = (),
    each: Callable[[int], Mapping[str, Any]] | None = None,
    **event_args: Any,
) -> list[dict[str, Any]]:
    """Invoke until the handler stops answering IN_PROGRESS, waiting ``callbackDelaySeconds``
    between invocations with ``sleep`` (pass a fake to skip or simulate the wait).
    ``lost``: the numbers of the invocations whose answer never reaches CloudFormation (a Lambda
    timeout, a crash after the work): it calls again with the callback context it had before.
    ``each(number)``: event arguments for that invocation alone (its credentials, say), over ``event_args``.
    Returns every progress event, lost ones included, the final one last."""
    events: list[dict[str, Any]] = []
    context = None
    for number in range(1, max_invocations + 1):
        progress = invoke(event(action, properties, callback_context=context, **{**event_args, **_own(each, number)}))
        events.append(progress)
        if on_event:
            on_event(number, progress)
        if number in lost:
            continue
        if progress.get("status") != "IN_PROGRESS":
            return events
        context = progress.get("callbackContext")
        sleep(progress.get("callbackDelaySeconds") or 0)
    raise RuntimeError(f"{action} still IN_PROGRESS after {max_invocations} invocations")


def _own(each: Callable[[int], Mapping[str, Any]] | None, number: int) -> Mapping[str, Any]:
    return each(number) if each else {}
