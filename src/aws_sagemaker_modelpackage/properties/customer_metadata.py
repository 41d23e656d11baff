"""CustomerMetadataProperties: SageMaker merges the map it is sent, so removed keys are sent in
a field of their own (``...ToRemove``); read back sorted by key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import Model, Part, State

TO_REMOVE = "CustomerMetadataPropertiesToRemove"


def plan(state: State) -> list[Part]:
    """Keys set or changed, and keys removed."""
    before = state.previous.get("CustomerMetadataProperties") or {}
    after = state.desired.get("CustomerMetadataProperties") or {}
    changes: Part = {}
    to_set = {key: value for key, value in after.items() if before.get(key) != value}
    to_remove = sorted(key for key in before if key not in after)
    if to_set:
        changes["CustomerMetadataProperties"] = to_set
    if to_remove:
        changes[TO_REMOVE] = to_remove
    return [changes] if changes else []


def read(found: Model, _template: Model) -> Any:
    value = found.get("CustomerMetadataProperties")
    return dict(sorted(value.items())) if isinstance(value, Mapping) else value
