"""UpdateModelPackage with SageMaker's semantics.

moto only handles a few fields and overwrites those it was not sent (ApprovalDescription and
CustomerMetadataProperties become empty). Here every member of botocore's UpdateModelPackage input
is applied and nothing else changes:

- ``CustomerMetadataProperties`` are merged in, ``CustomerMetadataPropertiesToRemove`` removed;
- ``AdditionalInferenceSpecificationsToAdd`` are appended; a ``Name`` already on the package (or
  twice in the request) is a ValidationException;
- ``ModelCard`` is merged into the stored card; new content for an ``Archived`` card is refused
  ("Model Card is in Archived state", row 29), and so are new content and a new status in one call
  (row 30);
- every other member (ModelApprovalStatus, ApprovalDescription, InferenceSpecification, SourceUri,
  ModelLifeCycle, ModelPackageRegistrationType, ...) replaces the stored value; an
  ``InferenceSpecification`` follows the create rule of row 44.

Open questions, each a switch of ``settings.BEHAVIOURS``: updating an unversioned package at all
(row 22, ``update_unversioned``), replacing an inference specification the package already has
(row 25, ``replace_inference_specification``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from . import settings, store
from ._patch import add
from .create_rules import check_inference_specification
from .store import LocalModelPackage, forward_to_backend

# Row 29 (BC, ModelCardStatus doc): "you will receive the message Model Card is in Archived state."
ARCHIVED_CARD = "Model Card is in Archived state."
# Row 30 (BC, UpdateModelCard doc), applied to a model package's card as AWS's SDK does (#4739).
CARD_CONTENT_AND_STATUS = "You cannot update both model card content and model card status in a single call."
# Rows 22 and 25 are open: no public wording exists; these are the local stand-ins.
UNVERSIONED_UPDATE = "UpdateModelPackage is supported only for versioned model packages."
SPECIFICATION_REPLACED = "InferenceSpecification cannot be changed once the model package has one."


def _merge_metadata(fields: dict[str, Any], value: dict[str, str]) -> None:
    fields["CustomerMetadataProperties"] = {**fields.get("CustomerMetadataProperties", {}), **value}


def _remove_metadata(fields: dict[str, Any], keys: list[str]) -> None:
    remaining = {k: v for k, v in fields.get("CustomerMetadataProperties", {}).items() if k not in keys}
    if remaining:
        fields["CustomerMetadataProperties"] = remaining
    else:
        fields.pop("CustomerMetadataProperties", None)


def _add_inference_specifications(fields: dict[str, Any], new: list[dict[str, Any]]) -> None:
    existing = fields.get("AdditionalInferenceSpecifications", [])
    seen = {spec["Name"] for spec in existing}
    for spec in new:
        if spec["Name"] in seen:
            raise ValidationError(
                f"An AdditionalInferenceSpecification with Name {spec['Name']} already exists in this model package."
            )
        seen.add(spec["Name"])
    fields["AdditionalInferenceSpecifications"] = existing + new


def _update_model_card(fields: dict[str, Any], card: dict[str, Any]) -> None:
    stored = fields.get("ModelCard", {})
    content_changes = "ModelCardContent" in card and card["ModelCardContent"] != stored.get("ModelCardContent")
    if stored.get("ModelCardStatus") == "Archived" and content_changes:
        raise ValidationError(ARCHIVED_CARD)
    # Row 30 (BC, UpdateModelCard): "You cannot update both model card content and model card
    # status in a single call" -- no exception for unchanged values, so both keys are refused.
    if "ModelCardContent" in card and "ModelCardStatus" in card:
        raise ValidationError(CARD_CONTENT_AND_STATUS)
    fields["ModelCard"] = {**stored, **card}


def _set_inference_specification(fields: dict[str, Any], specification: dict[str, Any]) -> None:
    check_inference_specification(specification)
    replacing = fields.get("InferenceSpecification") not in (None, specification)
    if replacing and settings.behaviour("replace_inference_specification") == "refused":
        raise ValidationError(SPECIFICATION_REPLACED)
    fields["InferenceSpecification"] = specification


def _ignore(fields: dict[str, Any], value: Any) -> None:
    """The request's own idempotency token is not a property of the package."""


APPLY: dict[str, Callable[[dict[str, Any], Any], None]] = {
    "CustomerMetadataProperties": _merge_metadata,
    "CustomerMetadataPropertiesToRemove": _remove_metadata,
    "AdditionalInferenceSpecificationsToAdd": _add_inference_specifications,
    "ModelCard": _update_model_card,
    "InferenceSpecification": _set_inference_specification,
    "ClientToken": _ignore,
}


def update_model_package(self: SageMakerModelBackend, ModelPackageArn: str, **changes: Any) -> str:
    """Apply to a copy first, so that a refused change leaves the package untouched."""
    package: LocalModelPackage = store.package(self, ModelPackageArn)
    if not package.model_package_group_name and settings.behaviour("update_unversioned") == "refused":
        raise ValidationError(UNVERSIONED_UPDATE)
    fields = dict(package.api_fields)
    for member, value in changes.items():
        if member in APPLY:
            APPLY[member](fields, value)
        else:
            fields[member] = value
    if "ModelApprovalStatus" in changes:
        package.set_model_approval_status(changes["ModelApprovalStatus"])
    package.api_fields = fields
    package.last_modified_time = settings.now()
    package.last_modified_by = package.created_by
    return package.arn


def install() -> None:
    add(SageMakerModelBackend, "update_model_package", update_model_package)
    forward_to_backend(SageMakerResponse, "update_model_package", result_key="ModelPackageArn")
