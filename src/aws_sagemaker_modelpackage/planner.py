"""The update planner: which UpdateModelPackage requests are sent, and what each holds.

- Right after a create (``after_create``): what CreateModelPackage cannot take.
- On update (``plan``): previous and desired state turned into the requests to send, in order,
  holding only what changed. Mostly there is one; a property's rule (``properties/``) may ask
  for more.
- When SageMaker refuses a planned request because of what is on the package now
  (``replanned``): the plan made again against the package as described.
- On a rollback (``for_rollback``): what the failed update changed, as the old template has it,
  less what SageMaker cannot undo; the rest as it is on the package.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import properties, schema
from .errors import unsupported
from .properties import values

Request = dict[str, Any]


def after_create(state: properties.State) -> Request:
    """What is sent by an UpdateModelPackage right after the create (nothing, mostly)."""
    body: Request = {}
    for _, part in properties.HOOKS.after_creators:
        body.update(part(state))
    return body


def plan(service_model: Any, state: properties.State) -> list[Request]:
    """The requests to send; none when nothing changed. Values removed from the template that
    SageMaker cannot unset are left as they are, and so are values SageMaker filled in that the
    template leaves out (e.g. an image's digest). The schema says what is updatable; botocore's
    UpdateModelPackage shape must know it, or the change is refused rather than lost."""
    desired, previous = state.desired, state.previous
    generic = {
        name: desired[name]
        for name in sorted(_updatable_properties())
        if desired.get(name) is not None and not properties.unchanged(name, desired[name], previous.get(name))
    }
    requests = _merged([[generic], *(parts(state) for _, parts in properties.HOOKS.planners)])
    known = set(service_model.operation_model("UpdateModelPackage").input_shape.members)
    unknown = sorted({name for request in requests for name in request} - known)
    if unknown:
        raise unsupported(unknown[0])
    return requests


def _merged(parts: Sequence[Sequence[Request]]) -> list[Request]:
    """Part i of every contributor joined into request i; empty requests dropped."""
    requests: list[Request] = []
    for contribution in parts:
        for index, part in enumerate(contribution):
            if index == len(requests):
                requests.append({})
            requests[index].update(part)
    return [request for request in requests if request]


@lru_cache(maxsize=1)
def _updatable_properties() -> frozenset[str]:
    """Schema properties that change in place and are sent as they are (the rest are
    create-only, read-only, write-only, or planned by a rule of their own)."""
    fixed = schema.top_level("createOnlyProperties") | schema.top_level("readOnlyProperties")
    own_rules = properties.HOOKS.updated_by_rules | schema.top_level("writeOnlyProperties")
    return frozenset(schema.load()["properties"]) - fixed - own_rules


def may_depend_on_current(request: Mapping[str, Any]) -> bool:
    """Whether SageMaker may refuse the request because of what is on the package now (the
    package is then described, to explain the refusal or plan again against it)."""
    return any(name in request for name in properties.HOOKS.depending_on_current)


def replanned(service_model: Any, refused: Mapping[str, Any], state: properties.State) -> list[Request] | None:
    """The plan made again after SageMaker refused ``refused``, against the package as it is
    (``state.previous`` is its read model, ``state.current`` its description): the previous
    state was stale (e.g. an additional inference specification already added by an attempt
    whose answer was lost, or set outside the stack). Checked again first (a rule the package
    breaks raises InputError saying why). ``None`` when the new plan still holds the refused
    request: the refusal stands."""
    properties.check(state)
    requests = plan(service_model, state)
    return None if dict(refused) in requests else requests


# --- a rollback: what the failed update changed, and only that ------------------------------


def for_rollback(state: properties.State, failed: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The desired state of a rollback, and one line per value kept. CloudFormation undoes a
    failed stack update by sending the old template as the desired state (``state.desired``) and
    the failed one as the previous state (``failed``); ``state.previous`` is the package's model
    and ``state.current`` its description. The package is shared (reviewers approve versions,
    pipelines add metadata and move stages, cost tools add tags), so only what the failed update
    changed is undone: a property both templates agree on is asked for as the package has it
    (whoever set it), one they differ on as the old template has it, and a rule's ``revert``
    works per key (metadata keys, tags). Then what SageMaker cannot undo is kept (each rule's
    ``keep``: additional inference specifications added, an archived model card), and so are
    values the old template leaves out that the failed update set (SageMaker cannot unset them)."""
    desired = dict(state.desired)
    package = state.previous
    for names in _rollback_units():
        if all(_agree(state.desired.get(name), failed.get(name)) for name in names):
            for name in names:
                desired.pop(name, None)
                if package.get(name) is not None:
                    desired[name] = package[name]
    for _, revert in properties.HOOKS.reverters:
        desired.update(revert(state, failed))
    kept: list[str] = []
    reachable = replace(state, desired=desired)
    for _, keep in properties.HOOKS.keepers:
        part, lines = keep(reachable)
        desired.update(part)
        kept += lines
    current = state.current or {}
    for name in sorted(_updatable_properties()):
        if desired.get(name) is None and failed.get(name) is not None and current.get(name) is not None:
            kept.append(f"{name}: kept as it is ({properties.cannot_unset(name)})")
    return desired, kept


@lru_cache(maxsize=1)
def _rollback_units() -> tuple[tuple[str, ...], ...]:
    """The properties an update changes as a rollback compares them: each with a rule together
    with its companions, the others one by one, those reverted per key left to their rule.
    (Create-only properties cannot differ between the two templates of an update, and read-only
    ones are not the templates'.)"""
    companions = {name for prop, rule in properties.RULES.items() for name in rule.names(prop)[1:]}
    left_out = companions | {prop for prop, _ in properties.HOOKS.reverters}
    left_out |= schema.top_level("createOnlyProperties") | schema.top_level("readOnlyProperties")
    return tuple(
        properties.RULES[prop].names(prop) if prop in properties.RULES else (prop,)
        for prop in schema.load()["properties"]
        if prop not in left_out
    )


def _agree(old: Any, new: Any) -> bool:
    """Whether the two templates give the same value (both leaving it out included)."""
    if old is None or new is None:
        return old is None and new is None
    return values.equal(old, new)
