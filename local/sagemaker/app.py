"""The WSGI application in front of moto: control routes, call recording, fault injection.

Routes under ``/_local/`` drive the local SageMaker (see ``control.py`` for the client); every other
request is an AWS call (SageMaker, and whatever else moto serves: CloudWatch Logs, CloudWatch, STS):
it is recorded with the access key and region it is signed with, may meet a network that is down
or expired credentials (``network.py``), be throttled (``throttle.py``) or meet an injected fault,
is refused if it breaks a constraint of the API's model (``constraints.py``), and is then served
by moto, one call at a time (moto's state is not thread-safe, the server is threaded), and may
then lose its answer (``network.py``).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import select
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from moto.moto_api._internal.models import moto_api_backend

from . import constraints, network, settings, throttle
from .faults import CallLog, Fault, FaultBook
from .network import Network
from .throttle import Throttle

PREFIX = "/_local/"
_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")
HOLD_SECONDS = 30.0  # the longest (real) time an answer is held for a caller that never gives up

StartResponse = Callable[..., Any]


def _reply(start_response: StartResponse, status: int, body: bytes, headers: list[tuple[str, str]]) -> list[bytes]:
    reason = "OK" if status < 400 else "Error"
    start_response(f"{status} {reason}", [*headers, ("Content-Length", str(len(body)))])
    return [body]


def _json_reply(start_response: StartResponse, status: int, payload: Any) -> list[bytes]:
    body = json.dumps(payload, default=str).encode()
    return _reply(start_response, status, body, [("Content-Type", "application/json")])


def describe_call(environ: dict[str, Any], body: bytes) -> dict[str, Any]:
    """Service, operation and parameters of an AWS request (JSON or query protocol), and the access
    key and region it is signed with."""
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        operation = target.rsplit(".", 1)[-1]
        params = json.loads(body or b"{}")
    else:
        params = dict(parse_qsl(body.decode(errors="replace")))
        operation = params.pop("Action", "")
        params.pop("Version", None)
    access_key, region, service = scope.groups() if scope else ("", "", "")
    return {"service": service, "operation": operation, "params": params, "access_key": access_key, "region": region}


def _error_reply(
    start_response: StartResponse, environ: dict[str, Any], code: str, status: int, message: str
) -> list[bytes]:
    """The error in the request's protocol, as botocore parses it: for the JSON protocol the code
    from ``__type`` (or the ``x-amzn-ErrorType`` header) and ``message``; for the query protocol
    ``Error/Code`` and ``Error/Message``."""
    if environ.get("HTTP_X_AMZ_TARGET"):
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", code)]
    else:
        kind = "Receiver" if status >= 500 else "Sender"
        body = (
            f"<ErrorResponse><Error><Type>{kind}</Type><Code>{escape(code)}</Code>"
            f"<Message>{escape(message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>"
        ).encode()
        headers = [("Content-Type", "text/xml")]
    return _reply(start_response, status, body, [*headers, ("x-amzn-RequestId", "local")])


def _drop_connection(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
    """Close the client's connection without an answer (the client sees a reset or EOF)."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):  # the client may have closed its end already
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RDWR)
    start_response("500 Dropped", [])
    return []


def _until_client_gives_up(environ: dict[str, Any], stopping: threading.Event) -> None:
    """Wait (real time, at most ``HOLD_SECONDS``) until the client closes its connection: it has
    sent its whole request, so the connection turns readable only when its read timeout made it
    hang up."""
    sock = environ.get("werkzeug.socket")
    deadline = time.monotonic() + HOLD_SECONDS
    while sock is not None and not stopping.is_set() and time.monotonic() < deadline:
        if select.select([sock], [], [], 0.05)[0]:
            return


class LocalSageMakerApp:
    def __init__(self, moto_app: Callable[..., Iterable[bytes]]) -> None:
        self.moto_app = moto_app
        self.faults = FaultBook()
        self.throttle = Throttle()
        self.calls = CallLog()
        self.network = Network()
        self.stopping = threading.Event()
        self._moto = threading.Lock()  # one call at a time in moto's backends
        self.stalled = 0  # requests held by a stall or being served after one
        self._served = threading.Condition()
        self.route_table = self.routes()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            method = environ.get("REQUEST_METHOD", "GET")
            return self._control(path[len(PREFIX) :], method, body, start_response)

        call = describe_call(environ, body)
        if self.network.down:
            self.calls.append({**call, "fault": "network-down"})
            return _drop_connection(environ, start_response)
        if self.network.expired(call["access_key"]):
            self.calls.append({**call, "fault": "expired"})
            code = network.expired_code(json_protocol=bool(environ.get("HTTP_X_AMZ_TARGET")))
            return _error_reply(start_response, environ, code, network.EXPIRED_STATUS, network.EXPIRED_MESSAGE)
        if self.throttle.throttles(call["operation"]):
            self.calls.append({**call, "fault": "throttled"})
            return _error_reply(start_response, environ, throttle.ERROR_CODE, throttle.STATUS, throttle.MESSAGE)
        fault = self.faults.take(call["operation"])
        # A request SageMaker refuses changed nothing, so no lost answer is spent on it.
        refused = constraints.refusal(call["operation"], call["params"]) if call["service"] == "sagemaker" else None
        loss = None if fault or refused else self.network.loss(call)
        self.calls.append({**call, "fault": fault.kind if fault else f"lost-{loss}" if loss else None})
        if fault and fault.kind == "error":
            return _error_reply(start_response, environ, fault.error_code, fault.status, fault.message)
        if fault and fault.kind == "drop":
            return _drop_connection(environ, start_response)
        if fault and fault.kind == "stall":
            return self._stalled(environ, start_response, fault.seconds)
        if refused:
            return _error_reply(start_response, environ, "ValidationException", 400, refused)
        if loss:
            return self._lost(environ, start_response, loss)
        return self._served_by_moto(environ, start_response)

    def _served_by_moto(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """moto's answer, computed while no other call is in moto: its backends are plain dicts and
        lists that a listing walks while a create adds to them ("dictionary changed size during
        iteration" under a hundred concurrent creates)."""
        with self._moto:
            answer = self.moto_app(environ, start_response)
            try:
                return list(answer)
            finally:
                close = getattr(answer, "close", None)
                if close is not None:
                    close()

    def _lost(self, environ: dict[str, Any], start_response: StartResponse, how: str) -> list[bytes]:
        """Served, and then the answer is lost: reset at once, or once the client's read timeout
        made it hang up (``timeout``), or reset with the network down from now on (``down``)."""
        self._served_by_moto(environ, lambda *_args, **_kwargs: None)
        if how == "timeout":
            _until_client_gives_up(environ, self.stopping)
        return _drop_connection(environ, start_response)

    def _stalled(self, environ: dict[str, Any], start_response: StartResponse, seconds: float) -> Iterable[bytes]:
        """Served once ``seconds`` of the local clock have passed. Counted in ``stalled`` until
        moto has served it: a client that timed out cannot tell, so a test waits for the count
        to reach 0 to know that SageMaker has done what was asked."""
        with self._served:
            self.stalled += 1
        try:
            settings.wait_until(settings.now() + timedelta(seconds=seconds), self.stopping)
            return self._served_by_moto(environ, start_response)
        finally:
            with self._served:
                self.stalled -= 1
                self._served.notify_all()

    def _await_served(self, args: dict[str, Any]) -> dict[str, int]:
        """Wait (real time, at most ``timeout`` seconds) until no call is stalled."""
        with self._served:
            self._served.wait_for(lambda: self.stalled == 0, timeout=float(args["timeout"]))
            return {"stalled": self.stalled}

    def reset(self) -> None:
        """Forget every resource, fault and call; timings, rate limits and outages back to the
        server's start-up values."""
        with self._moto:
            moto_api_backend.reset()
        settings.reset()
        self.throttle.reset()
        self.faults.clear()
        self.network.clear()
        self.calls.clear()

    def _control(self, route: str, method: str, body: bytes, start_response: StartResponse) -> list[bytes]:
        handler = self.route_table.get((method, route))
        if handler is None:
            return _json_reply(start_response, 404, {"error": f"no route {method} {PREFIX}{route}"})
        try:
            return _json_reply(start_response, 200, handler(json.loads(body or b"{}")))
        except (KeyError, TypeError, ValueError, re.error) as error:
            return _json_reply(start_response, 400, {"error": f"{type(error).__name__}: {error}"})

    def routes(self) -> dict[tuple[str, str], Callable[[dict[str, Any]], Any]]:
        """The control API: (method, route under ``/_local/``) → handler of the JSON body."""
        return {
            ("GET", "config"): lambda args: settings.timings_now(),
            ("POST", "config"): lambda args: settings.configure(**args),
            ("POST", "advance"): self._advance,
            ("POST", "freeze"): lambda args: {"now": settings.freeze().isoformat()},
            ("GET", "behaviours"): lambda args: settings.behave(),
            ("POST", "behaviours"): lambda args: settings.behave(**args),
            ("POST", "known-values"): lambda args: settings.know(**args),
            ("POST", "fail-rules"): self._add_fail_rule,
            ("GET", "faults"): lambda args: {"faults": self.faults.pending()},
            ("GET", "stalled"): lambda args: {"stalled": self.stalled},
            ("POST", "served"): self._await_served,
            ("POST", "faults"): self._add_fault,
            ("GET", "calls"): lambda args: {"calls": self.calls.list()},
            ("GET", "rate-limits"): lambda args: self.throttle.limits(),
            ("POST", "rate-limits"): self.throttle.set_limits,
            ("GET", "outages"): lambda args: self.throttle.outages(),
            ("POST", "outages"): lambda args: self.throttle.start_outage(args["operation"], float(args["seconds"])),
            ("POST", "lose-answer"): self._lose_answer,
            ("POST", "network-up"): self._network_up,
            ("POST", "expire"): self._expire,
            ("GET", "network"): lambda args: self.network.pending(),
            ("POST", "reset"): self._reset,
        }

    @staticmethod
    def _add_fail_rule(args: dict[str, Any]) -> dict[str, Any]:
        settings.add_fail_rule(settings.FailRule(**args))
        return {}

    def _reset(self, args: dict[str, Any]) -> dict[str, Any]:
        self.reset()
        return {}

    @staticmethod
    def _advance(args: dict[str, Any]) -> dict[str, float]:
        settings.advance(float(args["seconds"]))
        return settings.timings_now()

    def _lose_answer(self, args: dict[str, Any]) -> dict[str, Any]:
        operation = args.get("operation")
        self.network.lose_answer(int(args["nth"]), str(args["how"]), str(operation) if operation else None)
        return self.network.pending()

    def _network_up(self, args: dict[str, Any]) -> dict[str, Any]:
        self.network.up()
        return self.network.pending()

    def _expire(self, args: dict[str, Any]) -> dict[str, Any]:
        self.network.expire(str(args["access_key"]), int(args.get("after_calls", 0)))
        return self.network.pending()

    def _add_fault(self, args: dict[str, Any]) -> dict[str, Any]:
        operation = args.pop("operation")
        self.faults.add(operation, Fault(**args))
        return {"faults": self.faults.pending()}
