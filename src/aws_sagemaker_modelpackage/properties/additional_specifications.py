"""AdditionalInferenceSpecifications (and the write-only ``...ToAdd``, how AWS's own type adds
them): SageMaker keys them by Name and can only add them, through an update field of its own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .values import equal, repeated, same

if TYPE_CHECKING:
    from . import Model, Part, State

LISTED = "AdditionalInferenceSpecifications"
TO_ADD = "AdditionalInferenceSpecificationsToAdd"


def wanted(model: Model) -> list[Model]:
    """The additional inference specifications a template asks for, including the write-only
    ``...ToAdd``. A specification given in both lists is one specification."""
    declared = list(model.get(LISTED) or ())
    also_declared = [spec for spec in model.get(TO_ADD) or () if any(equal(spec, other) for other in declared)]
    return declared + [spec for spec in model.get(TO_ADD) or () if spec not in also_declared]


def _names(specs: Iterable[Model]) -> set[Any]:
    return {spec.get("Name") for spec in specs}


def check(state: State) -> None:
    """Unique names; and on update, none removed and none changed (SageMaker can only add)."""
    _check_unique(state)
    if not state.creating:
        _check_none_removed(state)
        _check_none_changed(state)


def _check_unique(state: State) -> None:
    twice = repeated(spec.get("Name") for spec in wanted(state.desired))
    if twice:
        raise InputError(
            f"{LISTED}: Name {', '.join(twice)} is used more than once; names must be "
            f"unique (one specification may be listed in both {LISTED} and {TO_ADD})"
        )


def _check_none_removed(state: State) -> None:
    declared = state.known if LISTED in state.desired else state.previous
    removed = sorted(_names(declared.get(LISTED) or ()) - _names(wanted(state.desired)))
    if removed:
        raise InputError(
            f"{LISTED}: {', '.join(removed)} cannot be removed; SageMaker can only "
            "add additional inference specifications to a model package (replace the resource to drop one)"
        )


def _check_none_changed(state: State) -> None:
    """New content under a Name the package already has would be silently ignored: refused."""
    known = {spec.get("Name"): spec for spec in wanted(state.previous)}
    if state.current is not None:
        known.update({spec.get("Name"): spec for spec in state.current.get(LISTED) or ()})
    changed = sorted(
        str(spec.get("Name"))
        for spec in wanted(state.desired)
        if spec.get("Name") in known and not same(spec, known[spec.get("Name")])
    )
    if changed:
        raise InputError(
            f"{LISTED}: {', '.join(changed)} already exists with other content; SageMaker "
            "cannot change an additional inference specification (add it under a new Name, or replace the resource)"
        )


def create(state: State) -> Part:
    specs = wanted(state.desired)
    return {LISTED: specs} if specs else {}


def plan(state: State) -> list[Part]:
    known = _names(wanted(state.previous))
    new = [spec for spec in wanted(state.desired) if spec.get("Name") not in known]
    return [{TO_ADD: new}] if new else []


def keep(state: State) -> tuple[Part, list[str]]:
    """On a rollback, every specification on the package stays: SageMaker can neither remove one
    nor change its content. The desired list is then the package's, plus the new ones asked for."""
    on_package = {spec.get("Name"): spec for spec in (state.current or {}).get(LISTED) or ()}
    asked = {spec.get("Name"): spec for spec in wanted(state.desired)}
    removed = [name for name in on_package if name not in asked]
    changed = [name for name in on_package if name in asked and not same(asked[name], on_package[name])]
    if not removed and not changed:
        return {}, []
    new = [spec for name, spec in asked.items() if name not in on_package]
    lines = [
        f"{LISTED} {name}: kept (SageMaker cannot remove an additional inference specification)" for name in removed
    ]
    lines += [f"{LISTED} {name}: kept with its content (SageMaker cannot change one)" for name in changed]
    return {LISTED: [*on_package.values(), *new], TO_ADD: None}, lines
