"""Records every SageMaker API call each handler makes, for the least-privilege test.

While ``recording`` is open, each handler of the entrypoint's table (``handlers.resource``, whose
``clock`` the tests replace, so the entrypoint itself stays) is wrapped to note its action, and a
``before-call`` hook (one event per API call, whatever botocore's retries do) records
``(action, "sagemaker:<Operation>")``. The hook is registered on the botocore session every client
of ``client.sagemaker`` is made from, and the client cache starts empty, so that every client made
meanwhile carries it. On leaving, the hook is unregistered, the handler table comes back and the
client cache is emptied again: nothing stays changed for other tests.
"""

import contextlib
import contextvars
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from aws_sagemaker_modelpackage import api_model, handlers
from aws_sagemaker_modelpackage import client as clients

OUTSIDE = "OUTSIDE_A_HANDLER"


@contextlib.contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[tuple[str, str]]]:
    """(action, "sagemaker:Operation") -> number of calls, while open."""
    calls: Counter[tuple[str, str]] = Counter()
    action: contextvars.ContextVar[str] = contextvars.ContextVar("handler_action", default=OUTSIDE)

    def noting(name: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            token = action.set(name)
            try:
                return handler(*args)
            finally:
                action.reset(token)

        return run

    def record(model: Any, **_: Any) -> None:
        calls[(action.get(), f"sagemaker:{model.name}")] += 1

    table = handlers.resource._handlers
    for name, handler in list(table.items()):
        monkeypatch.setitem(table, name, noting(name, handler))
    clients._client.cache_clear()
    session = api_model.session()
    session.register("before-call.sagemaker", record)
    try:
        yield calls
    finally:
        session.unregister("before-call.sagemaker", record)
        clients._client.cache_clear()
