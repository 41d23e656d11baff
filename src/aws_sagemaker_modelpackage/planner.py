"""The update planner: previous and desired state (and, when it matters, the package as it is
now) turned into one ``UpdateModelPackage`` request holding only what changed."""

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from . import schema
from .translator import unsupported
from .validation import additional_specs


def plan(service_model: Any, previous: Mapping[str, Any], desired: Mapping[str, Any]) -> dict[str, Any]:
    """The changes to send; empty when nothing changed. Values removed from the template that
    SageMaker cannot unset are left as they are. The schema says what is updatable; botocore's
    UpdateModelPackage shape must know it, or the change is refused rather than lost."""
    changed = {
        name
        for name in _updatable_properties()
        if desired.get(name) is not None and desired.get(name) != previous.get(name)
    }
    unknown = sorted(changed - set(service_model.operation_model("UpdateModelPackage").input_shape.members))
    if unknown:
        raise unsupported(unknown[0])
    changes: dict[str, Any] = {name: desired[name] for name in sorted(changed)}
    changes.update(
        _metadata_changes(
            previous.get("CustomerMetadataProperties") or {}, desired.get("CustomerMetadataProperties") or {}
        )
    )
    new_specs = _new_specs(additional_specs(previous), additional_specs(desired))
    if new_specs:
        changes["AdditionalInferenceSpecificationsToAdd"] = new_specs
    return changes


@lru_cache(maxsize=1)
def _updatable_properties() -> frozenset:
    """Schema properties that change in place and are sent as they are (the rest are
    create-only, read-only, or have a rule of their own here or in ``tags.py``)."""
    fixed = schema.top_level("createOnlyProperties") | schema.top_level("readOnlyProperties")
    own_rules = {"Tags", "CustomerMetadataProperties", "AdditionalInferenceSpecifications"}
    return frozenset(schema.load()["properties"]) - fixed - schema.top_level("writeOnlyProperties") - own_rules


def needs_current_state(changes: Mapping[str, Any]) -> bool:
    """Whether SageMaker may refuse the plan because of what is on the package now: which
    additional inference specifications it already has, and whether its model card is
    archived (the package is then described to explain or work around the refusal)."""
    return "AdditionalInferenceSpecificationsToAdd" in changes or "ModelCard" in changes


def against_current(changes: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The plan without additional inference specifications already on the package (added by
    an earlier attempt, or outside the stack)."""
    refined = dict(changes)
    present = {spec.get("Name") for spec in current.get("AdditionalInferenceSpecifications") or ()}
    remaining = [
        spec for spec in refined.pop("AdditionalInferenceSpecificationsToAdd", ()) if spec.get("Name") not in present
    ]
    if remaining:
        refined["AdditionalInferenceSpecificationsToAdd"] = remaining
    return refined


def _metadata_changes(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    to_set = {key: value for key, value in after.items() if before.get(key) != value}
    to_remove = sorted(key for key in before if key not in after)
    if to_set:
        changes["CustomerMetadataProperties"] = to_set
    if to_remove:
        changes["CustomerMetadataPropertiesToRemove"] = to_remove
    return changes


def _new_specs(before: list[Mapping[str, Any]], after: list[Mapping[str, Any]]) -> list[Mapping[str, Any]] | None:
    known = {spec.get("Name") for spec in before}
    return [spec for spec in after if spec.get("Name") not in known] or None
