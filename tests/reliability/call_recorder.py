"""Records every SageMaker API call each handler makes, for the least-privilege test.

Installed once per process (idempotent) when the reliability conftest is imported, so that it
sees every test of the session that goes through the handlers, the integration suite included.
Each handler function registered on ``handlers.resource`` is wrapped to note the action it runs
for; a ``before-call`` hook (one event per API call, whatever botocore's retries do) that records
``(action, "sagemaker:<Operation>")`` is registered once, on the botocore session every client
of ``client.sagemaker`` is made from, so clients made from then on carry it; the clients cached
before are dropped, so that none goes unrecorded.
"""

import contextvars
import functools
from collections import Counter
from typing import Any

from aws_sagemaker_modelpackage import client as clients
from aws_sagemaker_modelpackage import handlers

_ACTION: contextvars.ContextVar = contextvars.ContextVar("handler_action", default=None)
CALLS: Counter = Counter()  # (action, "sagemaker:Operation") -> number of calls


def install() -> None:
    if getattr(clients, "_least_privilege_recorder", False):
        return
    clients._least_privilege_recorder = True
    for action, function in list(handlers.resource._handlers.items()):
        handlers.resource._handlers[action] = _with_action(action.value, function)
    clients._shared_session().register("before-call.sagemaker", _record)
    clients._CLIENTS.clear()


def _with_action(action: str, function: Any) -> Any:
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        token = _ACTION.set(action)
        try:
            return function(*args, **kwargs)
        finally:
            _ACTION.reset(token)

    return run


def _record(model: Any, **_: Any) -> None:
    CALLS[(_ACTION.get() or "OUTSIDE_A_HANDLER", f"sagemaker:{model.name}")] += 1
