"""Fault injection and the record of calls, for reliability tests that run against the server.

A fault is queued per operation name (``CreateModelPackage``, ``GetCallerIdentity``, ...) and is
used by the next ``times`` calls of that operation: answer an error, drop the connection, or stall
for some seconds before answering normally.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

KINDS = ("error", "drop", "stall")


@dataclass
class Fault:
    kind: str
    times: int = 1
    error_code: str = "InternalFailure"
    status: int = 500
    message: str = "Injected fault."
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if self.times < 1:
            raise ValueError("times must be at least 1")


class FaultBook:
    """Queued faults per operation, used up in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, list[Fault]] = {}

    def add(self, operation: str, fault: Fault) -> None:
        with self._lock:
            self._queues.setdefault(operation, []).append(fault)

    def take(self, operation: str) -> Fault | None:
        with self._lock:
            queue = self._queues.get(operation)
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times == 0:
                queue.pop(0)
            return fault

    def pending(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            return {op: [asdict(f) for f in queue] for op, queue in self._queues.items() if queue}

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()


class CallLog:
    """Every AWS call received, in order: service, operation, parsed parameters, fault applied."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[dict[str, Any]] = []

    def append(self, call: dict[str, Any]) -> None:
        with self._lock:
            self._calls.append(call)

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._calls)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
