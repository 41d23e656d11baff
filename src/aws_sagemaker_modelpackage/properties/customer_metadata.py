"""CustomerMetadataProperties: SageMaker merges the map it is sent, so removed keys are sent in
a field of their own (``...ToRemove``); read back sorted by key. Pipelines and people add keys
of their own (a training job's id, a reviewer's note): an update changes only the keys the
template changed, and a rollback only those the failed update changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import Model, Part, State

PROPERTY = "CustomerMetadataProperties"
TO_REMOVE = "CustomerMetadataPropertiesToRemove"


def plan(state: State) -> list[Part]:
    """Keys set or changed, and keys removed."""
    before = state.previous.get(PROPERTY) or {}
    after = state.desired.get(PROPERTY) or {}
    changes: Part = {}
    to_set = {key: value for key, value in after.items() if before.get(key) != value}
    to_remove = sorted(key for key in before if key not in after)
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
    old, new = state.desired.get(PROPERTY) or {}, failed.get(PROPERTY) or {}
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    kept = {key: value for key, value in (state.previous.get(PROPERTY) or {}).items() if key not in changed}
    return {PROPERTY: {**kept, **{key: old[key] for key in changed if key in old}}}


def read(found: Model, _template: Model) -> Any:
    value = found.get(PROPERTY)
    return dict(sorted(value.items())) if isinstance(value, Mapping) else value
