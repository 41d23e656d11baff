"""Input checks against the resource schema that fail fast with ``InvalidRequest`` and a message
naming the property.

Every validation keyword the schema uses is enforced (``KEYWORDS``; a test walks the schema and
fails on a keyword missing here, and proves each one with a bad template); keywords that only
annotate are listed in ``ANNOTATIONS``. CloudFormation passes scalars as strings, so a string
that reads as the expected boolean or number is accepted. The rules SageMaker is documented to
enforce or cannot apply are the property rules' (``properties/``). Both run before any API
call, so a bad template never leaves anything behind.
"""

from collections.abc import Callable, Mapping, Sequence, Sized
from typing import Any

from . import schema
from .errors import broken_rules
from .properties.names import explain_choice
from .properties.values import repeating

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "integer": (int,),
    "number": (int, float),
}
_CASTABLE = {"boolean": {"true", "false"}}  # CloudFormation passes scalars as strings

Node = Mapping[str, Any]
Check = Callable[[Node, Any, str], list[str]]


def check_schema(properties: Mapping[str, Any]) -> None:
    problems = errors_in(schema.root(), properties)
    if problems:
        raise broken_rules(problems)


def errors_in(node: Node, value: Any, path: str = "") -> list[str]:
    """What is wrong with ``value`` under the schema ``node``, one message per problem."""
    node = schema.resolve(node)
    expected = node.get("type")
    if expected and not _is_type(expected, value):
        return [f"{_where(path)} must be of type {expected}"]
    problems = [
        problem for keyword, check in KEYWORDS.items() if keyword in node for problem in check(node, value, path)
    ]
    if isinstance(value, Mapping):
        problems += _members(node, value, path)
    return problems


def _is_type(expected: str, value: Any) -> bool:
    if isinstance(value, str) and value.lower() in _CASTABLE.get(expected, ()):
        return True
    if isinstance(value, str) and expected in ("integer", "number"):
        return _number(value, expected) is not None
    if isinstance(value, bool) and expected in ("integer", "number"):
        return False
    return isinstance(value, _TYPES.get(expected, (object,)))


def _number(value: Any, expected: str = "number") -> float | None:
    try:
        return float(value) if expected == "number" else int(value)
    except (TypeError, ValueError):
        return None


def _where(path: str) -> str:
    return path or "properties"


# --- one function per keyword --------------------------------------------------------------


def _enum(node: Node, value: Any, path: str) -> list[str]:
    if value in node["enum"]:
        return []
    return [f"{_where(path)} must be one of {', '.join(map(str, node['enum']))}"]


def _minimum(node: Node, value: Any, path: str) -> list[str]:
    number = _number(value)
    if number is None or number >= node["minimum"]:
        return []
    return [f"{_where(path)} must be at least {node['minimum']}"]


def _size(measure: type[Sized], low: str, high: str, unit: str) -> tuple[Check, Check]:
    """The two checks of a size keyword pair (minLength/maxLength and the like)."""

    def at_least(node: Node, value: Any, path: str) -> list[str]:
        if not isinstance(value, measure) or len(value) >= node[low]:
            return []
        return [f"{_where(path)} must have at least {node[low]} {unit}"]

    def at_most(node: Node, value: Any, path: str) -> list[str]:
        if not isinstance(value, measure) or len(value) <= node[high]:
            return []
        return [f"{_where(path)} must have at most {node[high]} {unit}"]

    return at_least, at_most


def _pattern(node: Node, value: Any, path: str) -> list[str]:
    """Patterns are anchored at both ends (``tools/schema_constraints.py``). Where the node lists
    the known values of a growing enum (``examples``: instance types), a value that does not
    have their form is a typo of the closest one."""
    if not isinstance(value, str) or schema.regex(node["pattern"]).search(value):
        return []
    return [f"{_where(path)} must match the pattern {node['pattern']}{did_you_mean(value, node.get('examples', ()))}"]


def _format(node: Node, value: Any, path: str) -> list[str]:
    if not isinstance(value, str) or schema.format_regex(node["format"]).search(value):
        return []
    return [f"{_where(path)} must be a {node['format']}"]


def _unique_items(node: Node, value: Any, path: str) -> list[str]:
    if not node["uniqueItems"] or not isinstance(value, list):
        return []
    return [f"{_where(path)}[{index}] repeats an earlier item; items must be unique" for index in repeating(value)]


def _items(node: Node, value: Any, path: str) -> list[str]:
    if not isinstance(value, list):
        return []
    return [
        problem for index, item in enumerate(value) for problem in errors_in(node["items"], item, f"{path}[{index}]")
    ]


def _required(node: Node, value: Any, path: str) -> list[str]:
    if not isinstance(value, Mapping):
        return []
    prefix = f"{path}/" if path else ""
    return [f"{prefix}{name} is required" for name in node["required"] if name not in value]


def _members(node: Node, value: Any, path: str) -> list[str]:
    """Each member against its schema (``properties``, ``patternProperties``), and members
    neither describes refused when ``additionalProperties`` is false."""
    prefix = f"{path}/" if path else ""
    problems: list[str] = []
    for key, child, child_node in schema.children(node, value):
        if child_node is not None:
            problems += errors_in(child_node, child, prefix + key)
        elif node.get("patternProperties"):
            problems.append(f"{prefix}{key}: the key must match {' or '.join(node['patternProperties'])}")
        elif node.get("additionalProperties", True) is False:
            problems.append(
                f"{prefix}{key} is not a known property{did_you_mean(key, list(node.get('properties', {})))}"
            )
    return problems


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """`` (did you mean X?)`` with the known word closest to ``word``, if one is close."""
    import difflib  # only for a misspelt name or value: kept off the cold start

    close = difflib.get_close_matches(word, known, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def _any_of(node: Node, value: Any, path: str) -> list[str]:
    if any(not errors_in(option, value, path) for option in node["anyOf"]):
        return []
    options = [problem for option in node["anyOf"] for problem in errors_in(option, value, path)]
    return [f"{_where(path)} must satisfy one of: {' | '.join(options)}"]


def _one_of(node: Node, value: Any, path: str) -> list[str]:
    """Exactly one option must hold. Options that are only ``required`` lists (exactly one of
    several properties) are explained the way the property rules explain that choice."""
    holding = [option for option in node["oneOf"] if not errors_in(option, value, path)]
    if len(holding) == 1:
        return []
    if all(set(option) == {"required"} for option in node["oneOf"]) and isinstance(value, Mapping):
        names = [name for option in node["oneOf"] for name in option["required"]]
        return [explain_choice(names, value)]
    return [f"{_where(path)} must satisfy exactly one of {len(node['oneOf'])} alternatives, not {len(holding)}"]


_MIN_LENGTH, _MAX_LENGTH = _size(str, "minLength", "maxLength", "characters")
_MIN_ITEMS, _MAX_ITEMS = _size(list, "minItems", "maxItems", "items")
_MIN_PROPERTIES, _MAX_PROPERTIES = _size(dict, "minProperties", "maxProperties", "properties")

# Keyword → its check ("type" and "$ref" are applied first, by errors_in).
KEYWORDS: dict[str, Check] = {
    "enum": _enum,
    "minimum": _minimum,
    "minLength": _MIN_LENGTH,
    "maxLength": _MAX_LENGTH,
    "pattern": _pattern,
    "format": _format,
    "minItems": _MIN_ITEMS,
    "maxItems": _MAX_ITEMS,
    "uniqueItems": _unique_items,
    "items": _items,
    "minProperties": _MIN_PROPERTIES,
    "maxProperties": _MAX_PROPERTIES,
    "required": _required,
    "anyOf": _any_of,
    "oneOf": _one_of,
}
# Keywords errors_in applies itself (the type and $ref first, the members of every object).
STRUCTURAL = frozenset({"type", "$ref", "properties", "patternProperties", "additionalProperties"})
# Keywords that only annotate: nothing to enforce.
# (``examples`` also feed the pattern's did-you-mean.)
ANNOTATIONS = frozenset({"description", "insertionOrder", "$comment", "examples"})
