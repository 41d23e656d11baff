"""Records every SageMaker API call each handler makes, for the least-privilege test.

While ``recording`` is open, the entrypoint ``handlers.resource`` is wrapped to note the action
of the event it runs, and a ``before-call`` hook (one event per API call, whatever botocore's
retries do) records ``(action, "sagemaker:<Operation>")``. The hook is registered on the botocore
session every client of ``client.sagemaker`` is made from, and the client cache starts empty, so
that every client made meanwhile carries it. On leaving, the hook is unregistered and the
entrypoint and the cache of clients made before come back: nothing stays changed for other tests.
"""

import contextlib
import contextvars
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from aws_sagemaker_modelpackage import client as clients
from aws_sagemaker_modelpackage import handlers

OUTSIDE = "OUTSIDE_A_HANDLER"


@contextlib.contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[tuple[str, str]]]:
    """(action, "sagemaker:Operation") -> number of calls, while open."""
    calls: Counter[tuple[str, str]] = Counter()
    action: contextvars.ContextVar[str] = contextvars.ContextVar("handler_action", default=OUTSIDE)
    entrypoint = handlers.resource

    def resource(event: dict[str, Any], context: Any) -> Any:
        token = action.set(event["action"])
        try:
            return entrypoint(event, context)
        finally:
            action.reset(token)

    def record(model: Any, **_: Any) -> None:
        calls[(action.get(), f"sagemaker:{model.name}")] += 1

    monkeypatch.setattr(handlers, "resource", resource)
    monkeypatch.setattr(clients, "_CLIENTS", {})
    session = clients._shared_session()
    session.register("before-call.sagemaker", record)
    try:
        yield calls
    finally:
        session.unregister("before-call.sagemaker", record)
