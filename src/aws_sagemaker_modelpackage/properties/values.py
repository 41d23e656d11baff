"""Comparisons the rules share: values as CloudFormation passes them, and repeated names."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def equal(one: Any, other: Any) -> bool:
    """Whether the two hold the same values (see ``same``), each holding all of the other's."""
    return same(one, other) and same(other, one)


def same(given: Any, found: Any) -> bool:
    """Whether ``found`` holds everything ``given`` sets, scalars compared as CloudFormation
    passes them (``"true"`` is ``true``, ``"5"`` is ``5``); what ``given`` leaves out is not
    compared (SageMaker cannot unset it, and may fill it in)."""
    if isinstance(given, Mapping):
        return isinstance(found, Mapping) and all(
            value is None or same(value, found.get(key)) for key, value in given.items()
        )
    if isinstance(given, list):
        return isinstance(found, list) and len(given) == len(found) and all(map(same, given, found))
    return found is not None and _scalar(given) == _scalar(found)


def _scalar(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def repeated(values: Iterable[Any]) -> list[Any]:
    """The values given more than once, sorted."""
    listed = list(values)
    return sorted({listed[index] for index in repeating(listed)})


def repeating(values: Sequence[Any]) -> list[int]:
    """The index of each item equal to an earlier one (items may be unhashable: JSON objects);
    the schema's ``uniqueItems`` (``validation.py``) is checked with it too."""
    return [index for index, item in enumerate(values) if item in values[:index]]


# --- maps changed key by key (metadata keys, tags) -----------------------------------------


def key_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(keys set or changed, with their values; keys removed) from ``before`` to ``after``: what
    an update of a map that others add keys to sends, so that their keys stay."""
    to_set = {key: value for key, value in after.items() if before.get(key) != value}
    return to_set, sorted(key for key in before if key not in after)


def keys_reverted(old: Mapping[str, Any], failed: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
    """A rollback of a map key by key: each key the failed update (``failed``) added, changed or
    removed goes back to the old template's (``old``) value; every other key stays as it is live."""
    changed = {key for key in old.keys() | failed.keys() if old.get(key) != failed.get(key)}
    kept = {key: value for key, value in live.items() if key not in changed}
    return {**kept, **{key: old[key] for key in changed if key in old}}
