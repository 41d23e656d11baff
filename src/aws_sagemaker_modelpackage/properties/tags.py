"""Tags: the template's plus the stack's, for unversioned packages only (a version takes its
group's tags, so nothing here calls SageMaker for one), never system (``aws:``) tags, read and
changed by calls of their own (ListTags, AddTags, DeleteTags).

An update changes only what the template changed, as CloudFormation's own handlers do
(``TagHelper.generateTagsToAdd``/``generateTagsToRemove`` of AWS's Java handlers): tags the
desired state sets or changes are added, and only tags the previous state set and the desired
state drops are removed. A tag someone added outside the stack (a cost tool, a person) stays;
READ returns it, so drift detection shows it. So a change with a previous state needs no ListTags
first; without one, the package's own tags (read with it) are the previous state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..errors import InputError
from .values import key_changes, keys_reverted, repeated

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient
    from types_boto3_sagemaker.type_defs import TagTypeDef

    from . import Model, Part, State

RESERVED_PREFIX = "aws:"


def is_reserved(key: str) -> bool:
    """Whether ``key`` is a system tag key. SageMaker, like every AWS tagging API, treats the
    ``aws:`` prefix without regard to case: ``AWS:x`` is as reserved as ``aws:x``."""
    return key.lower().startswith(RESERVED_PREFIX)


def merged(model_tags: Iterable[Mapping[str, str]] | None, stack_tags: Mapping[str, str] | None) -> dict[str, str]:
    """Stack tags overridden by the resource's own tags; CloudFormation's system tags dropped
    (only CloudFormation may write ``aws:`` keys, and SageMaker refuses them from callers)."""
    together = dict(stack_tags or {})
    together.update({tag["Key"]: tag["Value"] for tag in model_tags or ()})
    return {key: value for key, value in together.items() if not is_reserved(key)}


def wanted(state: State) -> dict[str, str]:
    """The tags the desired state asks for."""
    return merged(state.desired.get("Tags"), state.stack_tags)


def had(state: State) -> dict[str, str]:
    """The tags the previous state asked for (or, without one, the package's own)."""
    return merged(state.previous.get("Tags"), state.previous_stack_tags)


def as_list(tags: Mapping[str, str]) -> list[TagTypeDef]:
    return [{"Key": key, "Value": tags[key]} for key in sorted(tags)]


def _of(model: Model) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in model.get("Tags") or ()}


def check(state: State) -> None:
    """No tags on a version, none of the ``aws:`` keys, never one key twice."""
    if state.desired.get("ModelPackageGroupName") and state.desired.get("Tags"):
        raise InputError(
            "Tags cannot be set on a versioned model package (ModelPackageGroupName is set): "
            "SageMaker applies the model package group's tags to its versions, so tag the group instead"
        )
    keys = [tag.get("Key") or "" for tag in state.desired.get("Tags") or ()]
    reserved = sorted(key for key in keys if is_reserved(key))
    if reserved:
        raise InputError(f"Tags: {', '.join(reserved)}: keys starting with aws: are reserved for AWS and cannot be set")
    twice = repeated(keys)
    if twice:
        raise InputError(f"Tags: the key {', '.join(twice)} is given more than once")


def create(state: State) -> Part:
    given = {} if state.versioned else wanted(state)
    return {"Tags": as_list(given)} if given else {}


def diff(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[list[TagTypeDef], list[str]]:
    """(tags to add or change, keys to remove) for a change from ``before`` to ``after``."""
    to_add, to_remove = key_changes(before, after)
    return as_list(to_add), to_remove


def sync(client: SageMakerClient, arn: str, state: State) -> None:
    """What the template changed, removals first."""
    if state.versioned:
        return
    to_add, to_remove = diff(had(state), wanted(state))
    if to_remove:
        client.delete_tags(ResourceArn=arn, TagKeys=to_remove)
    if to_add:
        client.add_tags(ResourceArn=arn, Tags=to_add)


def revert(state: State, failed: Model) -> Part:
    """On a rollback (``state.desired``: the old template, ``state.previous``: the package as it
    is, ``failed``: the failed update's template): each tag the failed update added, changed or
    removed goes back to what the old template says; every other tag of the package stays as it
    is. Stack tags count as the template's (the failed update's are ``previous_stack_tags``)."""
    if state.versioned:
        return {}
    failed_tags = merged(failed.get("Tags"), state.previous_stack_tags)
    return {"Tags": as_list(keys_reverted(wanted(state), failed_tags, _of(state.previous)))}


def list_all(client: SageMakerClient, arn: str) -> dict[str, str]:
    """Every tag on the package (all ListTags pages, through botocore's paginator), ``aws:``
    keys excluded."""
    pages = client.get_paginator("list_tags").paginate(ResourceArn=arn)
    found = {tag["Key"]: tag["Value"] for page in pages for tag in page.get("Tags", ())}
    return {key: value for key, value in found.items() if not is_reserved(key)}


def fetch(client: SageMakerClient, arn: str, state: State) -> Part:
    return {} if state.versioned else {"Tags": as_list(list_all(client, arn))}
