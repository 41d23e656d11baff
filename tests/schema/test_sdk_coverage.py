"""Every property path of the resource schema is modelled by the botocore pinned in
``requirements.lock`` (the one the artifact ships), in each operation that carries it.

Requests are shaped by botocore's input shapes and a READ returns what botocore parsed from the
response, so a path the pinned botocore lacks is refused on write (``errors.unsupported``)
and silently missing on read. A schema change that needs a newer SageMaker model fails here
until ``make lock`` brings one in.

The model is read from the pinned botocore wheel itself (``build/wheelhouse``), not from the
botocore of the test environment, which may be another version.
"""

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from botocore.model import ServiceModel, Shape

from aws_sagemaker_modelpackage import schema
from tools import schema_constraints

SCHEMA = schema.read()
READ_ONLY = {path.split("/")[2] for path in SCHEMA["readOnlyProperties"]}
WRITE_ONLY = {path.split("/")[2] for path in SCHEMA["writeOnlyProperties"]}
# Read back from ListTags, not DescribeModelPackage (translator: tags are computed).
READ_BY_LIST_TAGS = {"Tags"}


@pytest.fixture(scope="module")
def pinned_sagemaker() -> ServiceModel:
    """SageMaker's service model from the locked botocore wheel."""
    return schema_constraints.bundled_sagemaker()


def pinned_version() -> str:
    return schema_constraints.locked_botocore()


def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = SCHEMA
        for part in node["$ref"].split("#", 1)[1].strip("/").split("/"):
            target = target[part]
        node = target
    return node


def paths(node: Mapping[str, Any], prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    """(path, schema) of ``node`` and of everything under it: object members by name, ``[]``
    for array items, ``{}`` for the values of a map (patternProperties)."""
    node = resolve(node)
    yield prefix, node
    for name, child in node.get("properties", {}).items():
        yield from paths(child, (*prefix, name))
    if "items" in node:
        yield from paths(node["items"], (*prefix, "[]"))
    for child in node.get("patternProperties", {}).values():
        yield from paths(child, (*prefix, "{}"))


def missing(shape: Shape, path: tuple[str, ...]) -> str | None:
    """The first step of ``path`` that ``shape`` does not model, or None."""
    for step in path:
        if step == "[]" and shape.type_name == "list":
            shape = shape.member
        elif step == "{}" and shape.type_name == "map":
            shape = shape.value
        elif shape.type_name == "structure" and step in shape.members:
            shape = shape.members[step]
        else:
            return step
    return None


def carriers(model: ServiceModel, name: str) -> dict[str, Shape]:
    """The shapes that must model property ``name``: what writes it (CreateModelPackage or
    UpdateModelPackage input, each that has it; at least one) and what reads it back
    (DescribeModelPackage output, or ListTags output for tags)."""
    found: dict[str, Shape] = {}
    if name not in READ_ONLY:
        for operation in ("CreateModelPackage", "UpdateModelPackage"):
            shape = model.operation_model(operation).input_shape
            if name in shape.members:
                found[f"{operation} input"] = shape
        if not found:
            found["CreateModelPackage input"] = model.operation_model("CreateModelPackage").input_shape
    if name not in WRITE_ONLY:
        operation = "ListTags" if name in READ_BY_LIST_TAGS else "DescribeModelPackage"
        found[f"{operation} output"] = model.operation_model(operation).output_shape
    return found


def test_every_schema_path_is_in_the_pinned_botocore(pinned_sagemaker):
    gaps = []
    checked = 0
    for name, node in SCHEMA["properties"].items():
        for label, shape in carriers(pinned_sagemaker, name).items():
            for path, _ in paths(node, (name,)):
                checked += 1
                step = missing(shape, path)
                if step is not None:
                    gaps.append(f"{'/'.join(path)}: {label} has no {step}")
    assert checked > 300, checked  # the whole schema was walked, nested paths included
    assert gaps == [], f"botocore {pinned_version()} does not model: " + "; ".join(gaps)


def test_a_path_the_model_lacks_is_reported(pinned_sagemaker):
    """The check above can fail: a made-up member is found missing at the right step."""
    describe = pinned_sagemaker.operation_model("DescribeModelPackage").output_shape
    assert missing(describe, ("InferenceSpecification", "Containers", "[]", "Image")) is None
    assert missing(describe, ("InferenceSpecification", "Containers", "[]", "NoSuchMember")) == "NoSuchMember"
    assert missing(describe, ("CustomerMetadataProperties", "{}")) is None
