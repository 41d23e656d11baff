"""The resource schema, loaded once from the package, and the walks that it drives.

The schema file is the single source of truth for property names, constraints and the
read-only / write-only / create-only sets; the generated ``models.py`` mirrors it.
"""

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("resource-schema.json")
"""The resource schema: in the source tree a link to the project's ``aws-sagemaker-modelpackage.json``
(``SCHEMA_PATH.resolve()``, the file ``cfn`` reads), in the artifact a copy of it. Tools, tests
and the local stand-ins find the schema here too."""


def read() -> dict[str, Any]:
    """The resource schema, parsed afresh: a copy its caller may change (tools and tests)."""
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    """The resource schema the handler reads, parsed once per process (never to be changed)."""
    return read()


def type_name() -> str:
    return str(load()["typeName"])


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
    """The schema of a template's properties: the properties, nothing else, and the top-level
    combinations of them the schema asks for (e.g. a ``oneOf`` of ``required`` lists)."""
    combined: dict[str, Any] = {key: load()[key] for key in ("required", "oneOf", "anyOf", "allOf") if key in load()}
    return {"type": "object", "properties": load()["properties"], "additionalProperties": False, **combined}


def top_level(key: str) -> frozenset[str]:
    """Property names listed under ``readOnlyProperties`` and the like (top level only)."""
    return frozenset(p.split("/")[2] for p in load().get(key, ()))


@cache
def list_filters() -> tuple[str, ...]:
    """The properties a LIST model may select by (``handlers.list.handlerSchema``), in order."""
    return tuple(load()["handlers"]["list"]["handlerSchema"]["properties"])


def children(node: Mapping[str, Any], value: Any) -> Iterator[tuple[str, Any, Mapping[str, Any] | None]]:
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
        if regex(pattern).search(key):
            found: Mapping[str, Any] = child
            return found
    return None


@cache
def regex(pattern: str) -> Any:
    """The compiled ``pattern``. Java's Unicode classes (``\\p{L}`` and the like), which the
    published patterns use and Python's ``re`` lacks, are compiled by the ``regex`` module
    (imported only then: it costs tens of milliseconds at a cold start). A pattern neither can
    compile raises: nothing is ever skipped (a test compiles every pattern of the schema)."""
    if "\\p{" in pattern:
        import regex as unicode_regex  # only for \p{...} patterns: kept off the cold start otherwise

        return unicode_regex.compile(pattern)
    # \w, \d and \s are ASCII, as in Java, SageMaker's language (and as constraints.py reads them).
    return re.compile(pattern, re.ASCII)


# The formats the schema uses, as cfn-lint checks them (its format keyword documentation:
# https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/format_keyword.md), ending at the
# end of the value (``\Z``: ``$`` would let a final line break through).
FORMATS = {
    "AWS::KMS::Key.Arn": r"^arn:aws[a-zA-Z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+\Z",
    "AWS::KMS::Key.Id": r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias/[a-zA-Z0-9/_-]+)\Z",
    "AWS::KMS::Alias.AliasName": r"^alias/[a-zA-Z0-9:/_-]+\Z",
}


def format_regex(name: str) -> "re.Pattern[str]":
    """The pattern of the format ``name``; an unknown format raises (a test checks them all)."""
    return re.compile(FORMATS[name])


def prune(node: Mapping[str, Any], value: Any) -> Any:
    """Keep only what the schema describes (API responses carry more), normalising values to
    what the model holds (timestamps as ISO strings). Only absent values (None) are dropped: an
    empty list, map or string SageMaker holds is a value a template may set, and READ must show
    it, or drift detection would report a value the template set as missing."""
    node = resolve(node)
    if isinstance(value, Mapping):
        kept = {}
        for key, child, child_node in children(node, value):
            if child_node is None:
                continue
            pruned = prune(child_node, child)
            if pruned is not None:
                kept[key] = pruned
        return kept
    if isinstance(value, list):
        return [prune(node.get("items", {}), item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
