"""A property the runtime's botocore does not know is refused, never silently dropped
(the Lambda runtime's boto3 may be older than the schema)."""

import boto3
import pytest

from aws_sagemaker_modelpackage import planner, properties, schema, translator
from aws_sagemaker_modelpackage.errors import InputError
from aws_sagemaker_modelpackage.properties import State


@pytest.fixture(scope="module")
def service_model():
    return boto3.session.Session().client("sagemaker", region_name="us-east-1").meta.service_model


class _WithoutMember:
    """A service model whose UpdateModelPackage lacks one member, like an older botocore."""

    def __init__(self, real, missing):
        self._real, self._missing = real, missing

    def operation_model(self, name):
        operation = self._real.operation_model(name)
        shape = operation.input_shape
        members = {k: v for k, v in shape.members.items() if k != self._missing}
        return type("Op", (), {"input_shape": type("Shape", (), {"members": members})()})()


def test_create_request_refuses_a_field_the_api_model_lacks_naming_it(service_model):
    desired = {
        "ModelPackageName": "p",
        "InferenceSpecification": {
            "Containers": [{"Image": "i", "FutureField": "x"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    }
    with pytest.raises(InputError, match=r"InferenceSpecification/Containers\[0\]/FutureField cannot be applied"):
        translator.create_request(service_model, State(desired))


def test_create_request_leaves_out_read_only_properties(service_model):
    desired = {"ModelPackageName": "p", "ModelPackageStatus": "Completed", "ModelPackageVersion": 1, "ClientToken": "t"}
    request = translator.create_request(service_model, State(desired))
    assert set(request) == {"ModelPackageName", "ClientToken"}


def test_update_plan_refuses_a_change_the_api_model_cannot_send(service_model):
    older = _WithoutMember(service_model, "ModelLifeCycle")
    previous = {"ModelPackageName": "p"}
    desired = {"ModelPackageName": "p", "ModelLifeCycle": {"Stage": "Production", "StageStatus": "Approved"}}
    with pytest.raises(InputError, match="ModelLifeCycle cannot be applied"):
        planner.plan(older, State(desired, previous))
    assert planner.plan(service_model, State(desired, previous)) == [{"ModelLifeCycle": desired["ModelLifeCycle"]}]


def _missing_members(node, shape, path=""):
    """Paths of schema properties under ``node`` that botocore's ``shape`` does not have."""
    node = schema.resolve(node)
    if shape.type_name == "list" and "items" in node:
        return _missing_members(node["items"], shape.member, f"{path}[]/")
    if shape.type_name != "structure":
        return []
    missing = []
    for name, child in node.get("properties", {}).items():
        if name not in shape.members:
            missing.append(f"{path}{name}")
        else:
            missing += _missing_members(child, shape.members[name], f"{path}{name}/")
    return missing


@pytest.mark.parametrize(
    "operation, by_rules, left_out",
    [
        ("CreateModelPackage", properties.HOOKS.created_by_rules, schema.top_level("readOnlyProperties")),
        (
            "UpdateModelPackage",
            properties.HOOKS.updated_by_rules,
            schema.top_level("readOnlyProperties")
            | schema.top_level("createOnlyProperties")
            | properties.HOOKS.synced_by_rules,
        ),
    ],
)
def test_every_property_a_request_may_carry_is_known_to_the_botocore_the_provider_is_built_with(
    service_model, operation, by_rules, left_out
):
    """So "package the provider with a newer boto3" is true whenever it is said: the field is
    in the resource schema, so a botocore as new as this one knows it. Properties SageMaker's
    API lacks by design (e.g. ApprovalDescription on create) have a rule of their own."""
    shape = service_model.operation_model(operation).input_shape
    sent = {
        name: node
        for name, node in schema.load()["properties"].items()
        if name not in left_out and name not in by_rules
    }
    assert _missing_members({"properties": sent}, shape) == []


def test_approval_description_is_never_sent_on_create(service_model):
    desired = {"ModelPackageGroupName": "g", "ApprovalDescription": "ok by risk", "ModelApprovalStatus": "Approved"}
    request = translator.create_request(service_model, State(desired, creating=True))
    assert "ApprovalDescription" not in request and request["ModelApprovalStatus"] == "Approved"
    assert planner.after_create(State(desired, creating=True)) == {"ApprovalDescription": "ok by risk"}
