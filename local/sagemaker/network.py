"""The platform's faults around a call, for tests that play what Lambda and CloudFormation meet.

- **A lost answer.** A write is applied, and then its answer never reaches the caller: the
  connection is reset, or the answer is held until the caller's read timeout gives up, or the
  network goes down for good (every later call is dropped unserved until ``up()``: a test brings
  it back when CloudFormation calls again, so it stays down for the rest of an invocation). The
  caller cannot tell whether the write happened: botocore raises ``ConnectionClosedError`` or
  ``ReadTimeoutError`` for a call that may have been applied (callers.md §4, "A lost answer").
- **Expired credentials.** Calls signed with a chosen access key are answered as AWS answers an
  expired session token: ``ExpiredTokenException`` for the JSON protocol (SageMaker, CloudWatch
  Logs), ``ExpiredToken`` for the query protocol (STS, CloudWatch), HTTP 400, "The security token
  included in the request is expired" (botocore's error models and AWS's answers; callers.md §4,
  "Credentials"). A key may first serve a number of calls, so that it expires in the middle of an
  operation.

Which calls count as writes: SageMaker calls whose names do not start with a verb that only reads
(the same split as ``tests/support/sagemaker.py``, from botocore's model).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

LOSSES = ("reset", "timeout", "down")
READ_VERBS = ("Describe", "List", "Get", "Search", "BatchDescribe", "Query", "Render")
EXPIRED_MESSAGE = "The security token included in the request is expired"
EXPIRED_STATUS = 400


def is_write(call: dict[str, Any]) -> bool:
    """A SageMaker call that may change something."""
    return call["service"] == "sagemaker" and not str(call["operation"]).startswith(READ_VERBS)


def expired_code(json_protocol: bool) -> str:
    return "ExpiredTokenException" if json_protocol else "ExpiredToken"


@dataclass
class LostAnswer:
    """The ``nth`` write (of ``operation`` alone, if given) from when it was armed is applied,
    then its answer is lost ``how``."""

    nth: int
    how: str
    operation: str | None = None
    seen: int = 0

    def __post_init__(self) -> None:
        if self.how not in LOSSES:
            raise ValueError(f"how must be one of {LOSSES}")
        if self.nth < 1:
            raise ValueError("nth must be at least 1")


class Network:
    """Lost answers, a network that is down, and expired credentials; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lost: list[LostAnswer] = []
        self._down = False
        self._expiring: dict[str, int] = {}  # access key -> calls it still serves before it expires

    def lose_answer(self, nth: int, how: str, operation: str | None = None) -> None:
        with self._lock:
            self._lost.append(LostAnswer(nth, how, operation))

    def loss(self, call: dict[str, Any]) -> str | None:
        """How this call's answer is lost (it is applied first), if it is the armed write."""
        if not is_write(call):
            return None
        with self._lock:
            for lost in self._lost:
                if lost.operation in (None, call["operation"]):
                    lost.seen += 1
            due = next((lost for lost in self._lost if lost.seen == lost.nth), None)
            if due is None:
                return None
            self._lost.remove(due)
            if due.how == "down":
                self._down = True
            return due.how

    @property
    def down(self) -> bool:
        return self._down

    def up(self) -> None:
        """The network is back (CloudFormation's next call reaches the service again)."""
        with self._lock:
            self._down = False

    def expire(self, access_key: str, after_calls: int = 0) -> None:
        """Calls signed with ``access_key`` answer ExpiredToken once it has served ``after_calls``."""
        if after_calls < 0:
            raise ValueError("after_calls must not be negative")
        with self._lock:
            self._expiring[access_key] = after_calls

    def expired(self, access_key: str) -> bool:
        """Whether this call, signed with ``access_key``, meets expired credentials."""
        with self._lock:
            left = self._expiring.get(access_key)
            if left is None:
                return False
            if left > 0:
                self._expiring[access_key] = left - 1
                return False
            return True

    def pending(self) -> dict[str, Any]:
        with self._lock:
            return {
                "lost_answers": [
                    {"nth": lost.nth, "how": lost.how, "operation": lost.operation, "seen": lost.seen}
                    for lost in self._lost
                ],
                "down": self._down,
                "expiring": dict(self._expiring),
            }

    def clear(self) -> None:
        with self._lock:
            self._lost.clear()
            self._down = False
            self._expiring.clear()
