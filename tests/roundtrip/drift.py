"""CloudFormation's drift rules, applied to a template's properties and a READ model.

What CloudFormation does when it detects drift on a registry resource (cloudformation-cli,
``doc_source/resource-type-model-false-drift.md``; CloudFormation User Guide, "Detect drift"):

- only the properties the template sets are compared; write-only properties are skipped
  (READ cannot return them); inside an object, only the keys the template sets;
- scalars are compared as CloudFormation passes them, so ``"5"`` equals ``5`` and ``"true"``
  equals ``true``;
- an array whose schema says ``insertionOrder: false`` is compared as a multiset; any other
  array item by item, and an item more or less is drift;
- when a property differs, its ``propertyTransform`` (JSONata; alternatives separated by
  ``$OR``, tried in order) is applied to the template's value and compared again.

The round-trip harness uses this to tell false drift from faithful READs; the rules are kept
apart from the harness so that they can be checked on hand-written cases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonata

_OR = re.compile(r"\s+\$OR\s+")


@dataclass(frozen=True)
class Difference:
    """One drifted property: ``kind`` is CloudFormation's difference type (NOT_EQUAL, REMOVE
    for a value READ lacks, ADD for an array item READ has in excess)."""

    path: str
    kind: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} expected={self.expected!r} actual={self.actual!r}"


@dataclass(frozen=True)
class Rules:
    """What the resource schema tells the drift comparison (paths with ``*`` for array items)."""

    write_only: frozenset[str] = frozenset()
    unordered: frozenset[str] = frozenset()
    transforms: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_schema(cls, schema: Mapping[str, Any]) -> Rules:
        unordered = {path for path, node in _schema_nodes(schema) if node.get("insertionOrder") is False}
        return cls(
            write_only=frozenset(p.removeprefix("/properties") for p in schema.get("writeOnlyProperties", ())),
            unordered=frozenset(unordered),
            transforms={p.removeprefix("/properties"): t for p, t in schema.get("propertyTransform", {}).items()},
        )


def _schema_nodes(schema: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every (path, resolved node) under ``properties``, array items as ``*``, ``$ref``s followed."""

    def walk(node: Mapping[str, Any], path: str, refs: frozenset[str]) -> Iterator[tuple[str, Mapping[str, Any]]]:
        ref = node.get("$ref")
        if ref:
            if ref not in refs:
                target = schema["definitions"][ref.rsplit("/", 1)[-1]]
                yield from walk({**target, **{k: v for k, v in node.items() if k != "$ref"}}, path, refs | {ref})
            return
        yield path, node
        for name, sub in node.get("properties", {}).items():
            yield from walk(sub, f"{path}/{name}", refs)
        if "items" in node:
            yield from walk(node["items"], f"{path}/*", refs)

    for name, node in schema.get("properties", {}).items():
        yield from walk(node, f"/{name}", frozenset())


def drift(template: Mapping[str, Any], actual: Mapping[str, Any], rules: Rules) -> list[Difference]:
    """The differences CloudFormation would report between the template and the READ model."""
    judge = _Judge(rules, template)
    found: list[Difference] = []
    for name, expected in template.items():
        path = f"/{name}"
        if path not in rules.write_only:
            found += judge.compare(path, path, expected, actual.get(name, _MISSING))
    return found


_MISSING = object()


class _Judge:
    def __init__(self, rules: Rules, template: Mapping[str, Any]) -> None:
        self.rules = rules
        self.template = template

    def compare(self, path: str, pattern: str, expected: Any, actual: Any) -> list[Difference]:
        """``path`` names the value (with indexes), ``pattern`` its schema path (with ``*``)."""
        found = self._raw(path, pattern, expected, actual)
        if found and pattern in self.rules.transforms and self._transformed_matches(pattern, actual):
            return []
        return found

    def _raw(self, path: str, pattern: str, expected: Any, actual: Any) -> list[Difference]:
        if actual is _MISSING or actual is None:
            return [] if expected is None else [Difference(path, "REMOVE", expected, None)]
        if isinstance(expected, Mapping):
            if not isinstance(actual, Mapping):
                return [Difference(path, "NOT_EQUAL", expected, actual)]
            return self._object(path, pattern, expected, actual)
        if isinstance(expected, list):
            if not isinstance(actual, list):
                return [Difference(path, "NOT_EQUAL", expected, actual)]
            if pattern in self.rules.unordered:
                return self._multiset(path, pattern, expected, actual)
            return self._sequence(path, pattern, expected, actual)
        return [] if scalar(expected) == scalar(actual) else [Difference(path, "NOT_EQUAL", expected, actual)]

    def _object(
        self, path: str, pattern: str, expected: Mapping[str, Any], actual: Mapping[str, Any]
    ) -> list[Difference]:
        found: list[Difference] = []
        for key, value in expected.items():
            found += self.compare(f"{path}/{key}", f"{pattern}/{key}", value, actual.get(key, _MISSING))
        return found

    def _sequence(self, path: str, pattern: str, expected: list[Any], actual: list[Any]) -> list[Difference]:
        found: list[Difference] = []
        for index, value in enumerate(expected):
            item = actual[index] if index < len(actual) else _MISSING
            found += self.compare(f"{path}/{index}", f"{pattern}/*", value, item)
        found += [Difference(f"{path}/{i}", "ADD", None, actual[i]) for i in range(len(expected), len(actual))]
        return found

    def _multiset(self, path: str, pattern: str, expected: list[Any], actual: list[Any]) -> list[Difference]:
        """Each template item must match a distinct READ item, whatever the order. Matching is
        greedy, which is exact here: "matches" is an equivalence for the values a template can
        hold. A template item left without a match is reported against the closest READ item
        left over (its nested differences), or as REMOVE; READ items left over are ADD."""
        unmatched = list(range(len(actual)))
        missed: list[int] = []
        for index, value in enumerate(expected):
            partner = next((i for i in unmatched if not self.compare(path, f"{pattern}/*", value, actual[i])), None)
            if partner is None:
                missed.append(index)
            else:
                unmatched.remove(partner)
        found: list[Difference] = []
        for index in missed:
            item_path = f"{path}/{index}"
            by_distance = sorted(
                unmatched, key=lambda i: len(self.compare(item_path, f"{pattern}/*", expected[index], actual[i]))
            )
            if by_distance:
                unmatched.remove(by_distance[0])
                found += self.compare(item_path, f"{pattern}/*", expected[index], actual[by_distance[0]])
            else:
                found.append(Difference(item_path, "REMOVE", expected[index], None))
        return found + [Difference(f"{path}/{i}", "ADD", None, actual[i]) for i in unmatched]

    def _transformed_matches(self, pattern: str, actual: Any) -> bool:
        return any(
            not self._raw(pattern, pattern, value, actual)
            for value in transformed(self.rules.transforms[pattern], self.template)
        )


def transformed(transform: str, template: Mapping[str, Any]) -> list[Any]:
    """The template value under each ``$OR`` alternative of a ``propertyTransform`` (an
    alternative that yields nothing, such as a path the template lacks, is left out)."""
    values = []
    for alternative in _OR.split(transform.strip()):
        value = jsonata.Jsonata(alternative).evaluate(dict(template))
        if value is not None:
            values.append(value)
    return values


def scalar(value: Any) -> str:
    """A scalar as CloudFormation compares it: its string form (``True`` -> ``"true"``,
    ``5.0`` -> ``"5"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
