"""Tags of unversioned packages: template tags plus stack tags, never system (``aws:``) tags.

Versioned packages take their tags from the model package group, so nothing here is ever
called for them.
"""

from collections.abc import Iterable, Mapping
from typing import Any

RESERVED_PREFIX = "aws:"


def desired(model_tags: Iterable[Mapping[str, str]] | None, stack_tags: Mapping[str, str] | None) -> dict[str, str]:
    """Stack tags overridden by the resource's own tags; CloudFormation's system tags dropped
    (only CloudFormation may write ``aws:`` keys, and SageMaker refuses them from callers)."""
    merged = dict(stack_tags or {})
    merged.update({tag["Key"]: tag["Value"] for tag in model_tags or ()})
    return {key: value for key, value in merged.items() if not key.startswith(RESERVED_PREFIX)}


def as_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": tags[key]} for key in sorted(tags)]


def list_all(client: Any, arn: str) -> dict[str, str]:
    """Every tag on the package (all ListTags pages), ``aws:`` keys excluded."""
    found: dict[str, str] = {}
    kwargs = {"ResourceArn": arn}
    while True:
        page = client.list_tags(**kwargs)
        found.update({tag["Key"]: tag["Value"] for tag in page.get("Tags", ())})
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    return {key: value for key, value in found.items() if not key.startswith(RESERVED_PREFIX)}


def diff(actual: Mapping[str, str], wanted: Mapping[str, str]) -> tuple[list[dict[str, str]], list[str]]:
    """(tags to add or change, keys to remove) to turn ``actual`` into ``wanted``."""
    to_add = as_list({key: value for key, value in wanted.items() if actual.get(key) != value})
    to_remove = sorted(key for key in actual if key not in wanted)
    return to_add, to_remove
