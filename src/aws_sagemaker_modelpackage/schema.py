"""The resource schema, loaded once from the package, and the walks that it drives.

The schema file is the single source of truth for property names, constraints and the
read-only / write-only / create-only sets; the generated ``models.py`` mirrors it.
"""

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Optional

SCHEMA_PATH = Path(__file__).with_name("resource-schema.json")


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def type_name() -> str:
    return load()["typeName"]


def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow ``$ref`` chains (``#/definitions/X`` or ``resource-schema.json#/properties/X``)."""
    while "$ref" in node:
        pointer = node["$ref"].split("#", 1)[1].strip("/").split("/")
        target: Any = load()
        for part in pointer:
            target = target[part]
        node = target
    return node


def root() -> Mapping[str, Any]:
    return {"type": "object", "properties": load()["properties"], "additionalProperties": False}


def top_level(key: str) -> frozenset:
    """Property names listed under ``readOnlyProperties`` and the like (top level only)."""
    return frozenset(p.split("/")[2] for p in load().get(key, ()))


def children(node: Mapping[str, Any], value: Any) -> Iterator[tuple[str, Any, Mapping | None]]:
    """(key, child value, child schema or None when unknown) for an object or array value."""
    node = resolve(node)
    if isinstance(value, Mapping):
        props = node.get("properties", {})
        for key, child in value.items():
            yield key, child, props.get(key) or matching_pattern(node, key)
    elif isinstance(value, list) and "items" in node:
        for index, child in enumerate(value):
            yield str(index), child, node["items"]


def matching_pattern(node: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    for pattern, child in node.get("patternProperties", {}).items():
        compiled = python_regex(pattern)
        if compiled is None or compiled.search(key):
            return child
    return None


# Java-style Unicode classes used by the published schema, widened to what Python's `re`
# understands. Each replacement is a superset, so a valid value is never rejected here;
# SageMaker remains the final judge of the exact character sets.
_UNICODE_CLASSES = {
    "L": r"\w",
    "M": r"\w",
    "N": r"\w",
    "Z": r"\s",
    "S": r"!-/:-@\[-`{-~\u00a1-\uffff",
    "P": r"!-/:-@\[-`{-~\u00a1-\uffff",
}


@cache
def python_regex(pattern: str) -> Optional["re.Pattern[str]"]:
    translated = re.sub(r"\\p\{(\w)\}", lambda m: _UNICODE_CLASSES.get(m.group(1), m.group(0)), pattern)
    try:
        return re.compile(translated)
    except re.error:
        return None


def prune(node: Mapping[str, Any], value: Any) -> Any:
    """Keep only what the schema describes (API responses carry more), dropping empty
    containers and normalising values to what the model holds (timestamps as ISO strings)."""
    node = resolve(node)
    if isinstance(value, Mapping):
        kept = {}
        for key, child, child_node in children(node, value):
            if child_node is None:
                continue
            pruned = prune(child_node, child)
            if pruned not in (None, {}, []):
                kept[key] = pruned
        return kept
    if isinstance(value, list):
        return [prune(node.get("items", {}), item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
