"""The stabiliser: reads SageMaker's status and decides to finish, fail or wait.

Waiting never sleeps in Lambda: the handler returns IN_PROGRESS and asks CloudFormation to
call back after a delay that grows with the time already waited (a fifth of it, 1 to 60 s),
so a package that completes after T seconds is noticed by about 1.2 T at the latest.
"""

import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

MIN_DELAY_SECONDS = 1
MAX_DELAY_SECONDS = 60
DELAY_FRACTION = 0.2


class Outcome(Enum):
    DONE = "done"
    WAIT = "wait"
    FAILED = "failed"


def assess(description: Mapping[str, Any]) -> Outcome:
    status = description.get("ModelPackageStatus")
    if status == "Completed":
        return Outcome.DONE
    if status == "Failed":
        return Outcome.FAILED
    # Pending, InProgress, Deleting, or a state added later: keep waiting (bounded by the
    # handler's timeout in the schema).
    return Outcome.WAIT


def next_delay(waited_seconds: float) -> int:
    return int(min(MAX_DELAY_SECONDS, max(MIN_DELAY_SECONDS, math.ceil(waited_seconds * DELAY_FRACTION))))


def failure_reasons(description: Mapping[str, Any]) -> str:
    """The reasons SageMaker gives for a Failed package (there is no top-level reason)."""
    details: Mapping[str, Any] = description.get("ModelPackageStatusDetails") or {}
    reasons = [
        f"{kind} {item.get('Name')}: {item.get('FailureReason') or item.get('Status')}"
        for kind, key in (("validation", "ValidationStatuses"), ("image scan", "ImageScanStatuses"))
        for item in details.get(key) or ()
        if item.get("Status") == "Failed"
    ]
    return "; ".join(reasons) or "SageMaker gave no reason"
