"""CustomerMetadataProperties: SageMaker merges the map it is sent, so removed keys are sent in
a field of their own (``...ToRemove``); read back sorted by key. Pipelines and people add keys
of their own (a training job's id, a reviewer's note): an update changes only the keys the
template changed, and a rollback only those the failed update changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .values import key_changes, keys_reverted

if TYPE_CHECKING:
    from . import Model, Part, State

PROPERTY = "CustomerMetadataProperties"
TO_REMOVE = "CustomerMetadataPropertiesToRemove"


def plan(state: State) -> list[Part]:
    """Keys set or changed, and keys removed."""
    to_set, to_remove = key_changes(state.previous.get(PROPERTY) or {}, state.desired.get(PROPERTY) or {})
    changes: Part = {}
    if to_set:
        changes[PROPERTY] = to_set
    if to_remove:
        changes[TO_REMOVE] = to_remove
    return [changes] if changes else []


def revert(state: State, failed: Model) -> Part:
    """On a rollback (``state.desired``: the old template, ``state.previous``: the package as it
    is, ``failed``: the failed update's template): each key the failed update added, changed or
    removed goes back to what the old template says; every other key of the package stays as it
    is, whoever set it."""
    old, new, live = (model.get(PROPERTY) or {} for model in (state.desired, failed, state.previous))
    return {PROPERTY: keys_reverted(old, new, live)}


def read(found: Model, _template: Model) -> Any:
    value = found.get(PROPERTY)
    return dict(sorted(value.items())) if isinstance(value, Mapping) else value
