"""Translation between the CloudFormation model and SageMaker, driven by the two schemas.

Property names are the API's names, so no field is copied by hand: requests are the model
filtered and coerced by botocore's input shape, and the model is the response pruned by the
resource schema. The real exceptions are listed where they are handled, below.
"""

import uuid
from collections.abc import Mapping
from typing import Any

import botocore

from . import schema
from .tags import as_list
from .validation import InputError, additional_specs

_TOKEN_NAMESPACE = uuid.UUID("5b7f3c1e-6d1a-4b8e-9a57-2f0d7a9c4e11")


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


def unsupported(name: str) -> InputError:
    return InputError(
        f"{name} cannot be applied: the SageMaker API model of the botocore {botocore.__version__} "
        "this handler runs with does not know it (package the provider with a newer boto3)"
    )


def client_token(model: Mapping[str, Any], *request_ids: str | None) -> str:
    """The template's ClientToken, or one derived from CloudFormation's request token (with the
    stack and logical id, so two resources can never share one): a create re-sent after a lost
    response or a timeout is then recognised by SageMaker instead of making a second package."""
    return model.get("ClientToken") or str(uuid.uuid5(_TOKEN_NAMESPACE, "|".join(i or "" for i in request_ids)))


def create_request(
    service_model: Any, desired: Mapping[str, Any], token: str, tags: list[dict[str, str]]
) -> dict[str, Any]:
    body = {name: value for name, value in desired.items() if name not in schema.top_level("readOnlyProperties")}
    # Exception 1: AdditionalInferenceSpecificationsToAdd (write-only, an update field in the API)
    # joins the specifications sent on create.
    specs = additional_specs(desired)
    body.pop("AdditionalInferenceSpecificationsToAdd", None)
    if specs:
        body["AdditionalInferenceSpecifications"] = specs
    # Exception 2: SageMaker refuses SourceUri together with InferenceSpecification on create;
    # it is set by an update right after (see deferred_source_uri).
    if deferred_source_uri(desired):
        body.pop("SourceUri")
    # Exception 3: tags are computed (template + stack tags), never taken as is.
    body.pop("Tags", None)
    if tags:
        body["Tags"] = tags
    body["ClientToken"] = token
    return to_api(service_model.operation_model("CreateModelPackage").input_shape, body)


def deferred_source_uri(desired: Mapping[str, Any]) -> str | None:
    if desired.get("SourceUri") and desired.get("InferenceSpecification"):
        return desired["SourceUri"]
    return None


def update_request(service_model: Any, arn: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    return to_api(service_model.operation_model("UpdateModelPackage").input_shape, {**changes, "ModelPackageArn": arn})


def from_api(description: Mapping[str, Any], tags: Mapping[str, str] | None) -> dict[str, Any]:
    """The model as SageMaker holds it: only schema properties, no write-only ones, no empty
    containers, stable ordering (tags and metadata sorted by key)."""
    found = dict(description)
    # Exception 4: for a version, SageMaker echoes the group's name as ModelPackageName;
    # the template names only the group.
    if found.get("ModelPackageGroupName"):
        found.pop("ModelPackageName", None)
    if tags:
        found["Tags"] = as_list(tags)
    if isinstance(found.get("CustomerMetadataProperties"), Mapping):
        found["CustomerMetadataProperties"] = dict(sorted(found["CustomerMetadataProperties"].items()))
    model = schema.prune(schema.root(), found)
    for name in schema.top_level("writeOnlyProperties"):
        model.pop(name, None)
    return model
