"""Input checks that fail fast with ``InvalidRequest`` and a message naming the property.

Two layers: the resource schema (types, enums, patterns, lengths, item and map limits,
unknown properties), and the rules SageMaker is documented to enforce or cannot apply.
Both run before any API call, so a bad template never leaves anything behind.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from . import schema
from .tags import RESERVED_PREFIX

_TYPES = {
    "string": (str,),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "integer": (int,),
    "number": (int, float),
}
_CASTABLE = {"boolean": {"true", "false"}}  # CloudFormation passes scalars as strings


class InputError(ValueError):
    """A property that breaks a rule; the message names the property and the rule."""


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


# --- Rules of the SageMaker API ---------------------------------------------------------


def check_create(desired: Mapping[str, Any]) -> None:
    names = [n for n in ("ModelPackageName", "ModelPackageGroupName") if desired.get(n)]
    if len(names) != 1:
        raise InputError(
            "Exactly one of ModelPackageName (unversioned package) and ModelPackageGroupName "
            f"(versioned package) must be set; got {' and '.join(names) or 'neither'}"
        )
    _check_common(desired)


def check_update(previous: Mapping[str, Any], desired: Mapping[str, Any], current: Mapping[str, Any]) -> None:
    """``current`` is the package as SageMaker describes it now (or the previous model when
    the plan needs no describe)."""
    _check_common(desired)
    kept = _names(additional_specs(desired))
    declared = current if "AdditionalInferenceSpecifications" in desired else previous
    removed = sorted(_names(declared.get("AdditionalInferenceSpecifications") or ()) - kept)
    if removed:
        raise InputError(
            f"AdditionalInferenceSpecifications: {', '.join(removed)} cannot be removed; SageMaker can only "
            "add additional inference specifications to a model package (replace the resource to drop one)"
        )
    card_before = current.get("ModelCard") or {}
    card_after = desired.get("ModelCard") or card_before
    archived = card_before.get("ModelCardStatus") == "Archived"
    if archived and card_after.get("ModelCardContent") != card_before.get("ModelCardContent"):
        raise InputError(
            "ModelCard: the model card is Archived and its content cannot change any more "
            "(SageMaker answers: Model Card is in Archived state)"
        )


def additional_specs(desired: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The additional inference specifications a template asks for, including the write-only
    ``AdditionalInferenceSpecificationsToAdd`` (how AWS's own type adds them)."""
    return list(desired.get("AdditionalInferenceSpecifications") or ()) + list(
        desired.get("AdditionalInferenceSpecificationsToAdd") or ()
    )


def _names(specs: Any) -> set:
    return {spec.get("Name") for spec in specs}


def _check_common(desired: Mapping[str, Any]) -> None:
    """Rules for create and update alike: no tags on a version, unique specification names,
    and tag keys that SageMaker would take (never two alike, none of the ``aws:`` keys)."""
    if desired.get("ModelPackageGroupName") and desired.get("Tags"):
        raise InputError(
            "Tags cannot be set on a versioned model package (ModelPackageGroupName is set): "
            "SageMaker applies the model package group's tags to its versions, so tag the group instead"
        )
    repeated = _repeated(spec.get("Name") for spec in additional_specs(desired))
    if repeated:
        raise InputError(
            f"AdditionalInferenceSpecifications: Name {', '.join(repeated)} is used more than once; names must be unique"
        )
    keys = [tag.get("Key") or "" for tag in desired.get("Tags") or ()]
    reserved = sorted(key for key in keys if key.lower().startswith(RESERVED_PREFIX))
    if reserved:
        raise InputError(f"Tags: {', '.join(reserved)}: keys starting with aws: are reserved for AWS and cannot be set")
    repeated = _repeated(keys)
    if repeated:
        raise InputError(f"Tags: the key {', '.join(repeated)} is given more than once")


def _repeated(values: Iterable[Any]) -> list[Any]:
    seen = list(values)
    return sorted({value for value in seen if seen.count(value) > 1})
