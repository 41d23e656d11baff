"""A property the runtime's botocore does not know is refused, never silently dropped
(the Lambda runtime's boto3 may be older than the schema)."""

import boto3
import pytest

from aws_sagemaker_modelpackage import planner, translator
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
    assert request == {"ModelPackageName": "p", "ClientToken": "t"}


def test_update_plan_refuses_a_change_the_api_model_cannot_send(service_model):
    older = _WithoutMember(service_model, "ModelLifeCycle")
    previous = {"ModelPackageName": "p"}
    desired = {"ModelPackageName": "p", "ModelLifeCycle": {"Stage": "Production", "StageStatus": "Approved"}}
    with pytest.raises(InputError, match="ModelLifeCycle cannot be applied"):
        planner.plan(older, State(desired, previous))
    assert planner.plan(service_model, State(desired, previous)) == [{"ModelLifeCycle": desired["ModelLifeCycle"]}]
