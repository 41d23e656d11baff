"""The mechanics of the Tags rule (see ``properties/tags.py``): template tags plus stack tags, never
system (``aws:``) tags, read and changed by calls of their own (ListTags, AddTags, DeleteTags).

Versioned packages take their tags from the model package group, so the rule never calls
anything here for them.
"""

from collections.abc import Iterable, Mapping
from typing import Any

RESERVED_PREFIX = "aws:"


def is_reserved(key: str) -> bool:
    """Whether ``key`` is a system tag key. SageMaker, like every AWS tagging API, treats the
    ``aws:`` prefix without regard to case: ``AWS:x`` is as reserved as ``aws:x``."""
    return key.lower().startswith(RESERVED_PREFIX)


def desired(model_tags: Iterable[Mapping[str, str]] | None, stack_tags: Mapping[str, str] | None) -> dict[str, str]:
    """Stack tags overridden by the resource's own tags; CloudFormation's system tags dropped
    (only CloudFormation may write ``aws:`` keys, and SageMaker refuses them from callers)."""
    merged = dict(stack_tags or {})
    merged.update({tag["Key"]: tag["Value"] for tag in model_tags or ()})
    return {key: value for key, value in merged.items() if not is_reserved(key)}


def as_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": tags[key]} for key in sorted(tags)]


def list_all(client: Any, arn: str) -> dict[str, str]:
    """Every tag on the package (all ListTags pages, through botocore's paginator), ``aws:``
    keys excluded."""
    pages = client.get_paginator("list_tags").paginate(ResourceArn=arn)
    found = {tag["Key"]: tag["Value"] for page in pages for tag in page.get("Tags", ())}
    return {key: value for key, value in found.items() if not is_reserved(key)}


def diff(actual: Mapping[str, str], wanted: Mapping[str, str]) -> tuple[list[dict[str, str]], list[str]]:
    """(tags to add or change, keys to remove) to turn ``actual`` into ``wanted``."""
    to_add = as_list({key: value for key, value in wanted.items() if actual.get(key) != value})
    to_remove = sorted(key for key in actual if key not in wanted)
    return to_add, to_remove


def sync(client: Any, arn: str, wanted: Mapping[str, str]) -> None:
    """Make the package's tags ``wanted``: remove the others, then add or change."""
    to_add, to_remove = diff(list_all(client, arn), wanted)
    if to_remove:
        client.delete_tags(ResourceArn=arn, TagKeys=to_remove)
    if to_add:
        client.add_tags(ResourceArn=arn, Tags=to_add)
