"""SageMaker's own constraints on every request the handler sends, checked before the first call.

botocore validates required members, types and minimums on the client; SageMaker checks the rest
(maximum lengths and item counts, patterns, enums, numeric ranges) on the server, after the call.
Here every request a handler will send (CreateModelPackage, the UpdateModelPackage right after a
create, the planned UpdateModelPackage requests, AddTags) is walked against botocore's model of
the SageMaker API, the one the artifact bundles (``api_model.sagemaker()``), shape by shape, as
botocore walks its own: no member has a rule of its own here. A violation is an ``InputError``
(InvalidRequest) naming the property's path in the template, the rule and the value's length,
never the value itself (it may be secret); only enum values, which come from a published set,
are quoted.

On a create, what the update right after it will send is checked before CreateModelPackage: once
the version exists, a refused update would delete it and cost the group that version number.

Two readings of SageMaker's patterns (docs/behaviour.md, "Where the rules come from"):
- A pattern matches the whole value (``fullmatch``), as SageMaker applies it: ``$`` never lets a
  trailing line break through.
- SageMaker is written in Java, where ``.`` does not match a line terminator, so ``.*`` may refuse
  a value with a line break (fidelity ledger row 55, open). Requests that SageMaker refuses as a
  whole cost nothing, so they are read leniently (``.`` matches anything) and a multi-line model
  card or description is left for SageMaker to judge. The update right after a create is read the
  Java way (``strict``): a refusal there would cost a version number.
- Java's ``\\w``, ``\\d`` and ``\\s`` are ASCII classes: patterns are compiled so.

Growing enums: instance types (the shapes named ``...InstanceType``) gain values every few months,
faster than a provider is rebuilt with a newer botocore, and a provider that refused an instance
type its botocore predates would break users for nothing (aws/aws-sdk-go#5229: an SDK enum missing
``ml.t3.medium`` kept Terraform users from it). So a value of such an enum that is not listed but
has the form of the listed ones (``family_pattern``: ``ml.<family>.<size>``) goes to SageMaker to
judge; one without that form is a typo, refused with the closest known value. Every other enum is
a closed vocabulary of the API (statuses, data types) that changes with API features a provider
is rebuilt for.
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from . import api_model, planner, properties, translator
from .errors import broken_rules
from .properties import tags as tag_rule
from .validation import did_you_mean

NUMBERS = frozenset({"integer", "long", "float", "double"})
# What Java's "." does not match (java.util.regex.Pattern, "Line terminators").
JAVA_DOT = "[^\\n\\r\\u0085\\u2028\\u2029]"
LINE_BREAKS = frozenset("\n\r\u0085\u2028\u2029")
ENUM_LISTED = 12  # enums with more values are not listed in full in messages

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Violation:
    """One broken constraint: where (member names, list indexes and map keys of the request),
    what the value must do (``rule``), what it does instead (``found``: lengths and counts, never
    the value of a free string), and whether it is a map's key rather than its value."""

    path: Path
    rule: str
    found: str
    key: bool = False
    line_break: bool = False  # refused only because Java's "." stops at line breaks (``strict``)


# --- the walk ----------------------------------------------------------------------------


def violations(shape: Any, value: Any, path: Path = (), strict: bool = False) -> Iterator[Violation]:
    """What in ``value`` breaks the constraints of botocore's ``shape`` and of the shapes below
    it. ``strict``: patterns read the Java way (``.`` stops at line breaks)."""
    kind, meta = shape.type_name, shape.metadata
    if kind == "structure" and isinstance(value, Mapping):
        for name, member in value.items():
            if name in shape.members and member is not None:
                yield from violations(shape.members[name], member, (*path, name), strict)
    elif kind == "list" and isinstance(value, list):
        yield from _size(meta, len(value), path, "items")
        for index, item in enumerate(value):
            yield from violations(shape.member, item, (*path, index), strict)
    elif kind == "map" and isinstance(value, Mapping):
        yield from _size(meta, len(value), path, "entries")
        for key, item in value.items():
            for broken in violations(shape.key, key, (*path, key), strict):
                yield replace(broken, key=True)
            yield from violations(shape.value, item, (*path, key), strict)
    elif kind == "string" and isinstance(value, str):
        yield from _string(shape, value, path, strict)
    elif kind in NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
        yield from _range(meta, value, path)


def _size(meta: Mapping[str, Any], count: int, path: Path, unit: str) -> Iterator[Violation]:
    if count < meta.get("min", 0):
        yield Violation(path, f"have at least {meta['min']} {unit}", f"it has {count}")
    if "max" in meta and count > meta["max"]:
        yield Violation(path, f"have at most {meta['max']} {unit}", f"it has {count}")


def _range(meta: Mapping[str, Any], number: float, path: Path) -> Iterator[Violation]:
    if "min" in meta and number < meta["min"]:
        yield Violation(path, f"be at least {meta['min']}", f"it is {number}")
    if "max" in meta and number > meta["max"]:
        yield Violation(path, f"be at most {meta['max']}", f"it is {number}")


def _string(shape: Any, value: str, path: Path, strict: bool) -> Iterator[Violation]:
    meta = shape.metadata
    if "enum" in meta:
        if value not in meta["enum"] and not (growing(shape) and family(shape).fullmatch(value)):
            yield _enum_violation(shape, value, path)
        return
    yield from _size(meta, len(value), path, "characters")
    pattern = meta.get("pattern")
    if pattern is not None and not java_regex(pattern, strict).fullmatch(value):
        line_break = strict and bool(java_regex(pattern, False).fullmatch(value))
        yield Violation(path, f"match SageMaker's pattern {pattern} in full", described(value), line_break=line_break)


def _enum_violation(shape: Any, value: str, path: Path) -> Violation:
    known: list[str] = list(shape.metadata["enum"])
    if growing(shape):
        rule = (
            f"be one of the {len(known)} values of SageMaker's {shape.name}, or of their form {family_pattern(known)}"
        )
    elif len(known) > ENUM_LISTED:
        rule = f"be one of the {len(known)} values of SageMaker's {shape.name}"
    else:
        rule = f"be one of {', '.join(known)}"
    return Violation(path, rule, f"{value!r} is not{did_you_mean(value, known)}")


def growing(shape: Any) -> bool:
    """Whether the enum ``shape`` grows faster than providers are rebuilt (see the module)."""
    return bool(shape.name.endswith("InstanceType") and shape.metadata.get("enum"))


def family(shape: Any) -> "re.Pattern[str]":
    return _compiled_family(tuple(shape.metadata["enum"]))


@cache
def _compiled_family(values: tuple[str, ...]) -> "re.Pattern[str]":
    return re.compile(family_pattern(values))


def family_pattern(values: Sequence[str]) -> str:
    """The form the dotted names ``values`` share, as a pattern: a part that is the same in all
    stays as it is (``ml``), the last part is one of the values' last parts with their digits
    free (``[0-9]+xlarge``, ``large``), and the parts between may be any run of the characters
    they use (``[a-z0-9]+``: a family not yet listed). Every value matches it."""
    columns = list(zip(*(value.split(".") for value in values), strict=True))
    parts = []
    for index, column in enumerate(columns):
        if len(set(column)) == 1:
            parts.append(re.escape(column[0]))
        elif index == len(columns) - 1:
            parts.append("(?:" + "|".join(sorted({_digits_free(part) for part in column})) + ")")
        else:
            parts.append(_characters_of(column) + "+")
    return r"\.".join(parts)


def _digits_free(text: str) -> str:
    return "[0-9]+".join(re.escape(piece) for piece in re.split("[0-9]+", text))


def _characters_of(texts: Sequence[str]) -> str:
    """The smallest class of the usual ranges (and other characters as they are) holding ``texts``."""
    used = set("".join(texts))
    ranges = [span for span, members in _RANGES.items() if used & members]
    others = sorted(used - set().union(*_RANGES.values()))
    return "[" + "".join(ranges) + "".join(re.escape(other) for other in others) + "]"


_RANGES = {
    "a-z": set("abcdefghijklmnopqrstuvwxyz"),
    "A-Z": set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "0-9": set("0123456789"),
}


def described(value: str) -> str:
    """The value told by its length and its first control character, never its content."""
    found = f"it has {len(value)} characters"
    for index, character in enumerate(value):
        if character in LINE_BREAKS:
            return f"{found}, a line break at character {index + 1}"
        if ord(character) < 0x20 or ord(character) == 0x7F:
            return f"{found}, a control character (U+{ord(character):04X}) at character {index + 1}"
    return found


@cache
def java_regex(pattern: str, strict: bool) -> Any:
    """SageMaker's (Java) ``pattern`` for ``fullmatch``: ``\\w``, ``\\d``, ``\\s`` ASCII; ``.``
    stopping at Java's line terminators when ``strict``, else matching anything. ``re`` unless
    the pattern needs the ``regex`` module (``\\p{L}`` and the like, a quantified ``$``)."""
    translated = dots_as(pattern, JAVA_DOT) if strict else pattern
    try:
        return re.compile(translated, re.ASCII | (0 if strict else re.DOTALL))
    except re.error:
        import regex  # only for \p{...} patterns: it costs tens of milliseconds to import

        # No \w, \d or \s in these (a unit test checks): regex's ASCII flag would make \p{L} ASCII too.
        return regex.compile(translated, regex.V0 | (0 if strict else regex.DOTALL))


def dots_as(pattern: str, replacement: str) -> str:
    """``pattern`` with each ``.`` that matches a character (not escaped, not in a class) as
    ``replacement`` (``JAVA_DOT`` here; any character, for the schema)."""
    out, index, depth = [], 0, 0
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if character == "[":
            depth += 1
        elif character == "]" and depth:
            depth -= 1
        out.append(replacement if character == "." and not depth else character)
        index += 1
    return "".join(out)


# --- the requests a handler sends ----------------------------------------------------------


def check(state: properties.State) -> None:
    """Every request the handler will send for ``state``, against botocore's SageMaker model;
    InputError naming each property that breaks a constraint (the first few)."""
    problems = [
        _message(broken, operation, request, state)
        for operation, request, strict in requests(state)
        for broken in violations(api_model.sagemaker().operation_model(operation).input_shape, request, (), strict)
    ]
    if problems:
        raise broken_rules(problems)


def requests(state: properties.State) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(operation, request, read strictly) for each request the handler will send: on create,
    CreateModelPackage and the UpdateModelPackage right after it (strict: see the module); on
    update, the planned UpdateModelPackage requests and, for an unversioned package, the tags
    AddTags may set (at most every tag the package is to have). Requests carry no ARN: the
    package's own is not the template's to break."""
    model = api_model.sagemaker()
    update = model.operation_model("UpdateModelPackage").input_shape
    if state.creating:
        yield "CreateModelPackage", dict(translator.create_request(model, state)), False
        deferred = planner.after_create(state)
        if deferred:
            yield "UpdateModelPackage", translator.to_api(update, deferred), True
        return
    for planned in planner.plan(model, state):
        yield "UpdateModelPackage", translator.to_api(update, planned), False
    tagged = tag_rule.create(state)  # every tag the package is to have, as a create would send them
    if tagged:
        yield "AddTags", tagged, False


def _message(broken: Violation, operation: str, request: Mapping[str, Any], state: properties.State) -> str:
    # A key is not repeated: it may be as long as the limit it breaks.
    subject = (
        f"a key of {where(broken.path[:-1], request, state)}" if broken.key else where(broken.path, request, state)
    )
    if broken.line_break:
        return (
            f"{subject} holds a line break ({broken.found}), which SageMaker's pattern may refuse (its '.' is "
            "Java's, which stops at line breaks); it is set by an UpdateModelPackage right after the create, where "
            "a refusal would cost the group this version number: leave the line breaks out, or set it in a later "
            "update of the stack"
        )
    return f"{subject} must {broken.rule} ({broken.found}), as SageMaker's {operation} requires"


def where(path: Path, request: Mapping[str, Any], state: properties.State) -> str:
    """The template's path of what ``request`` holds at ``path``. Requests are made of the
    template's properties under the same names, except where a rule merges a property with its
    companions (``AdditionalInferenceSpecificationsToAdd``) or CloudFormation adds to it (the
    stack's tags): a list item is then found in the template by its value, and a list's count is
    said to be of the properties it was merged from."""
    name = str(path[0])
    sources = [source for source in _sources(name) if state.desired.get(source) is not None] or [name]
    sent = request.get(name)
    if len(path) > 1 and isinstance(path[1], int) and isinstance(sent, list):
        for source in sources:
            for index, given in enumerate(state.desired.get(source) or ()):
                if properties.values.equal(given, sent[path[1]]):
                    return _format((source, index, *path[2:]))
        return f"{_format(path)} (as sent: it is not in the template as such)"
    if len(path) == 1 and isinstance(sent, list):
        label = " and ".join(sources) + (" together" if len(sources) > 1 else "")
        given = sum(len(state.desired.get(source) or ()) for source in sources)
        return label if given == len(sent) else f"{label}, with what CloudFormation adds,"
    return _format(path)


def _sources(name: str) -> tuple[str, ...]:
    """The properties a request member may be made of: those of the rule handling it (a property
    and its companions), else the property of that name."""
    return next((rule.names(prop) for prop, rule in properties.RULES.items() if name in rule.names(prop)), (name,))


def _format(path: Path) -> str:
    """``InferenceSpecification/Containers[0]/Image``: the form the schema's messages use."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f"/{part}" if text else str(part)
    return text
