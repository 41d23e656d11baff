"""The stabiliser: reads SageMaker's status and decides to finish, fail or wait.

Waiting never sleeps in Lambda: the handler returns IN_PROGRESS and asks CloudFormation to
call back after a delay that ``retries.poll`` draws from the policy's ``poll``.
"""

from collections.abc import Mapping
from enum import Enum
from typing import Any


class Status(Enum):
    DONE = "done"
    WAIT = "wait"
    FAILED = "failed"


def assess(description: Mapping[str, Any]) -> Status:
    status = description.get("ModelPackageStatus")
    if status == "Completed":
        return Status.DONE
    if status == "Failed":
        return Status.FAILED
    # Pending, InProgress, Deleting, or a state added later: keep waiting (bounded by the poll's budget).
    return Status.WAIT


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
