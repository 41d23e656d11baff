"""Input checks that fail fast with ``InvalidRequest`` and a message naming the property.

This is the resource schema's layer (types, enums, patterns, lengths, item and map limits,
unknown properties); the rules SageMaker is documented to enforce or cannot apply are the
property rules' (``properties.py``). Both run before any API call, so a bad template never
leaves anything behind.
"""

from collections.abc import Mapping
from typing import Any

from . import schema
from .errors import InputError

_TYPES = {
    "string": (str,),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "integer": (int,),
    "number": (int, float),
}
_CASTABLE = {"boolean": {"true", "false"}}  # CloudFormation passes scalars as strings


def check_schema(properties: Mapping[str, Any]) -> None:
    errors = _errors(schema.root(), properties, "")
    if errors:
        raise InputError("; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""))


def _errors(node: Mapping[str, Any], value: Any, path: str) -> list[str]:
    node = schema.resolve(node)
    where = path or "properties"
    expected = node.get("type")
    if expected and not _is_type(expected, value):
        return [f"{where} must be of type {expected}"]
    problems: list[str] = []
    if "enum" in node and value not in node["enum"]:
        problems.append(f"{where} must be one of {', '.join(map(str, node['enum']))}")
    if expected in ("integer", "number"):
        problems += _number_errors(node, value, where)
    elif isinstance(value, str):
        problems += _string_errors(node, value, where)
    elif isinstance(value, list):
        problems += _size_errors(node, len(value), where, "minItems", "maxItems", "items")
        for index, child, child_node in schema.children(node, value):
            problems += _errors(child_node, child, f"{path}[{index}]")
    elif isinstance(value, dict):
        problems += _object_errors(node, value, path)
    return problems


def _object_errors(node: Mapping[str, Any], value: Mapping[str, Any], path: str) -> list[str]:
    prefix = f"{path}/" if path else ""
    problems = _size_errors(node, len(value), path or "properties", "minProperties", "maxProperties", "properties")
    problems += [f"{prefix}{name} is required" for name in node.get("required", ()) if name not in value]
    for key, child, child_node in schema.children(node, value):
        if child_node is not None:
            problems += _errors(child_node, child, prefix + key)
        elif node.get("patternProperties"):
            problems.append(f"{prefix}{key}: the key must match {' or '.join(node['patternProperties'])}")
        elif node.get("additionalProperties", True) is False:
            problems.append(f"{prefix}{key} is not a known property")
    return problems


def _is_type(expected: str, value: Any) -> bool:
    if isinstance(value, str) and value.lower() in _CASTABLE.get(expected, ()):
        return True
    if isinstance(value, str) and expected in ("integer", "number"):
        try:
            float(value) if expected == "number" else int(value)
            return True
        except ValueError:
            return False
    if isinstance(value, bool) and expected in ("integer", "number"):
        return False
    return isinstance(value, _TYPES.get(expected, (object,)))


def _string_errors(node: Mapping[str, Any], value: str, where: str) -> list[str]:
    problems = _size_errors(node, len(value), where, "minLength", "maxLength", "characters")
    pattern = node.get("pattern")
    compiled = schema.python_regex(pattern) if pattern else None
    if compiled is not None and not compiled.search(value):
        problems.append(f"{where} must match the pattern {pattern}")
    return problems


def _number_errors(node: Mapping[str, Any], value: Any, where: str) -> list[str]:
    number = float(value)
    if "minimum" in node and number < node["minimum"]:
        return [f"{where} must be at least {node['minimum']}"]
    if "maximum" in node and number > node["maximum"]:
        return [f"{where} must be at most {node['maximum']}"]
    return []


def _size_errors(node: Mapping[str, Any], size: int, where: str, low: str, high: str, unit: str) -> list[str]:
    if low in node and size < node[low]:
        return [f"{where} must have at least {node[low]} {unit}"]
    if high in node and size > node[high]:
        return [f"{where} must have at most {node[high]} {unit}"]
    return []
