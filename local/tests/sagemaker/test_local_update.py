import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import error_of

CONTAINERS = [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"}]


@pytest.fixture
def arn(sm_no_retries, instant, group):
    return sm_no_retries.create_model_package(
        ModelPackageGroupName=group,
        ModelApprovalStatus="PendingManualApproval",
        CustomerMetadataProperties={"a": "1", "b": "2"},
        AdditionalInferenceSpecifications=[{"Name": "one", "Containers": CONTAINERS}],
        InferenceSpecification={
            "Containers": CONTAINERS,
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Draft"},
    )["ModelPackageArn"]


def describe(sm_no_retries, arn):
    described = sm_no_retries.describe_model_package(ModelPackageName=arn)
    described.pop("ResponseMetadata")
    return described


def test_update_keeps_what_was_not_sent(sm_no_retries, arn):
    sm_no_retries.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="looks good"
    )
    before = describe(sm_no_retries, arn)
    sm_no_retries.update_model_package(ModelPackageArn=arn, SourceUri="s3://b/model.tar.gz")
    after = describe(sm_no_retries, arn)
    assert after["ApprovalDescription"] == "looks good"
    assert after["ModelApprovalStatus"] == "Approved"
    assert after["CustomerMetadataProperties"] == {"a": "1", "b": "2"}
    assert after["SourceUri"] == "s3://b/model.tar.gz"
    assert {k: v for k, v in after.items() if k not in ("SourceUri", "LastModifiedTime")} == {
        k: v for k, v in before.items() if k != "LastModifiedTime"
    }
    assert after["LastModifiedTime"] >= before["LastModifiedTime"]


def test_metadata_is_merged_and_removed(sm_no_retries, arn):
    sm_no_retries.update_model_package(
        ModelPackageArn=arn, CustomerMetadataProperties={"b": "20", "c": "3"}, CustomerMetadataPropertiesToRemove=["a"]
    )
    assert describe(sm_no_retries, arn)["CustomerMetadataProperties"] == {"b": "20", "c": "3"}
    sm_no_retries.update_model_package(ModelPackageArn=arn, CustomerMetadataPropertiesToRemove=["b", "c"])
    assert "CustomerMetadataProperties" not in describe(sm_no_retries, arn)


def test_additional_inference_specifications_are_appended_by_unique_name(sm_no_retries, arn):
    sm_no_retries.update_model_package(
        ModelPackageArn=arn, AdditionalInferenceSpecificationsToAdd=[{"Name": "two", "Containers": CONTAINERS}]
    )
    assert [s["Name"] for s in describe(sm_no_retries, arn)["AdditionalInferenceSpecifications"]] == ["one", "two"]
    for names in (["one"], ["three", "three"]):
        with pytest.raises(ClientError) as excinfo:
            sm_no_retries.update_model_package(
                ModelPackageArn=arn,
                AdditionalInferenceSpecificationsToAdd=[{"Name": n, "Containers": CONTAINERS} for n in names],
            )
        assert error_of(excinfo)[0] == "ValidationException"
    assert [s["Name"] for s in describe(sm_no_retries, arn)["AdditionalInferenceSpecifications"]] == ["one", "two"]


def test_every_update_field_is_applied(sm_no_retries, arn, group, control):
    control.behave(replace_inference_specification="allowed")  # ledger row 25 is open
    new_inference = {
        "Containers": CONTAINERS,
        "SupportedContentTypes": ["application/json"],
        "SupportedResponseMIMETypes": ["application/json"],
    }
    sm_no_retries.update_model_package(
        ModelPackageArn=arn,
        ModelApprovalStatus="Rejected",
        ApprovalDescription="no",
        InferenceSpecification=new_inference,
        ModelLifeCycle={"Stage": "Production", "StageStatus": "Approved"},
        ModelPackageRegistrationType="Registered",
        ModelCard={"ModelCardStatus": "PendingReview"},
        ClientToken="update-1",
    )
    described = describe(sm_no_retries, arn)
    assert described["ModelApprovalStatus"] == "Rejected"
    assert described["ApprovalDescription"] == "no"
    assert described["InferenceSpecification"]["SupportedContentTypes"] == ["application/json"]
    assert described["ModelLifeCycle"] == {"Stage": "Production", "StageStatus": "Approved"}
    assert described["ModelPackageRegistrationType"] == "Registered"
    assert described["ModelCard"] == {"ModelCardContent": "{}", "ModelCardStatus": "PendingReview"}
    listed = sm_no_retries.list_model_packages(ModelPackageGroupName=group, ModelApprovalStatus="Rejected")
    assert [s["ModelPackageArn"] for s in listed["ModelPackageSummaryList"]] == [arn]


def test_archived_model_card_content_cannot_change(sm_no_retries, arn):
    sm_no_retries.update_model_package(ModelPackageArn=arn, ModelCard={"ModelCardStatus": "Archived"})
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.update_model_package(ModelPackageArn=arn, ModelCard={"ModelCardContent": '{"changed": true}'})
    code, message = error_of(excinfo)
    assert code == "ValidationException" and "Model Card is in Archived state" in message
    sm_no_retries.update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardStatus": "Archived"}
    )  # status alone: accepted
    assert describe(sm_no_retries, arn)["ModelCard"] == {"ModelCardContent": "{}", "ModelCardStatus": "Archived"}


def test_invalid_approval_status_changes_nothing(sm_no_retries, arn):
    with pytest.raises(ClientError):
        sm_no_retries.update_model_package(ModelPackageArn=arn, ApprovalDescription="x", ModelApprovalStatus="Maybe")
    assert "ApprovalDescription" not in describe(sm_no_retries, arn)
