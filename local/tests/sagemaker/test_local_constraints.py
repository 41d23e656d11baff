"""Ledger rows 55 and 56: the local SageMaker refuses what breaks a constraint of the API's model,
before acting on the request, in SageMaker's wording (``local/sagemaker/constraints.py``)."""

import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import client, error_of

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"


def refusal(call, **request):
    with pytest.raises(ClientError) as excinfo:
        call(**request)
    code, message = error_of(excinfo)
    assert code == "ValidationException"
    return message


def test_row_56_a_value_too_long_is_refused_in_sagemakers_words(sm, group):
    image = "i" * 256
    message = refusal(
        sm.create_model_package, ModelPackageGroupName=group, InferenceSpecification={"Containers": [{"Image": image}]}
    )
    assert message == (
        f"1 validation error detected: Value '{image}' at 'inferenceSpecification.containers.1.member.image' "
        "failed to satisfy constraint: Member must have length less than or equal to 255"
    )
    assert sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"] == []


def test_row_56_each_broken_constraint_is_an_error_of_the_answer(sm, group):
    message = refusal(
        sm.create_model_package,
        ModelPackageGroupName=group,
        ModelPackageDescription="d" * 1025,
        ModelApprovalStatus="Approved",
        SamplePayloadUrl="ftp://payload",
    )
    assert message.startswith("2 validation errors detected: ")
    assert "at 'modelPackageDescription' failed to satisfy constraint: Member must have length less than" in message
    assert (
        "Value 'ftp://payload' at 'samplePayloadUrl' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)"
    ) in message


def test_row_56_an_enum_in_a_list_and_a_newer_instance_type(sm, group, control):
    spec = {"Containers": [{"Image": IMAGE}], "SupportedRealtimeInferenceInstanceTypes": ["ml.g9.2xlarge"]}
    message = refusal(sm.create_model_package, ModelPackageGroupName=group, InferenceSpecification=spec)
    assert message.startswith(
        "1 validation error detected: Value '[\"ml.g9.2xlarge\"]' at "
        "'inferenceSpecification.supportedRealtimeInferenceInstanceTypes' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must satisfy enum value set: [ml.t2.medium, "
    )
    control.know(ProductionVariantInstanceType=["ml.g9.2xlarge"])  # a SageMaker newer than the model
    assert sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec)["ModelPackageArn"]


def test_row_56_map_values_and_keys(sm, group):
    container = {"Image": IMAGE, "Environment": {"GOOD": "v" * 1025, "1BAD": "v"}}
    message = refusal(
        sm.create_model_package, ModelPackageGroupName=group, InferenceSpecification={"Containers": [container]}
    )
    path = "at 'inferenceSpecification.containers.1.member.environment' failed to satisfy constraint: "
    assert message.startswith("2 validation errors detected: ")
    assert path + "Map keys must satisfy constraint: [Member must have length less than or equal to 1024" in message
    assert path + "Map value must satisfy constraint: [Member must have length less than or equal to 1024" in message


def test_row_56_counts_and_numbers_the_client_leaves_to_sagemaker(local_sagemaker, group):
    """botocore checks minimums itself; without its check SageMaker's own is seen."""
    unchecked = client(local_sagemaker, parameter_validation=False)
    message = refusal(
        unchecked.add_tags,
        ResourceArn="arn:aws:sagemaker:us-east-1:123456789012:model-package/x",
        Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)],
    )
    assert "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50" in message
    resources = {"InstanceType": "ml.m5.large", "InstanceCount": 0}
    profile = {
        "ProfileName": "p",
        "TransformJobDefinition": {
            "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/in"}}},
            "TransformOutput": {"S3OutputPath": "s3://b/out"},
            "TransformResources": resources,
        },
    }
    validation = {"ValidationRole": "arn:aws:iam::123456789012:role/r", "ValidationProfiles": [profile]}
    message = refusal(unchecked.create_model_package, ModelPackageGroupName=group, ValidationSpecification=validation)
    assert message == (
        "1 validation error detected: Value '0' at 'validationSpecification.validationProfiles.1.member."
        "transformJobDefinition.transformResources.instanceCount' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    )


@pytest.mark.parametrize("name", ["model\n", "model\r", "mo del", "model-"])
def test_row_56_a_pattern_matches_the_whole_value(sm, name):
    message = refusal(sm.create_model_package, ModelPackageName=name)
    assert (
        "at 'modelPackageName' failed to satisfy constraint: Member must satisfy regular expression pattern" in message
    )


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\u2028"])
def test_row_55_line_breaks_under_dot_follow_the_switch(sm, group, control, line_break):
    """Open: Java's "." stops at a line terminator. ``refused`` (default) or ``allowed``."""
    arn = sm.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    described = f"first line{line_break}second line"
    message = refusal(sm.update_model_package, ModelPackageArn=arn, ApprovalDescription=described)
    assert (
        "at 'approvalDescription' failed to satisfy constraint: Member must satisfy regular expression pattern: .*"
        in message
    )
    assert "ApprovalDescription" not in sm.describe_model_package(ModelPackageName=arn)
    control.behave(line_breaks="allowed")
    sm.update_model_package(ModelPackageArn=arn, ApprovalDescription=described)
    assert sm.describe_model_package(ModelPackageName=arn)["ApprovalDescription"] == described


def test_row_55_a_line_break_is_refused_only_under_dot(sm, group):
    """``[\\S\\s]*`` (a container's Environment values) takes line breaks under either answer."""
    container = {"Image": IMAGE, "Environment": {"SCRIPT": "line one\nline two"}}
    spec = {"Containers": [container]}
    assert sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec)["ModelPackageArn"]
