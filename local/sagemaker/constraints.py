"""What SageMaker checks of every request before it acts on it, and moto does not: the constraints
of the API's model (lengths and item counts, patterns, enums, numeric ranges), answered with a
``ValidationException`` in SageMaker's wording (fidelity ledger row 56).

botocore checks required members, types and minimums on the client; SageMaker's service checks
the rest, from the same model (botocore's ``service-2.json``), before anything else: a request
that breaks one changes nothing. Here every SageMaker call is walked against the operation's input
shape of the botocore moto runs on, and each broken constraint becomes one error of the answer.

The wording is AWS's request validation's (Coral), as SageMaker answers it:
"1 validation error detected: Value 'generic-…-model-trainer' at 'trainingJobName' failed to
satisfy constraint: Member must have length less than or equal to 63" (zenml-io/zenml#1517),
"2 validation errors detected: Value '…' at 'modelName' failed to satisfy constraint: …; Value
'…' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern:
^[a-zA-Z0-9](-*[a-zA-Z0-9])*" (aws-samples/sagemaker-ml-workflow-with-apache-airflow#3), "Value
'ml.t3.medium' at 'productionVariants.1.member.instanceType' failed to satisfy constraint: Member
must satisfy enum value set: […]" (aws/sagemaker-python-sdk#1623; members in lower camel case,
list items numbered from 1), "Map value must satisfy constraint: [Member must have length less
than or equal to 1024, Member must have length greater than or equal to 0]"
(aws/sagemaker-python-sdk#314), "Member must satisfy constraint: [Member must satisfy enum value
set: …]" for the items of a list of strings (CodeGenieApp/serverless-express#59, CloudFormation's
answer in the same framework). Values are echoed as SageMaker echoes them (lists and maps as JSON
here, where Java prints its own form).

Patterns match the whole value, the Java way: ``\\w``, ``\\d``, ``\\s`` are ASCII, and whether
``.`` matches a line break is the open question of row 55, the ``line_breaks`` switch:
``refused`` (Java's ``.`` stops at a line terminator; the default, the answer that would cost a
provider that did not cope a version number) or ``allowed``.

Instance types newer than this botocore: ``settings.known_values`` (``Control.know``) adds values
a SageMaker newer than the model knows, as a real one does every few months.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import botocore.session

from . import settings

# What Java's "." does not match (java.util.regex.Pattern, "Line terminators").
JAVA_DOT = "[^\\n\\r\\u0085\\u2028\\u2029]"
NUMBERS = ("integer", "long", "float", "double")


@cache
def _model() -> Any:
    return botocore.session.get_session().get_service_model("sagemaker")


def refusal(operation: str, params: Mapping[str, Any]) -> str | None:
    """SageMaker's ValidationException message for ``params`` of ``operation``, or None."""
    try:
        shape = _model().operation_model(operation).input_shape
    except Exception:  # an operation this botocore does not model: moto answers it as it would
        return None
    errors = [
        f"Value '{_echo(value)}' at '{path}' failed to satisfy constraint: {constraint}"
        for path, value, constraint in _errors(shape, params, "")
    ]
    if not errors:
        return None
    count = f"{len(errors)} validation error{'s' if len(errors) > 1 else ''} detected"
    return f"{count}: {'; '.join(errors)}"


def _errors(shape: Any, value: Any, path: str) -> Iterator[tuple[str, Any, str]]:
    """(path, value, constraint) of each broken constraint in ``value`` and below."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        for name, member in value.items():
            if name in shape.members:
                yield from _errors(shape.members[name], member, _join(path, name[:1].lower() + name[1:]))
    elif kind == "list" and isinstance(value, list):
        yield from ((path, value, broken) for broken in _size(shape, len(value)))
        if shape.member.type_name in ("structure", "list", "map"):
            for index, item in enumerate(value):
                yield from _errors(shape.member, item, f"{path}.{index + 1}.member")
        elif any(_broken(shape.member, item) for item in value):
            yield path, value, f"Member must satisfy constraint: [{', '.join(_all(shape.member))}]"
    elif kind == "map" and isinstance(value, Mapping):
        yield from ((path, value, broken) for broken in _size(shape, len(value)))
        if any(_broken(shape.key, key) for key in value):
            yield path, value, f"Map keys must satisfy constraint: [{', '.join(_all(shape.key))}]"
        if shape.value.type_name in ("structure", "list", "map"):
            for key, item in value.items():
                yield from _errors(shape.value, item, f"{path}.{key}")
        elif any(_broken(shape.value, item) for item in value.values()):
            yield path, value, f"Map value must satisfy constraint: [{', '.join(_all(shape.value))}]"
    else:
        yield from ((path, value, broken) for broken in _broken(shape, value))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _size(shape: Any, count: int) -> Iterator[str]:
    meta = shape.metadata
    if "max" in meta and count > meta["max"]:
        yield f"Member must have length less than or equal to {meta['max']}"
    if count < meta.get("min", 0):
        yield f"Member must have length greater than or equal to {meta['min']}"


def _broken(shape: Any, value: Any) -> list[str]:
    """The constraints of a scalar ``shape`` that ``value`` breaks, in SageMaker's words."""
    meta = shape.metadata
    if shape.type_name == "string" and isinstance(value, str):
        broken = list(_size(shape, len(value)))
        if "pattern" in meta and not _java(meta["pattern"], settings.behaviour("line_breaks")).fullmatch(value):
            broken.append(_pattern(meta["pattern"]))
        if "enum" in meta and value not in [*meta["enum"], *settings.known_values(shape.name)]:
            broken.append(_enum(meta["enum"]))
        return broken
    if shape.type_name in NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
        low, high = meta.get("min"), meta.get("max")
        return [
            *([f"Member must have value less than or equal to {high}"] if high is not None and value > high else []),
            *([f"Member must have value greater than or equal to {low}"] if low is not None and value < low else []),
        ]
    return []


def _all(shape: Any) -> list[str]:
    """Every constraint of a scalar ``shape``, as SageMaker lists them for a list's items or a map's."""
    meta = shape.metadata
    found = []
    if "max" in meta:
        found.append(f"Member must have length less than or equal to {meta['max']}")
    if "min" in meta:
        found.append(f"Member must have length greater than or equal to {meta['min']}")
    if "pattern" in meta:
        found.append(_pattern(meta["pattern"]))
    if "enum" in meta:
        found.append(_enum(meta["enum"]))
    return found


def _pattern(pattern: str) -> str:
    return f"Member must satisfy regular expression pattern: {pattern}"


def _enum(values: list[str]) -> str:
    return f"Member must satisfy enum value set: [{', '.join(values)}]"


def _echo(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@cache
def _java(pattern: str, line_breaks: str) -> Any:
    """``pattern`` as Java reads it, for ``fullmatch``: ``\\w``, ``\\d``, ``\\s`` ASCII (the
    ``regex`` module, for ``\\p{L}`` and the like, has no ASCII-only flag that spares those);
    ``.`` per the ``line_breaks`` switch."""
    translated = _java_dots(pattern) if line_breaks == "refused" else pattern
    try:
        return re.compile(translated, re.ASCII | (re.DOTALL if line_breaks == "allowed" else 0))
    except re.error:
        import regex

        return regex.compile(translated, regex.V0 | (regex.DOTALL if line_breaks == "allowed" else 0))


def _java_dots(pattern: str) -> str:
    """Each ``.`` outside a character class (and not escaped) as Java's. (The provider has its own
    reading, ``constraints.dots_as``: the local SageMaker stands for SageMaker and shares no code
    with the provider it tests.)"""
    out, index, depth = [], 0, 0
    while index < len(pattern):
        if pattern[index] == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        depth += {"[": 1, "]": -1 if depth else 0}.get(pattern[index], 0)
        out.append(JAVA_DOT if pattern[index] == "." and not depth else pattern[index])
        index += 1
    return "".join(out)
