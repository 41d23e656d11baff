"""Templates at and just past each constraint of botocore's SageMaker model, generated from the
model itself (never from a list of members): for every constrained member a template can set
(CreateModelPackage's input, and what only UpdateModelPackage takes, where the resource schema has
the property), a value one step past the constraint and, where one can be made, a value exactly
at it: the longest value, the most items or entries, each value of a closed enum, the least
number; past them: one character, item or entry more, a trailing line break, an embedded control
character, a value outside the pattern or the enum, a near miss of an instance type.

A template is one of ``tests.support.templates`` (a version, or an unversioned package for what
only those take) with the value set at the member's path; what the path crosses is filled in with
the smallest value valid under both the model and the resource schema (a structure's required
members, or its first member when none is required; one item; one entry). Strings come from a
pool of candidates (``CANDIDATES``): the first one that the shape's length, pattern (read
leniently, as the handler reads a create) and enum, and the schema's node, allow.

Used by the handler's tests (``tests/unit/test_constraints.py``: every value past a constraint
fails InvalidRequest naming its path, before any call) and by ``make fuzz``
(``tests/roundtrip/edges.py``: values at the limits are created and read back unchanged, values
past them refused before any call).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aws_sagemaker_modelpackage import api_model, constraints, schema, validation
from tests.support.templates import unversioned, versioned

Path = tuple[str | int, ...]
Node = Mapping[str, Any]

CANDIDATES = (
    "a",
    "alias/edges",
    "1.0.0",
    "1.0",
    "text/csv",
    "s3://bucket/key",
    "sha256:" + "0" * 64,
    "arn:aws:iam::123456789012:role/edges",
)
# Properties only unversioned packages take (the others are set on a version).
UNVERSIONED_ONLY = frozenset({"ModelPackageName", "Tags", "CertifyForMarketplace"})
# Properties whose value names another resource, which a template at a limit cannot make exist.
REFERENCES = frozenset({"ModelPackageGroupName"})
# An instance type well formed but newer than any botocore (the local SageMaker is told of it).
NEWER_INSTANCE_TYPE = "ml.g9.2xlarge"
KEY = "KEY"  # the key a map's value is set under (valid under every key pattern of the model)


@dataclass(frozen=True)
class Step:
    """One step of a path: the botocore shape of the value there and its resource-schema node."""

    shape: Any
    node: Node


@dataclass(frozen=True)
class Edge:
    """A template whose value at ``path`` is at (``accepted``) or just past a constraint."""

    path: Path
    what: str
    value: Any
    accepted: bool
    steps: tuple[Step, ...] = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        """The path as the handler's messages write it: ``InferenceSpecification/Containers[0]/Image``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else f"/{part}" if text else str(part)
        return text

    def template(self) -> dict[str, Any]:
        base = unversioned() if self.path[0] in UNVERSIONED_ONLY else versioned()
        node: Any = base
        for index, (part, step) in enumerate(zip(self.path, self.steps, strict=True)):
            if index == len(self.path) - 1:
                node[part] = self.value
            elif isinstance(part, int):
                while len(node) <= part:
                    node.append(valid(step))
                node = node[part]
            else:
                if not isinstance(node.get(part), dict | list):
                    node[part] = valid(step, without=self.path[index + 1])
                node = node[part]
        return base

    def __str__(self) -> str:
        return f"{self.label}: {self.what}"


def edges(accepted: bool | None = None) -> list[Edge]:
    """Every edge of every member a template sets; only those at (True) or past (False) a limit."""
    model = api_model.sagemaker()
    create = model.operation_model("CreateModelPackage").input_shape
    update = model.operation_model("UpdateModelPackage").input_shape
    members = {**{n: s for n, s in update.members.items() if n != "ModelPackageArn"}, **create.members}
    properties = schema.load()["properties"]
    found: list[Edge] = []
    for name, shape in members.items():
        if name in properties:
            step = Step(shape, schema.resolve(properties[name]))
            found += _edges((name,), (step,), frozenset())
    return [edge for edge in found if accepted is None or edge.accepted is accepted]


def _edges(path: Path, steps: tuple[Step, ...], seen: frozenset[str]) -> list[Edge]:
    step = steps[-1]
    if step.shape.name in seen:
        return []
    seen = seen | {step.shape.name}
    found = [Edge(path, what, value, accepted, steps) for what, value, accepted in _limits(step, path)]
    for part, child in _children(step):
        found += _edges((*path, part), (*steps, child), seen)
    return found


def _children(step: Step) -> Iterator[tuple[str | int, Step]]:
    """The steps below ``step`` that the resource schema also describes."""
    shape, node = step.shape, step.node
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            if name in node.get("properties", {}):
                yield name, Step(member, schema.resolve(node["properties"][name]))
    elif shape.type_name == "list" and "items" in node:
        yield 0, Step(shape.member, schema.resolve(node["items"]))
    elif shape.type_name == "map":
        value_node = schema.matching_pattern(node, KEY)
        if value_node is not None:
            yield KEY, Step(shape.value, schema.resolve(value_node))


def _limits(step: Step, path: Path) -> Iterator[tuple[str, Any, bool]]:
    shape = step.shape
    meta, kind = shape.metadata, shape.type_name
    if kind == "string":
        limits = _string_limits(step)
        yield from (limit for limit in limits if not (path[0] in REFERENCES and limit[2]))
    elif kind == "list" and "max" in meta:
        yield f"the most items ({meta['max']})", [distinct(_item(step), i) for i in range(meta["max"])], True
        yield (
            f"one item past the most ({meta['max']})",
            [distinct(_item(step), i) for i in range(meta["max"] + 1)],
            False,
        )
    elif kind == "map" and "max" in meta:
        yield f"the most entries ({meta['max']})", _entries(step, meta["max"]), True
        yield f"one entry past the most ({meta['max']})", _entries(step, meta["max"] + 1), False
    if kind in ("list", "map") and meta.get("min"):
        yield f"fewer than {meta['min']} items", [] if kind == "list" else {}, False
    if kind == "map":
        value = valid(_value(step))
        yield from ((what, {key: value}, accepted) for what, key, accepted in _key_limits(step))
    if kind in constraints.NUMBERS:
        if "min" in meta:
            yield f"the least value ({meta['min']})", meta["min"], True
            yield f"one below the least ({meta['min']})", meta["min"] - 1, False
        if "max" in meta:
            yield f"the greatest value ({meta['max']})", meta["max"], True
            yield f"one above the greatest ({meta['max']})", meta["max"] + 1, False


def _item(step: Step) -> Step:
    return Step(step.shape.member, schema.resolve(step.node.get("items", {})))


def _value(step: Step) -> Step:
    return Step(step.shape.value, schema.resolve(schema.matching_pattern(step.node, KEY) or {}))


def _string_limits(step: Step, prefix: str = "") -> Iterator[tuple[str, Any, bool]]:
    meta = step.shape.metadata
    if "enum" in meta:
        yield from _enum_limits(step.shape, prefix)
        return
    smallest = valid(step)
    if "max" in meta:
        longest = _padded(step, smallest, meta["max"])
        if longest is not None:
            yield f"{prefix}the longest value ({meta['max']} characters)", longest, True
        yield f"{prefix}one character past the longest ({meta['max']})", (longest or "a" * meta["max"]) + "a", False
    if meta.get("min"):
        yield f"{prefix}shorter than {meta['min']} characters", smallest[: meta["min"] - 1], False
    if "pattern" in meta:
        for what, value in (
            ("a trailing line break", smallest + "\n"),
            ("an embedded control character", smallest[:1] + "\x07" + smallest[1:]),
            ("a value outside the pattern", "#"),
        ):
            if not _fits(step, value):
                yield f"{prefix}{what}", value, False


def _key_limits(step: Step) -> Iterator[tuple[str, str, bool]]:
    """Limits of a map's keys (valid keys are checked against the key shape only: the schema
    writes a key's constraints as its pattern)."""
    key_step = Step(step.shape.key, {})
    yield from ((what, value, accepted) for what, value, accepted in _string_limits(key_step, "a key: "))


def _enum_limits(shape: Any, prefix: str) -> Iterator[tuple[str, Any, bool]]:
    known = list(shape.metadata["enum"])
    if constraints.growing(shape):
        yield f"{prefix}a known value", known[0], True
        yield f"{prefix}a well-formed value newer than botocore", NEWER_INSTANCE_TYPE, True
        yield f"{prefix}a near miss of a known value", known[0][:-1], False
        return
    for value in known:  # each, so that a value missing from the schema shows
        yield f"{prefix}the value {value}", value, True
    yield f"{prefix}a value outside the enum", "NotAValue", False


def _entries(step: Step, count: int) -> dict[str, Any]:
    return {f"K{index}": valid(_value(step)) for index in range(count)}


def _padded(step: Step, smallest: str, length: int) -> str | None:
    """``smallest`` made ``length`` characters long and still valid (padding at the end, then
    the start), or None."""
    for filler in ("a", "0"):
        for value in (smallest + filler * (length - len(smallest)), filler * (length - len(smallest)) + smallest):
            if len(value) == length and _fits(step, value):
                return value
    return None


def _fits(step: Step, value: str) -> bool:
    """Whether ``value`` is valid under the shape (its pattern read leniently) and the schema."""
    meta = step.shape.metadata
    if not meta.get("min", 0) <= len(value) <= meta.get("max", len(value)):
        return False
    if "enum" in meta and value not in meta["enum"]:
        return False
    if "pattern" in meta and not constraints.java_regex(meta["pattern"], False).fullmatch(value):
        return False
    return not validation.errors_in(step.node, value)


def valid(step: Step, without: str | int | None = None) -> Any:
    """The smallest value valid under ``step``'s shape and schema: a structure's required members
    (but ``without``), or its first member the schema describes when none is required."""
    shape, node = step.shape, step.node
    kind, meta = shape.type_name, shape.metadata
    if kind == "structure":
        children = dict(_children(step))
        names = [name for name in shape.required_members if name in children] or list(children)[:1]
        return {name: valid(children[name]) for name in names if name != without}
    if kind == "list":
        return [distinct(_item(step), index) for index in range(max(meta.get("min", 0), 1))]
    if kind == "map":
        return {"K0": valid(_value(step))}
    if kind in constraints.NUMBERS:
        return meta.get("min", 1)
    if kind == "boolean":
        return True
    if "enum" in meta:
        return "ml.m5.large" if "ml.m5.large" in meta["enum"] else meta["enum"][0]
    found = next((candidate for candidate in CANDIDATES if _fits(step, candidate)), None)
    if found is None:
        raise ValueError(f"no candidate fits {shape.name} ({node})")
    return found


def distinct(step: Step, index: int) -> Any:
    """A valid value of ``step`` different for each ``index`` (list items may have to be unique)."""
    shape = step.shape
    if shape.type_name == "string" and "enum" in shape.metadata:
        return shape.metadata["enum"][index % len(shape.metadata["enum"])]
    value = valid(step)
    if shape.type_name == "string":
        return next((text for text in (f"a{index}", f"{value}{index}", f"{index}{value}") if _fits(step, text)), value)
    if shape.type_name == "structure":
        children = dict(_children(step))
        for name in value:
            if children[name].shape.type_name == "string" and "enum" not in children[name].shape.metadata:
                value[name] = distinct(children[name], index)
    return copy.deepcopy(value)


def at(template: Mapping[str, Any], path: Path) -> Any:
    """The value of ``template`` at ``path``."""
    node: Any = template
    for part in path:
        node = node[part]
    return node
