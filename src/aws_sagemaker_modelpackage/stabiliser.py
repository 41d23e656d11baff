"""The stabiliser: reads SageMaker's status and decides to finish, fail or wait.

Waiting never sleeps in Lambda: the handler returns IN_PROGRESS and asks CloudFormation to
call back after a delay drawn from ``POLL``: a window of a fifth of the time already waited (1 to
60 s), the delay in its upper half. So a package that completes after T seconds is noticed by
about 1.2 T at the latest, a hundred resources started together do not describe in lockstep, and
no poll comes sooner than half the window, before SageMaker could have moved on.
"""

from collections.abc import Mapping
from dataclasses import replace
from enum import Enum
from typing import Any

from .retries import RETRY_BUDGET_SECONDS, Backoff

POLL = Backoff(first=1, cap=60, budget=170 * 60, growth=0.2, jitter=0.5)
"""Stabilisation: its budget ends ten minutes before the schema's 180-minute timeout of create
and update, so the provider says what the package was doing before CloudFormation gives up."""
DELETION_POLL = replace(POLL, budget=RETRY_BUDGET_SECONDS)
"""The wait for a deletion, within the same budget as every retry (and the delete timeout)."""


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
    # Pending, InProgress, Deleting, or a state added later: keep waiting (bounded by POLL's budget).
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
