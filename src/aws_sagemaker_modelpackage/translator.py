"""Translation between the CloudFormation model and SageMaker, driven by the two schemas.

Property names are the API's names, so no field is copied by hand: requests are the model
filtered and coerced by botocore's input shape, and the model is the response pruned by the
resource schema. The exceptions are the rules of ``properties/``.
"""

from collections.abc import Mapping
from typing import Any

from . import properties, schema
from .errors import unsupported


def to_api(shape: Any, value: Any, path: str = "") -> Any:
    """``value`` in the form ``shape`` takes, with scalars coerced to its types (CloudFormation
    may pass numbers and booleans as strings). A property the shape does not know is refused,
    never dropped: an older botocore in the Lambda runtime must not silently lose a field."""
    kind = shape.type_name
    if kind == "structure":
        unknown = sorted(name for name, item in value.items() if name not in shape.members and item is not None)
        if unknown:
            raise unsupported(f"{path}{unknown[0]}")
        return {
            name: to_api(shape.members[name], item, f"{path}{name}/")
            for name, item in value.items()
            if item is not None
        }
    if kind == "list":
        return [to_api(shape.member, item, f"{path[:-1]}[{index}]/") for index, item in enumerate(value)]
    if kind == "map":
        return {key: to_api(shape.value, item, path) for key, item in value.items()}
    if kind in ("integer", "long"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "boolean":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if kind == "string":
        return value if isinstance(value, str) else str(value)
    return value


def create_request(service_model: Any, state: properties.State) -> dict[str, Any]:
    """CreateModelPackage's request: the template without read-only properties, each property
    with a rule taking the part its rule gives."""
    replaced = properties.HOOKS.created_by_rules | schema.top_level("readOnlyProperties")
    body = {name: value for name, value in state.desired.items() if name not in replaced}
    for _, part in properties.HOOKS.creators:
        body.update(part(state))
    request: dict[str, Any] = to_api(service_model.operation_model("CreateModelPackage").input_shape, body)
    return request


def update_request(service_model: Any, arn: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    shape = service_model.operation_model("UpdateModelPackage").input_shape
    request: dict[str, Any] = to_api(shape, {**changes, "ModelPackageArn": arn})
    return request


def from_api(description: Mapping[str, Any], template: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The model as SageMaker holds it: only schema properties, no write-only ones, no empty
    containers, each property with a rule read by its rule."""
    found = dict(description)
    for name, read in properties.HOOKS.readers:
        found[name] = read(found, template or {})
    model = schema.prune(schema.root(), found)
    for name in schema.top_level("writeOnlyProperties"):
        model.pop(name, None)
    return dict(model)
