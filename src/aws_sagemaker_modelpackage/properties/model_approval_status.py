"""ModelApprovalStatus: sent as the template gives it, and never when the template leaves it out,
so a reviewer or a pipeline may own a version's approval (a rollback sends it only if the failed
update changed it). Its one rule of its own is what a delete withdraws.

Whether SageMaker deletes an Approved version is not documented (fidelity ledger row 34). If it
refuses, a stack deletion still means the version must go, so the approval is withdrawn and the
delete sent again. Withdrawn means ``Rejected``: SageMaker announces every approval change as a
"SageMaker Model Package State Change" event, and what watches approvals (deployment pipelines,
EventBridge rules) takes Rejected as "do not use this version" and undeploys or stops on it,
where ``PendingManualApproval`` would ask a reviewer to look at a version that is being deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types_boto3_sagemaker.literals import ModelApprovalStatusType

    from . import Model, Part

APPROVED = "Approved"
WITHDRAWN: ModelApprovalStatusType = "Rejected"


def withdraw(found: Model) -> Part:
    """What is sent before a delete SageMaker refused is sent again, for the package as described
    (``found``): the approval withdrawn if it is Approved, else nothing."""
    return {"ModelApprovalStatus": WITHDRAWN} if found.get("ModelApprovalStatus") == APPROVED else {}
