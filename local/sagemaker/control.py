"""Client of the local SageMaker's control API (``/_local/...``); standard library only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, cast


class ControlError(RuntimeError):
    """The control API refused a request (its message says why)."""


class Control:
    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _call(self, route: str, payload: dict[str, Any] | None = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(
            f"{self.url}/_local/{route}",
            data=data,
            method="GET" if payload is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            raise ControlError(error.read().decode(errors="replace")) from error

    def configure(self, **timings: float) -> dict[str, float]:
        """Set ``pending_seconds``, ``in_progress_seconds``, ``deleting_seconds`` and/or
        ``concurrent_create_seconds`` (how long a version's creation counts as in flight for the
        ``concurrent_create`` behaviour; 0, the default, turns it off).

        Status timings apply to packages created (or deletions started) from now on.
        """
        return cast(dict[str, float], self._call("config", timings))

    def config(self) -> dict[str, float]:
        """The timings, ``offset_seconds`` and the local clock's reading ``now`` (epoch seconds)."""
        return cast(dict[str, float], self._call("config"))

    def behave(self, **choices: str) -> dict[str, str]:
        """Answer open questions of the fidelity ledger one way, e.g. ``behave(duplicate_name="validation")``
        (names and choices: ``settings.BEHAVIOURS``); returns every behaviour in force. ``reset()``
        goes back to the defaults (or the ``LOCAL_SAGEMAKER_<NAME>`` environment variables)."""
        return cast(dict[str, str], self._call("behaviours", choices))

    def behaviours(self) -> dict[str, str]:
        return cast(dict[str, str], self._call("behaviours"))

    def know(self, **values: list[str]) -> dict[str, list[str]]:
        """Enum values SageMaker accepts beyond the botocore model, by shape name, e.g.
        ``know(ProductionVariantInstanceType=["ml.g7.2xlarge"])``: an instance type newer than the
        model. ``reset()`` forgets them."""
        return cast(dict[str, list[str]], self._call("known-values", values))

    def advance(self, seconds: float) -> dict[str, float]:
        """Move the simulated clock forward: statuses progress, and stalls, rate limits and outages
        run on, without waiting."""
        return cast(dict[str, float], self._call("advance", {"seconds": seconds}))

    def freeze(self) -> None:
        """Stop real time from moving the local clock until ``reset()``: only ``advance`` moves it."""
        self._call("freeze", {})

    def fail_matching(
        self,
        pattern: str,
        validation_reasons: list[str] | None = None,
        image_scan_reasons: list[str] | None = None,
    ) -> None:
        """Packages created from now on whose name, group or ARN matches ``pattern`` end ``Failed``."""
        self._call(
            "fail-rules",
            {
                "pattern": pattern,
                "validation_reasons": validation_reasons or [],
                "image_scan_reasons": image_scan_reasons or [],
            },
        )

    def inject(
        self,
        operation: str,
        error_code: str = "InternalFailure",
        status: int = 500,
        message: str = "Injected fault.",
        times: int = 1,
    ) -> None:
        """The next ``times`` calls of ``operation`` answer this error."""
        self._fault(operation, "error", times, error_code=error_code, status=status, message=message)

    def drop_connection(self, operation: str, times: int = 1) -> None:
        """The next ``times`` calls of ``operation`` get their connection closed without an answer."""
        self._fault(operation, "drop", times)

    def stall(self, operation: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls of ``operation`` are answered only after ``seconds`` of the local
        clock: real time, or ``advance``, releases them."""
        self._fault(operation, "stall", times, seconds=seconds)

    def stalled(self) -> int:
        """How many stalled calls are not served yet: once 0, SageMaker has done what they asked,
        even if their clients gave up long ago."""
        return int(self._call("stalled")["stalled"])

    def served(self, timeout: float = 5.0) -> None:
        """Return once every stalled call is served (the clock must have moved past their stall:
        ``advance`` releases them, then their threads finish in real time); fail after
        ``timeout`` seconds."""
        left = int(self._call("served", {"timeout": timeout})["stalled"])
        if left:
            raise ControlError(f"{left} stalled calls not served after {timeout} s: is the clock past their stall?")

    def lose_answer(self, nth: int = 1, how: str = "reset", operation: str | None = None) -> None:
        """The ``nth`` SageMaker write from now (the ``nth`` call of ``operation``, if given) is
        applied, then its answer is lost: ``reset`` (the connection is reset), ``timeout`` (held
        until the client's read timeout hangs up) or ``down`` (reset, and every call after it is
        dropped unserved until ``network_up()``)."""
        self._call("lose-answer", {"nth": nth, "how": how, "operation": operation})

    def network_up(self) -> None:
        """The network is back after a lost answer ``down``."""
        self._call("network-up", {})

    def expire(self, access_key: str, after_calls: int = 0) -> None:
        """Calls signed with ``access_key``, once it has served ``after_calls`` more, answer as AWS
        answers an expired session token (``ExpiredTokenException``; ``ExpiredToken`` for the query
        protocol), until ``reset()``."""
        self._call("expire", {"access_key": access_key, "after_calls": after_calls})

    def network(self) -> dict[str, Any]:
        """Lost answers still armed (``nth``, ``how``, writes ``seen``), whether the network is
        ``down``, and the calls each expiring access key still serves."""
        return cast(dict[str, Any], self._call("network"))

    def _fault(self, operation: str, kind: str, times: int, **details: Any) -> None:
        self._call("faults", {"operation": operation, "kind": kind, "times": times, **details})

    def faults(self) -> dict[str, list[dict[str, Any]]]:
        """Faults not used up yet, per operation."""
        return cast(dict[str, list[dict[str, Any]]], self._call("faults")["faults"])

    def rate_limit(self, operation: str, rate: float | None, burst: float | None = None) -> dict[str, dict[str, float]]:
        """Give ``operation`` a token bucket: ``rate`` calls per second, ``burst`` at once (the bucket
        starts full); further calls answer ThrottlingException "Rate exceeded" (HTTP 400). A ``rate``
        of None removes the limit. Returns every limit in force."""
        return cast(dict[str, dict[str, float]], self._call("rate-limits", {operation: {"rate": rate, "burst": burst}}))

    def rate_limits(self) -> dict[str, dict[str, float]]:
        """``{operation: {"rate": ..., "burst": ...}}`` for every operation with a limit."""
        return cast(dict[str, dict[str, float]], self._call("rate-limits"))

    def outage(self, operation: str, seconds: float) -> dict[str, float]:
        """Throttle every call of ``operation`` for ``seconds`` of the local clock from now (0 ends
        it); returns the seconds left of every outage going on."""
        return cast(dict[str, float], self._call("outages", {"operation": operation, "seconds": seconds}))

    def outages(self) -> dict[str, float]:
        """Seconds left of every outage going on."""
        return cast(dict[str, float], self._call("outages"))

    def calls(self, service: str | None = "sagemaker") -> list[dict[str, Any]]:
        """Calls received, in order (``service``, ``operation``, ``params``, ``fault``, and the
        ``access_key`` and ``region`` each is signed with); None: all services."""
        calls = self._call("calls")["calls"]
        return [call for call in calls if service is None or call["service"] == service]

    def operations(self, service: str | None = "sagemaker") -> list[str]:
        """Just the operation names of ``calls()``."""
        return [call["operation"] for call in self.calls(service)]

    def reset(self) -> None:
        """Forget all resources, faults, lost answers, expired keys, fail rules and calls; the network
        up; timings and clock back to defaults; rate limits and outages back to the environment's
        (``LOCAL_SAGEMAKER_RATE_LIMITS``, ``_OUTAGES``)."""
        self._call("reset", {})
