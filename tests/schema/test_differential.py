"""The handler's schema check (``validation``) against ``jsonschema``'s Draft 7 validator, on
generated templates: both must call each template valid or invalid alike.

The templates are the round trip's (``tests/roundtrip/templates.py``, valid ones), each either
left as it is or broken in one place by a mutation that makes it invalid under Draft 7: a value
of the wrong type, a property the schema does not describe, a string longer than its maxLength,
a value outside its enum, a required member removed, both names or neither (the top-level
oneOf). The reference validator is plain Draft 7 with what CloudFormation adds to it:
- ``pattern`` and ``patternProperties`` are searched with the ``regex`` module, which knows the
  Java Unicode classes (``\\p{L}`` and the like) the published patterns use;
- ``format`` is checked by cfn-lint's own format rules (the formats are CloudFormation's, not
  Draft 7's, and cfn-lint is where they are defined);
- scalars may come as strings (CloudFormation passes them so): ``"true"`` is a boolean and
  ``"3"`` an integer.
"""

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import regex
from cfnlint.rules.formats.KmsAliasName import KmsAliasName
from cfnlint.rules.formats.KmsKeyArn import KmsKeyArn
from cfnlint.rules.formats.KmsKeyId import KmsKeyId
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators

from aws_sagemaker_modelpackage import schema, validation
from tests.roundtrip.templates import create_template
from tests.support.templates import unversioned

SCHEMA = schema.read()
TEMPLATES = 100  # each with BROKEN broken copies: 400 cases
BROKEN = 3
NAMES = ("ModelPackageName", "ModelPackageGroupName")


# --- the reference validator ------------------------------------------------------------------


def _pattern(validator: Any, pattern: str, instance: Any, node: Mapping[str, Any]) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: Mapping[str, Any], instance: Any, node: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, child in patterns.items():
        for key, value in instance.items():
            if regex.search(pattern, key):
                yield from validator.descend(value, child, path=key, schema_path=pattern)


def _additional_properties(
    validator: Any, additional: Any, instance: Any, node: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    patterns = node.get("patternProperties", {})
    extras = [
        key
        for key in instance
        if key not in node.get("properties", {}) and not any(regex.search(p, key) for p in patterns)
    ]
    if additional is False and extras:
        yield ValidationError(f"additional properties are not allowed: {extras}")
    elif isinstance(additional, Mapping):
        for key in extras:
            yield from validator.descend(instance[key], additional, path=key)


def _minimum(validator: Any, minimum: float, instance: Any, node: Mapping[str, Any]) -> Iterator[ValidationError]:
    number = _as_integer(instance) if isinstance(instance, str) else instance
    yield from Draft7Validator.VALIDATORS["minimum"](validator, minimum, number, node)


def _as_integer(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _string_or(kind: str, reads_as: Callable[[str], bool]) -> Callable[[Any, Any], bool]:
    def check(checker: Any, instance: Any) -> bool:
        return bool(Draft7Validator.TYPE_CHECKER.is_type(instance, kind)) or (
            isinstance(instance, str) and reads_as(instance)
        )

    return check


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for rule in (KmsKeyArn(), KmsKeyId(), KmsAliasName()):
        checker.checks(rule.format_keyword)(lambda value, rule=rule: rule.format(None, value))
    return checker


CloudFormationDraft7 = validators.extend(
    Draft7Validator,
    {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
        "minimum": _minimum,
    },
    type_checker=Draft7Validator.TYPE_CHECKER.redefine_many(
        {
            "boolean": _string_or("boolean", lambda text: text.lower() in ("true", "false")),
            "integer": _string_or("integer", lambda text: _as_integer(text) is not None),
        }
    ),
)
REFERENCE = CloudFormationDraft7(SCHEMA, format_checker=_format_checker())


# --- mutations: each breaks a template in one place ------------------------------------------


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        node = SCHEMA["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def places(
    value: Any, node: Mapping[str, Any], path: tuple[Any, ...] = ()
) -> Iterator[tuple[tuple[Any, ...], Any, Mapping[str, Any]]]:
    """(path, value, its schema) for the template and every value inside it the schema describes."""
    node = _resolve(node)
    yield path, value, node
    if isinstance(value, dict):
        for key, child in value.items():
            described = node.get("properties", {}).get(key)
            matching = [c for p, c in node.get("patternProperties", {}).items() if regex.search(p, key)]
            if described or matching:
                yield from places(child, described or matching[0], (*path, key))
    elif isinstance(value, list) and "items" in node:
        for index, child in enumerate(value):
            yield from places(child, node["items"], (*path, index))


WRONG_TYPE = {"string": 12345, "boolean": ["true"], "integer": "many", "array": "one", "object": "none"}
Mutation = Callable[[Any, Mapping[str, Any]], Any]


def _wrong_type(value: Any, node: Mapping[str, Any]) -> Any:
    return WRONG_TYPE[node["type"]]


def _extra_property(value: Any, node: Mapping[str, Any]) -> Any:
    return {**value, "Not a property!": "x"}


def _too_long(value: Any, node: Mapping[str, Any]) -> Any:
    return "a" * (node["maxLength"] + 1)


def _bad_enum(value: Any, node: Mapping[str, Any]) -> Any:
    return "NotInTheEnum"


def _without_required(value: Any, node: Mapping[str, Any]) -> Any:
    return {key: child for key, child in value.items() if key != node["required"][0]}


# Mutation -> whether it applies to a place (value, schema).
MUTATIONS: dict[Mutation, Callable[[Any, Mapping[str, Any]], bool]] = {
    _wrong_type: lambda value, node: node.get("type") in WRONG_TYPE,
    _extra_property: lambda value, node: isinstance(value, dict) and node.get("additionalProperties") is False,
    _too_long: lambda value, node: isinstance(value, str) and "maxLength" in node,
    _bad_enum: lambda value, node: "enum" in node,
    _without_required: lambda value, node: isinstance(value, dict) and bool(node.get("required")),
}


def _replace(template: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copied = json.loads(json.dumps(template))
    parent = copied
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return copied


@st.composite
def broken(draw: Callable[[Any], Any], template: dict[str, Any]) -> dict[str, Any]:
    """``template`` broken in one place, or in its names (both, or neither)."""
    if draw(st.integers(0, 5)) == 0:
        names = {key: value for key, value in template.items() if key not in NAMES}
        both = {**names, "ModelPackageName": "churn", "ModelPackageGroupName": "churn-models"}
        return draw(st.sampled_from([names, both]))
    candidates = [
        (path, mutation(value, node))
        for path, value, node in places(template, SCHEMA)
        for mutation, applies in MUTATIONS.items()
        if applies(value, node)
    ]
    path, new = draw(st.sampled_from(candidates))
    result: dict[str, Any] = _replace(template, path, new)
    return result


@st.composite
def cases(draw: Callable[[Any], Any]) -> list[tuple[dict[str, Any], bool]]:
    """A generated template and ``BROKEN`` broken copies of it: (template, whether it is broken)."""
    template = draw(create_template())
    return [(template, False)] + [(draw(broken(template)), True) for _ in range(BROKEN)]


@seed(20261202)
@settings(
    max_examples=TEMPLATES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
@given(cases())
def test_the_handler_check_and_draft_7_agree_on_every_template(cases: list[tuple[dict[str, Any], bool]]) -> None:
    for template, was_broken in cases:
        reference = [error.message for error in REFERENCE.iter_errors(template)]
        handler = validation.errors_in(schema.root(), template)
        assert bool(reference) == was_broken, (template, reference)  # the mutations break what they mean to
        assert bool(handler) == bool(reference), {"template": template, "draft 7": reference, "handler": handler}


def test_the_reference_knows_the_cloudformation_additions() -> None:
    """The reference's own additions, on cases whose answer is known, so that its verdicts can be
    trusted: Unicode classes in patterns and keys, formats, scalars as strings."""
    base = unversioned()
    assert not list(REFERENCE.iter_errors({**base, "CustomerMetadataProperties": {"clé": "valeur"}}))
    assert list(REFERENCE.iter_errors({**base, "CustomerMetadataProperties": {"a": "ta\tb"}}))
    assert list(REFERENCE.iter_errors({**base, "CustomerMetadataProperties": {"a!": "b"}}))
    assert not list(REFERENCE.iter_errors({**base, "CertifyForMarketplace": "true"}))
    assert list(REFERENCE.iter_errors({**base, "CertifyForMarketplace": "yes"}))
    assert not list(REFERENCE.iter_errors({**base, "SecurityConfig": {"KmsKeyId": "alias/models"}}))
    assert list(REFERENCE.iter_errors({**base, "SecurityConfig": {"KmsKeyId": "not a key"}}))
