"""Process-wide knobs of the local SageMaker: status timings, failure rules and a simulated clock.

moto's backends are process-global, so these are too; ``reset()`` returns them to the values the
server was started with.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from moto.core.utils import utcnow


@dataclass
class FailRule:
    """Packages whose name, group or ARN matches ``pattern`` (``re.search``) end ``Failed``."""

    pattern: str
    validation_reasons: list[str] = field(default_factory=list)
    image_scan_reasons: list[str] = field(default_factory=list)

    def matches(self, *texts: str | None) -> bool:
        return any(text and re.search(self.pattern, text) for text in texts)


@dataclass
class Settings:
    """How long each transient status lasts, in (simulated) seconds.

    Defaults are short but not zero so that callers really go through their wait loops.
    """

    pending_seconds: float = 0.5
    in_progress_seconds: float = 1.0
    deleting_seconds: float = 1.0
    offset_seconds: float = 0.0
    fail_rules: list[FailRule] = field(default_factory=list)


TIMING_FIELDS = ("pending_seconds", "in_progress_seconds", "deleting_seconds")

_lock = threading.Lock()
_defaults = Settings()
current = Settings()


def set_defaults(**timings: float) -> None:
    """Set the timings ``reset()`` returns to (the server's command line sets these)."""
    global _defaults
    with _lock:
        _defaults = replace(_defaults, **timings)
    reset()


def configure(**timings: float) -> dict[str, float]:
    unknown = set(timings) - set(TIMING_FIELDS)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    with _lock:
        for name, value in timings.items():
            if value < 0:
                raise ValueError(f"{name} must not be negative")
            setattr(current, name, float(value))
    return timings_now()


def timings_now() -> dict[str, float]:
    return {name: getattr(current, name) for name in (*TIMING_FIELDS, "offset_seconds")}


def advance(seconds: float) -> datetime:
    """Move the simulated clock forward, so that waits of minutes take no real time."""
    if seconds < 0:
        raise ValueError("the clock only moves forward")
    with _lock:
        current.offset_seconds += seconds
    return now()


def add_fail_rule(rule: FailRule) -> None:
    re.compile(rule.pattern)
    with _lock:
        current.fail_rules.append(rule)


def fail_rule_for(*texts: str | None) -> FailRule | None:
    return next((rule for rule in current.fail_rules if rule.matches(*texts)), None)


def now() -> datetime:
    """Wall-clock time plus the simulated offset (naive UTC, like moto's timestamps)."""
    return utcnow() + timedelta(seconds=current.offset_seconds)


def reset() -> None:
    global current
    with _lock:
        current = replace(_defaults, offset_seconds=0.0, fail_rules=[])
