import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import ACCOUNT, error_of

from tests.support.templates import GROUP

ARN = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package"
INFERENCE = {"Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"}]}
INSTANCE_TYPES = {
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedTransformInstanceTypes": ["ml.m5.large"],
}


def test_unversioned_describes_its_name_and_no_group(sm_no_retries, instant):
    arn = sm_no_retries.create_model_package(ModelPackageName="my-model")["ModelPackageArn"]
    assert arn == f"{ARN}/my-model"
    described = sm_no_retries.describe_model_package(ModelPackageName="my-model")
    assert described["ModelPackageName"] == "my-model"
    assert "ModelPackageGroupName" not in described and "ModelPackageVersion" not in described


def test_versions_are_numbered_and_never_reused(sm_no_retries, instant, group):
    first = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    second = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    assert (first, second) == (f"{ARN}/{group}/1", f"{ARN}/{group}/2")
    sm_no_retries.delete_model_package(ModelPackageName=second)
    third = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    assert third == f"{ARN}/{group}/3"
    described = sm_no_retries.describe_model_package(ModelPackageName=third)
    assert described["ModelPackageVersion"] == 3
    assert described["ModelPackageGroupName"] == group
    assert described["ModelApprovalStatus"] == "PendingManualApproval"


@pytest.mark.parametrize(
    "request_, message",
    [
        (
            {"ModelPackageName": "a", "ModelPackageGroupName": GROUP},
            "Both ModelPackageName and ModelPackageGroupName",
        ),
        ({}, "Missing ARN"),
        (
            {"ModelPackageName": "bad_name"},
            "failed to satisfy constraint: Member must satisfy regular expression pattern",
        ),
        ({"ModelPackageName": "trailing-"}, "failed to satisfy constraint"),
        (
            {"ModelPackageGroupName": GROUP, "Tags": [{"Key": "k", "Value": "v"}]},
            "Tags are not supported in Model Package versions",
        ),
        (
            {"ModelPackageName": "a", "SourceUri": "s3://b/m", "InferenceSpecification": INFERENCE},
            "SourceUri cannot be specified together with InferenceSpecification",
        ),
        ({"ModelPackageGroupName": "nope"}, "Model Package Group nope does not exist"),
    ],
)
def test_requests_sagemaker_refuses(sm_no_retries, group, control, request_, message):
    """Ledger row 47 (the name pattern's refusal text) and row 56 (constraints of the API's model)."""
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.create_model_package(**request_)
    code, text = error_of(excinfo)
    assert code == "ValidationException" and message in text
    assert sm_no_retries.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"] == []


@pytest.mark.parametrize("choice, code", [("resource-in-use", "ResourceInUse"), ("validation", "ValidationException")])
def test_duplicate_unversioned_name_is_refused_and_keeps_the_first(sm_no_retries, instant, choice, code):
    """Ledger row 20 (open; AWS-PR25 catches ResourceInUse and matches "already exists")."""
    instant.control.behave(duplicate_name=choice)
    sm_no_retries.create_model_package(ModelPackageName="dup", ModelPackageDescription="first")
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.create_model_package(ModelPackageName="dup", ModelPackageDescription="second")
    assert error_of(excinfo) == (code, f"Model Package {ARN}/dup already exists.")
    assert sm_no_retries.describe_model_package(ModelPackageName="dup")["ModelPackageDescription"] == "first"


def test_client_token_makes_create_idempotent(sm_no_retries, instant, group):
    first = sm_no_retries.create_model_package(ModelPackageGroupName=group, ClientToken="token-1")["ModelPackageArn"]
    again = sm_no_retries.create_model_package(ModelPackageGroupName=group, ClientToken="token-1")["ModelPackageArn"]
    other = sm_no_retries.create_model_package(ModelPackageGroupName=group, ClientToken="token-2")["ModelPackageArn"]
    assert first == again != other
    unversioned = sm_no_retries.create_model_package(ModelPackageName="u", ClientToken="token-3")["ModelPackageArn"]
    assert (
        sm_no_retries.create_model_package(ModelPackageName="u", ClientToken="token-3")["ModelPackageArn"]
        == unversioned
    )
    listed = sm_no_retries.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"]
    assert len(listed) == 3


def test_every_create_field_is_stored_and_described(sm_no_retries, instant):
    request = {
        "ModelPackageName": "full",
        "ModelPackageDescription": "d",
        "ModelPackageRegistrationType": "Logged",
        "InferenceSpecification": {
            "Containers": [{**INFERENCE["Containers"][0], "ImageDigest": "sha256:" + "0" * 64}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
            **INSTANCE_TYPES,
        },
        "CertifyForMarketplace": False,
        "MetadataProperties": {"CommitId": "abc", "Repository": "r"},
        "ModelMetrics": {"ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": "s3://b/s.json"}}},
        "Domain": "MACHINE_LEARNING",
        "Task": "CLASSIFICATION",
        "SamplePayloadUrl": "s3://b/payload.tar.gz",
        "CustomerMetadataProperties": {"team": "ml"},
        "DriftCheckBaselines": {
            "ModelQuality": {"Constraints": {"ContentType": "application/json", "S3Uri": "s3://b/c.json"}}
        },
        "AdditionalInferenceSpecifications": [{"Name": "extra", "Containers": INFERENCE["Containers"]}],
        "SkipModelValidation": "All",
        "SecurityConfig": {"KmsKeyId": "alias/models"},
        "ModelCard": {"ModelCardContent": '{"model_overview": {}}', "ModelCardStatus": "Draft"},
        "ModelLifeCycle": {"Stage": "Development", "StageStatus": "Approved", "StageDescription": "ok"},
    }
    sm_no_retries.create_model_package(**request)
    described = sm_no_retries.describe_model_package(ModelPackageName="full")
    for member, value in request.items():
        assert described[member] == value, member
    assert described["ModelPackageStatus"] == "Completed"


def test_source_uri_alone_is_accepted_on_a_version(sm_no_retries, instant, group):
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group, SourceUri="s3://b/model.tar.gz")[
        "ModelPackageArn"
    ]
    assert sm_no_retries.describe_model_package(ModelPackageName=arn)["SourceUri"] == "s3://b/model.tar.gz"
