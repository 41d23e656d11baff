"""The update planner: previous and desired state (and, when it matters, the package as it is
now) turned into one ``UpdateModelPackage`` request holding only what changed."""
from typing import Any, Dict, List, Mapping, Optional

from .validation import additional_specs

# Fields of UpdateModelPackage with a rule of their own rather than "send when changed".
_SPECIAL = frozenset({
    "ModelPackageArn", "ClientToken", "CustomerMetadataProperties",
    "CustomerMetadataPropertiesToRemove", "AdditionalInferenceSpecificationsToAdd",
})


def updatable_fields(service_model: Any) -> List[str]:
    """Every UpdateModelPackage field sent as is when its value changes (botocore decides)."""
    members = service_model.operation_model("UpdateModelPackage").input_shape.members
    return [name for name in members if name not in _SPECIAL]


def plan(service_model: Any, previous: Mapping[str, Any], desired: Mapping[str, Any]) -> Dict[str, Any]:
    """The changes to send; empty when nothing changed. Values removed from the template that
    SageMaker cannot unset are left as they are."""
    changes: Dict[str, Any] = {
        name: desired[name] for name in updatable_fields(service_model)
        if desired.get(name) is not None and desired.get(name) != previous.get(name)
    }
    changes.update(_metadata_changes(previous.get("CustomerMetadataProperties") or {},
                                     desired.get("CustomerMetadataProperties") or {}))
    new_specs = _new_specs(additional_specs(previous), additional_specs(desired))
    if new_specs:
        changes["AdditionalInferenceSpecificationsToAdd"] = new_specs
    return changes


def needs_current_state(changes: Mapping[str, Any]) -> bool:
    """Whether SageMaker may refuse the plan because of what is on the package now: which
    additional inference specifications it already has, and whether its model card is
    archived (the package is then described to explain or work around the refusal)."""
    return "AdditionalInferenceSpecificationsToAdd" in changes or "ModelCard" in changes


def against_current(changes: Mapping[str, Any], current: Mapping[str, Any]) -> Dict[str, Any]:
    """The plan without additional inference specifications already on the package (added by
    an earlier attempt, or outside the stack)."""
    refined = dict(changes)
    present = {spec.get("Name") for spec in current.get("AdditionalInferenceSpecifications") or ()}
    remaining = [spec for spec in refined.pop("AdditionalInferenceSpecificationsToAdd", ()) if spec.get("Name") not in present]
    if remaining:
        refined["AdditionalInferenceSpecificationsToAdd"] = remaining
    return refined


def _metadata_changes(before: Mapping[str, str], after: Mapping[str, str]) -> Dict[str, Any]:
    changes: Dict[str, Any] = {}
    to_set = {key: value for key, value in after.items() if before.get(key) != value}
    to_remove = sorted(key for key in before if key not in after)
    if to_set:
        changes["CustomerMetadataProperties"] = to_set
    if to_remove:
        changes["CustomerMetadataPropertiesToRemove"] = to_remove
    return changes


def _new_specs(before: List[Mapping[str, Any]], after: List[Mapping[str, Any]]) -> Optional[List[Mapping[str, Any]]]:
    known = {spec.get("Name") for spec in before}
    return [spec for spec in after if spec.get("Name") not in known] or None
