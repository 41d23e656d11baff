"""Status life cycle of model packages, failures on demand, and DeleteModelPackage.

moto marks every package ``Completed`` at once and has no DeleteModelPackage. Here a package is
``Pending``, then ``InProgress``, then ``Completed`` (or ``Failed`` when a fail rule of ``settings``
matched it at creation, with the rule's reasons in ``ModelPackageStatusDetails``), on the simulated
clock of ``settings`` with the timings in force when it was created. DeleteModelPackage puts it in
``Deleting`` for the ``deleting_seconds`` in force then; after that it is gone from every API
(ledger rows 14 and 33). Whether an Approved version may be deleted is open (row 34): the
``delete_approved`` switch.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from moto.sagemaker.models import ModelPackage, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from . import settings, store
from ._patch import add, wrap
from .exceptions import ConflictException
from .store import LocalModelPackage, all_model_packages, deleted, forward_to_backend

DEFAULT_FAILURE_REASON = "Validation failed for this model package."


def _status(package: LocalModelPackage, now: datetime) -> str:
    """Where creation has got to (a package being deleted keeps the details of that status)."""
    pending, in_progress = package.status_timings
    elapsed = (now - package.creation_time).total_seconds()
    if elapsed < pending:
        return "Pending"
    if elapsed < pending + in_progress:
        return "InProgress"
    return "Failed" if package.fail_rule else "Completed"


def _status_details(package: LocalModelPackage, status: str) -> dict[str, list[dict[str, str]]]:
    """Per-check statuses; a failed package carries its reasons only here, as in SageMaker."""
    rule = package.fail_rule
    check_status = {"Pending": "NotStarted", "InProgress": "InProgress"}.get(status, "Completed")
    name = package.model_package_name

    def checks(reasons: list[str]) -> list[dict[str, str]]:
        if check_status == "Completed" and reasons:
            return [{"Name": name, "Status": "Failed", "FailureReason": reason} for reason in reasons]
        return [{"Name": name, "Status": check_status}]

    validation = rule.validation_reasons if rule else []
    image_scan = rule.image_scan_reasons if rule else []
    if rule and not validation and not image_scan:
        validation = [DEFAULT_FAILURE_REASON]
    return {"ValidationStatuses": checks(validation), "ImageScanStatuses": checks(image_scan)}


def status_fields(package: LocalModelPackage) -> dict[str, Any]:
    """``ModelPackageStatus`` and ``ModelPackageStatusDetails`` at this moment of the clock."""
    status = _status(package, settings.now())
    return {
        "ModelPackageStatus": "Deleting" if package.deleting_until is not None else status,
        "ModelPackageStatusDetails": _status_details(package, status),
    }


def start(package: LocalModelPackage) -> None:
    """Fix a new package's life cycle: the timings in force and the fail rule that matches it."""
    package.status_timings = (settings.current.pending_seconds, settings.current.in_progress_seconds)
    package.fail_rule = settings.fail_rule_for(
        package.model_package_name, package.model_package_group_name, package.arn
    )
    package.deleting_until = None


def purge_deleted(backend: SageMakerModelBackend) -> None:
    """Forget the packages whose deletion has finished, before moto's own code walks them all."""
    now = settings.now()
    for arn in [arn for arn, package in all_model_packages(backend).items() if deleted(package, now)]:
        del backend.model_packages[arn]


def delete_model_package(self: SageMakerModelBackend, ModelPackageName: str) -> None:
    """Start deleting; deleting a package that is already ``Deleting`` changes nothing."""
    package = store.package(self, ModelPackageName)
    approved = package.api_fields.get("ModelApprovalStatus") == "Approved"
    if approved and settings.behaviour("delete_approved") == "conflict":
        # Row 34: ConflictException is declared by DeleteModelPackage (BC); the wording is a local stand-in.
        raise ConflictException(f"Model Package {package.arn} is Approved and cannot be deleted.")
    if package.deleting_until is None:
        package.deleting_until = settings.now() + timedelta(seconds=settings.current.deleting_seconds)


def install() -> None:
    @wrap(SageMakerModelBackend, "list_model_packages")
    def list_model_packages(previous: Any, self: SageMakerModelBackend, **kwargs: Any) -> Any:
        purge_deleted(self)
        return previous(self, **kwargs)

    @wrap(ModelPackage, "gen_response_object")
    def gen_response_object(previous: Any, self: LocalModelPackage) -> dict[str, Any]:
        return {**previous(self), **status_fields(self)}

    add(SageMakerModelBackend, "delete_model_package", delete_model_package)
    forward_to_backend(SageMakerResponse, "delete_model_package")
