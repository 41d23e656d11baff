"""Throttling as SageMaker answers it: token buckets per operation, and outages.

SageMaker publishes no rates for the model-package operations, but it throttles them: five
parallel processes were enough to meet ``ThrottlingException`` "Rate exceeded", answered with HTTP
400 (sagemaker-python-sdk #645, #2293), and botocore retries it by its code
(``retries/standard.py``, ``ThrottledRetryableChecker``). Here an operation may be given a token
bucket (``rate`` tokens per second up to ``burst``; a call takes one token or is throttled), or an
outage (every call is throttled until a moment). Both are off by default and run on the local
clock (``settings.now()``: real time plus the offset ``POST /_local/advance`` moves), so tests
advance time instead of sleeping.

Start-up values come from the environment, and ``reset()`` returns to them:
``LOCAL_SAGEMAKER_RATE_LIMITS="CreateModelPackage=2/5,DescribeModelPackage=20/40"`` (operation
= rate/burst) and ``LOCAL_SAGEMAKER_OUTAGES="CreateModelPackage=150"`` (seconds from server start).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from . import settings

RATE_LIMITS_VARIABLE = "LOCAL_SAGEMAKER_RATE_LIMITS"
OUTAGES_VARIABLE = "LOCAL_SAGEMAKER_OUTAGES"
# What SageMaker answers (callers.md §3: sagemaker-python-sdk #645 and #2293).
ERROR_CODE = "ThrottlingException"
MESSAGE = "Rate exceeded"
STATUS = 400


@dataclass
class Bucket:
    """``rate`` tokens per second, at most ``burst``; full when set."""

    rate: float
    burst: float
    tokens: float
    updated: datetime

    def take(self, now: datetime) -> bool:
        """Refill for the time since the last call, then take one token if there is one."""
        elapsed = max(0.0, (now - self.updated).total_seconds())
        self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
        self.updated = max(now, self.updated)
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _entries(text: str, variable: str) -> list[tuple[str, str]]:
    """``Operation=value`` pairs of a comma-separated variable, blanks ignored."""
    entries = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        operation, equals, value = item.partition("=")
        if not equals or not operation.strip() or not value.strip():
            raise ValueError(f"{variable}: {item!r} is not Operation=value")
        entries.append((operation.strip(), value.strip()))
    return entries


def parse_rate_limits(text: str) -> dict[str, tuple[float, float]]:
    """``"CreateModelPackage=2/5,..."`` → ``{"CreateModelPackage": (2.0, 5.0), ...}``."""
    limits = {}
    for operation, value in _entries(text, RATE_LIMITS_VARIABLE):
        rate, slash, burst = value.partition("/")
        if not slash:
            raise ValueError(f"{RATE_LIMITS_VARIABLE}: {operation}={value!r} is not rate/burst")
        limits[operation] = check_limit(operation, float(rate), float(burst))
    return limits


def parse_outages(text: str) -> dict[str, float]:
    """``"CreateModelPackage=150"`` → ``{"CreateModelPackage": 150.0}`` (seconds)."""
    outages = {operation: float(value) for operation, value in _entries(text, OUTAGES_VARIABLE)}
    for operation, seconds in outages.items():
        if seconds < 0:
            raise ValueError(f"{OUTAGES_VARIABLE}: {operation} must not last negative seconds")
    return outages


def check_limit(operation: str, rate: float, burst: float) -> tuple[float, float]:
    if rate <= 0 or burst < 1:
        raise ValueError(f"{operation}: rate must be positive and burst at least 1, not {rate}/{burst}")
    return rate, burst


class Throttle:
    """Which calls are throttled; thread-safe, as the server answers each request on a thread."""

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        self._environ = environ
        self._lock = threading.Lock()
        self._started = settings.now()
        self._buckets: dict[str, Bucket] = {}
        self._outages: dict[str, datetime] = {}
        self.reset()

    def reset(self) -> None:
        """Back to the environment's rate limits and outages (outages counted from server start)."""
        limits = parse_rate_limits(self._environ.get(RATE_LIMITS_VARIABLE, ""))
        outages = parse_outages(self._environ.get(OUTAGES_VARIABLE, ""))
        with self._lock:
            self._buckets = {}
            self._outages = {op: self._started + timedelta(seconds=s) for op, s in outages.items()}
        self.set_limits({op: {"rate": rate, "burst": burst} for op, (rate, burst) in limits.items()})

    def throttles(self, operation: str) -> bool:
        """Whether this call of ``operation`` is throttled (otherwise it has taken its token)."""
        now = settings.now()
        with self._lock:
            if operation in self._outages and now < self._outages[operation]:
                return True
            bucket = self._buckets.get(operation)
            return bucket is not None and not bucket.take(now)

    def set_limits(self, limits: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, float]]:
        """``{operation: {"rate": r, "burst": b}}``; a ``rate`` of None removes the operation's limit."""
        checked = {
            op: None if limit.get("rate") is None else check_limit(op, float(limit["rate"]), float(limit["burst"]))
            for op, limit in limits.items()
        }
        now = settings.now()
        with self._lock:
            for operation, limit in checked.items():
                if limit is None:
                    self._buckets.pop(operation, None)
                else:
                    self._buckets[operation] = Bucket(*limit, tokens=limit[1], updated=now)
        return self.limits()

    def limits(self) -> dict[str, dict[str, float]]:
        with self._lock:
            return {op: {"rate": b.rate, "burst": b.burst} for op, b in self._buckets.items()}

    def start_outage(self, operation: str, seconds: float) -> dict[str, float]:
        """Throttle every call of ``operation`` for ``seconds`` from now (0 ends an outage)."""
        if seconds < 0:
            raise ValueError("an outage must not last negative seconds")
        with self._lock:
            self._outages[operation] = settings.now() + timedelta(seconds=seconds)
        return self.outages()

    def outages(self) -> dict[str, float]:
        """Seconds left of each outage still going on."""
        now = settings.now()
        with self._lock:
            left = {op: (until - now).total_seconds() for op, until in self._outages.items()}
        return {op: seconds for op, seconds in left.items() if seconds > 0}
