"""Process-wide knobs of the local SageMaker: status timings, failure rules, a simulated clock, and
the behaviours public evidence does not settle (one switch per open question of the fidelity
ledger, ``docs/fidelity.md``).

moto's backends are process-global, so these are too; ``reset()`` returns them to the values the
server was started with. A behaviour's start-up value comes from the environment variable
``LOCAL_SAGEMAKER_<NAME>`` (e.g. ``LOCAL_SAGEMAKER_DUPLICATE_NAME=validation``); at run time the
control API changes it (``POST /_local/behaviours``).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta


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
    # How long a version's creation counts as in flight for ``concurrent_create`` (0: never).
    concurrent_create_seconds: float = 0.0
    offset_seconds: float = 0.0
    frozen_at: datetime | None = None  # the wall-clock moment real time stopped counting (``freeze``)
    fail_rules: list[FailRule] = field(default_factory=list)
    behaviours: dict[str, str] = field(default_factory=lambda: default_behaviours(os.environ))
    # Enum values a SageMaker newer than this botocore knows, by shape (``constraints.py``).
    known_values: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Behaviour:
    """An open question of the fidelity ledger (``row``, worded as ``question``; ``docs/fidelity.md``
    and ``make calibrate`` take both from here), answered by one of ``choices``.

    The first choice is the default: the answer that would hurt users most if the provider did not
    cope with it, among those the evidence leaves open (for ``missing_package``, row 16's
    evidence settles the code SageMaker uses for its own model packages: ValidationException).
    """

    row: int
    choices: tuple[str, ...]
    question: str

    @property
    def default(self) -> str:
        return self.choices[0]


BEHAVIOURS: dict[str, Behaviour] = {
    "missing_package": Behaviour(
        18, ("validation", "resource-not-found"), "error code for a package that does not exist"
    ),
    "duplicate_name": Behaviour(
        20, ("resource-in-use", "validation"), "error code for an unversioned name already taken"
    ),
    "client_token_reuse": Behaviour(
        12, ("first-arn", "error"), "same ClientToken, different parameters: the first package or an error"
    ),
    "update_unversioned": Behaviour(22, ("refused", "allowed"), "UpdateModelPackage on an unversioned package"),
    "replace_inference_specification": Behaviour(
        25, ("refused", "allowed"), "UpdateModelPackage replacing an existing InferenceSpecification"
    ),
    "delete_approved": Behaviour(34, ("conflict", "allowed"), "DeleteModelPackage on an Approved version"),
    "version_tags": Behaviour(8, ("refused", "own", "inherited"), "AddTags/ListTags on a version's ARN"),
    "version_name": Behaviour(4, ("absent", "group-name"), "ModelPackageName of a version in Describe and List"),
    "concurrent_create": Behaviour(
        46, ("conflict", "serialised"), "CreateModelPackage into a group while another create into it is in flight"
    ),
    "cross_account_denied": Behaviour(
        54,
        ("does-not-exist", "access-denied"),
        "CreateModelPackage from another account that the group's resource policy does not allow",
    ),
    "line_breaks": Behaviour(
        55, ("refused", "allowed"), "a line break in a value whose pattern is '.*' (ApprovalDescription)"
    ),
}

ENV_PREFIX = "LOCAL_SAGEMAKER_"


def check_behaviour(name: str, value: str) -> None:
    if name not in BEHAVIOURS:
        raise ValueError(f"unknown behaviour {name!r}: one of {sorted(BEHAVIOURS)}")
    if value not in BEHAVIOURS[name].choices:
        raise ValueError(f"behaviour {name} must be one of {BEHAVIOURS[name].choices}, not {value!r}")


def default_behaviours(environ: Mapping[str, str]) -> dict[str, str]:
    """Each behaviour's default, or the value of its ``LOCAL_SAGEMAKER_<NAME>`` variable."""
    chosen = {}
    for name, behaviour in BEHAVIOURS.items():
        value = environ.get(ENV_PREFIX + name.upper(), behaviour.default)
        check_behaviour(name, value)
        chosen[name] = value
    return chosen


TIMING_FIELDS = ("pending_seconds", "in_progress_seconds", "deleting_seconds", "concurrent_create_seconds")

_lock = threading.Lock()
_defaults = Settings()
current = Settings()


def set_defaults(**timings: float) -> None:
    """Set the timings ``reset()`` returns to (the server's command line sets these)."""
    global _defaults
    with _lock:
        _defaults = replace(_defaults)
        for name, value in timings.items():
            setattr(_defaults, name, float(value))
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
    """The timings, the simulated offset and the clock's reading (``now``, seconds since the epoch)."""
    timings = {name: getattr(current, name) for name in (*TIMING_FIELDS, "offset_seconds")}
    return {**timings, "now": now().replace(tzinfo=UTC).timestamp()}


_clock_moved = threading.Condition()


def advance(seconds: float) -> datetime:
    """Move the simulated clock forward, so that waits of minutes take no real time."""
    if seconds < 0:
        raise ValueError("the clock only moves forward")
    with _lock:
        current.offset_seconds += seconds
    with _clock_moved:
        _clock_moved.notify_all()
    return now()


def freeze() -> datetime:
    """Stop real time from moving the clock (until ``reset``): then only ``advance`` moves it, so a
    test sees each status change at a moment it chose, however slowly it runs."""
    with _lock:
        if current.frozen_at is None:
            current.frozen_at = _wall_clock()
    return now()


def wait_until(moment: datetime, stopping: threading.Event) -> None:
    """Block until the clock reaches ``moment`` (real time or ``advance`` takes it there), or until
    ``stopping`` is set; the wait wakes at least every 0.2 s to notice ``stopping``."""
    with _clock_moved:
        while not stopping.is_set():
            left = (moment - now()).total_seconds()
            if left <= 0:
                return
            _clock_moved.wait(min(left, 0.2))


def add_fail_rule(rule: FailRule) -> None:
    re.compile(rule.pattern)
    with _lock:
        current.fail_rules.append(rule)


def behave(**choices: str) -> dict[str, str]:
    """Choose behaviours (``duplicate_name="validation"``, ...); returns them all."""
    for name, value in choices.items():
        check_behaviour(name, value)
    with _lock:
        current.behaviours.update(choices)
    return dict(current.behaviours)


def behaviour(name: str) -> str:
    """The choice in force for the open question ``name`` (a key of ``BEHAVIOURS``)."""
    return current.behaviours[name]


def know(**values: list[str]) -> dict[str, list[str]]:
    """Make enum values known beyond the botocore model, by shape name (e.g.
    ``ProductionVariantInstanceType=["ml.g7.2xlarge"]``): an instance type newer than the model."""
    with _lock:
        for shape, added in values.items():
            if not isinstance(added, list) or not all(isinstance(value, str) for value in added):
                raise ValueError(f"{shape}: a list of values is needed")
            current.known_values[shape] = [*current.known_values.get(shape, []), *added]
    return dict(current.known_values)


def known_values(shape: str) -> list[str]:
    return current.known_values.get(shape, [])


def fail_rule_for(*texts: str | None) -> FailRule | None:
    return next((rule for rule in current.fail_rules if rule.matches(*texts)), None)


def _wall_clock() -> datetime:
    """Naive UTC, like moto's ``utcnow`` timestamps (this module imports nothing of moto, so that
    ``local.calibrate`` reads ``BEHAVIOURS`` without loading it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def now() -> datetime:
    """The local clock: wall-clock time (or the moment it was frozen) plus the simulated offset."""
    return (current.frozen_at or _wall_clock()) + timedelta(seconds=current.offset_seconds)


def reset() -> None:
    """Timings back to the server's defaults; behaviours back to the environment's or the defaults."""
    global current
    with _lock:
        current = replace(
            _defaults,
            offset_seconds=0.0,
            frozen_at=None,
            fail_rules=[],
            behaviours=default_behaviours(os.environ),
            known_values={},
        )
