"""Tags: the template's plus the stack's, for unversioned packages only (a version takes its
group's tags), changed and read by tag calls of their own (the mechanics are ``..tags``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import tags as tag_calls
from ..errors import InputError
from .values import repeated

if TYPE_CHECKING:
    from . import Part, State


def wanted(state: State) -> dict[str, str]:
    return tag_calls.desired(state.desired.get("Tags"), state.stack_tags)


def check(state: State) -> None:
    """No tags on a version, none of the ``aws:`` keys, never one key twice."""
    if state.desired.get("ModelPackageGroupName") and state.desired.get("Tags"):
        raise InputError(
            "Tags cannot be set on a versioned model package (ModelPackageGroupName is set): "
            "SageMaker applies the model package group's tags to its versions, so tag the group instead"
        )
    keys = [tag.get("Key") or "" for tag in state.desired.get("Tags") or ()]
    reserved = sorted(key for key in keys if tag_calls.is_reserved(key))
    if reserved:
        raise InputError(f"Tags: {', '.join(reserved)}: keys starting with aws: are reserved for AWS and cannot be set")
    twice = repeated(keys)
    if twice:
        raise InputError(f"Tags: the key {', '.join(twice)} is given more than once")


def create(state: State) -> Part:
    given = {} if state.versioned else wanted(state)
    return {"Tags": tag_calls.as_list(given)} if given else {}


def sync(client: Any, arn: str, state: State) -> None:
    if state.versioned:
        return
    given = wanted(state)
    if given != tag_calls.desired(state.previous.get("Tags"), state.previous_stack_tags):
        tag_calls.sync(client, arn, given)


def fetch(client: Any, arn: str, state: State) -> Part:
    return {} if state.versioned else {"Tags": tag_calls.as_list(tag_calls.list_all(client, arn))}
