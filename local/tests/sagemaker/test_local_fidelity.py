"""The local SageMaker does what real SageMaker does, row by row of the fidelity ledger
(``../shared/reference/sagemaker-fidelity.md``, summarised in ``docs/fidelity.md``), driven with plain
boto3. Each test names its row; each docstring cites the evidence."""

import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import ACCOUNT, error_of

ARN = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package"
GROUP_ARN = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package-group"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"
INSTANCE_TYPES = {
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedTransformInstanceTypes": ["ml.m5.large"],
}


def spec(**extra):
    return {
        "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://b/m.tar.gz"}],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
        **extra,
    }


def refusal(call, **request):
    with pytest.raises(ClientError) as excinfo:
        call(**request)
    return error_of(excinfo)


def test_row_1_create_accepts_the_group_arn(sm_no_retries, instant, group):
    """Row 1 (BC: ``ModelPackageGroupName`` is an ``ArnOrName``; SDK session.py sends ARNs)."""
    group_arn = sm_no_retries.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group_arn, InferenceSpecification=spec())[
        "ModelPackageArn"
    ]
    assert arn == f"{ARN}/{group}/1"


def test_row_1_list_accepts_the_group_arn(sm_no_retries, instant, group):
    """Rows 1 and 38 (BC: the List filter is an ``ArnOrName`` too)."""
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    listed = sm_no_retries.list_model_packages(ModelPackageGroupName=f"{GROUP_ARN}/{group}")["ModelPackageSummaryList"]
    assert [summary["ModelPackageArn"] for summary in listed] == [arn]


def test_row_1_an_unknown_group_arn_does_not_exist(sm_no_retries, instant, group):
    """Row 19 wording for a group ARN that names no group here."""
    code, message = refusal(sm_no_retries.create_model_package, ModelPackageGroupName=f"{GROUP_ARN}/other")
    assert code == "ValidationException" and message.endswith("does not exist.")


def test_row_3_describe_answers_the_group_name_for_a_group_arn(sm_no_retries, instant, group):
    """Rows 2 and 3 (CFN-MPG: ``Ref`` is the ARN; BC: Describe's ``ModelPackageGroupName`` is an
    ``EntityName``, always the name)."""
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=f"{GROUP_ARN}/{group}")["ModelPackageArn"]
    assert sm_no_retries.describe_model_package(ModelPackageName=arn)["ModelPackageGroupName"] == group


def test_row_6_arns_keep_the_case_of_names(sm_no_retries, instant):
    """Row 6 (EXP172, EDGE18, DG ``model-package/ModelGroup1/1``)."""
    sm_no_retries.create_model_package_group(ModelPackageGroupName="ModelGroup1")
    version = sm_no_retries.create_model_package(ModelPackageGroupName="ModelGroup1")["ModelPackageArn"]
    unversioned = sm_no_retries.create_model_package(ModelPackageName="MyModel")["ModelPackageArn"]
    assert (version, unversioned) == (f"{ARN}/ModelGroup1/1", f"{ARN}/MyModel")
    assert sm_no_retries.describe_model_package(ModelPackageName="MyModel")["ModelPackageArn"] == unversioned


def test_row_6_names_and_arns_are_matched_exactly(sm_no_retries, instant):
    """Row 6 (B4606: the wrongly-cased ARN "does not exist"): names differing in case are distinct."""
    first = sm_no_retries.create_model_package(ModelPackageName="MyModel")["ModelPackageArn"]
    second = sm_no_retries.create_model_package(ModelPackageName="mymodel")["ModelPackageArn"]
    assert first != second
    code, message = refusal(sm_no_retries.describe_model_package, ModelPackageName="MYMODEL")
    assert (code, message) == ("ValidationException", f"ModelPackage {ARN}/MYMODEL does not exist.")
    assert (
        refusal(sm_no_retries.list_tags, ResourceArn=first.lower().replace("mymodel", "myMODEL"))[0]
        == "ValidationException"
    )


def test_row_21_neither_name_says_missing_arn(sm_no_retries):
    """Row 21 (MOTO7165 quotes SageMaker: "Missing ARN.")."""
    assert refusal(sm_no_retries.create_model_package) == ("ValidationException", "Missing ARN.")


@pytest.mark.parametrize(
    "request_, member",
    [
        ({"SourceUri": "s3://b/model.tar.gz"}, "SourceUri"),
        (
            {
                "InferenceSpecification": spec(
                    Containers=[
                        {
                            "Image": IMAGE,
                            "ModelDataSource": {
                                "S3DataSource": {
                                    "S3Uri": "s3://b/m/",
                                    "S3DataType": "S3Prefix",
                                    "CompressionType": "None",
                                }
                            },
                        }
                    ],
                    **INSTANCE_TYPES,
                )
            },
            "ModelDataSource",
        ),
    ],
)
def test_row_27_unversioned_refuses_source_uri_and_model_data_source(sm_no_retries, instant, request_, member):
    """Row 27 (SDK ``get_create_model_package_request``, PR #4492)."""
    code, message = refusal(sm_no_retries.create_model_package, ModelPackageName="u", **request_)
    assert (code, message) == (
        "ValidationException",
        f"Un-versioned SageMaker Model Package currently cannot be created with {member}.",
    )
    assert sm_no_retries.list_model_packages(ModelPackageType="Both")["ModelPackageSummaryList"] == []


@pytest.mark.parametrize(
    "present", [(), ("SupportedRealtimeInferenceInstanceTypes",), ("SupportedTransformInstanceTypes",)]
)
def test_row_28_unversioned_needs_both_instance_type_lists(sm_no_retries, instant, group, present):
    """Row 28 (SDK: "inference_instances and transform_instances must be provided if
    model_package_group_name is not present", PR #3228); versions do not need them."""
    partial = {member: INSTANCE_TYPES[member] for member in present}
    code, message = refusal(
        sm_no_retries.create_model_package, ModelPackageName="u", InferenceSpecification=spec(**partial)
    )
    assert code == "ValidationException"
    assert "SupportedRealtimeInferenceInstanceTypes and SupportedTransformInstanceTypes must be provided" in message
    sm_no_retries.create_model_package(ModelPackageName="u", InferenceSpecification=spec(**INSTANCE_TYPES))
    sm_no_retries.create_model_package(ModelPackageGroupName=group, InferenceSpecification=spec())


def test_row_29_archived_card_message_is_sagemakers(sm_no_retries, instant, group):
    """Row 29 (BC: "you will receive the message Model Card is in Archived state")."""
    card = {"ModelCardContent": "{}", "ModelCardStatus": "Archived"}
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group, ModelCard=card)["ModelPackageArn"]
    code, message = refusal(
        sm_no_retries.update_model_package, ModelPackageArn=arn, ModelCard={"ModelCardContent": '{"a": 1}'}
    )
    assert (code, message) == ("ValidationException", "Model Card is in Archived state.")


def test_row_30_card_content_and_status_cannot_change_in_one_call(sm_no_retries, instant, group):
    """Row 30 (BC UpdateModelCard: "You cannot update both model card content and model card status in
    a single call."; SDK model.py #4739 sends them separately). Each alone is accepted; both keys in
    one call are refused even when one of them is unchanged (the documentation makes no exception)."""
    card = {"ModelCardContent": "{}", "ModelCardStatus": "Draft"}
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group, ModelCard=card)["ModelPackageArn"]
    both = {"ModelCardContent": '{"a": 1}', "ModelCardStatus": "PendingReview"}
    code, message = refusal(sm_no_retries.update_model_package, ModelPackageArn=arn, ModelCard=both)
    assert code == "ValidationException" and "cannot update both model card content and model card status" in message
    assert sm_no_retries.describe_model_package(ModelPackageName=arn)["ModelCard"] == card
    unchanged_content = {"ModelCardContent": "{}", "ModelCardStatus": "PendingReview"}
    code, message = refusal(sm_no_retries.update_model_package, ModelPackageArn=arn, ModelCard=unchanged_content)
    assert code == "ValidationException" and "cannot update both model card content and model card status" in message
    sm_no_retries.update_model_package(ModelPackageArn=arn, ModelCard={"ModelCardStatus": "PendingReview"})
    sm_no_retries.update_model_package(ModelPackageArn=arn, ModelCard={"ModelCardContent": '{"a": 1}'})
    assert sm_no_retries.describe_model_package(ModelPackageName=arn)["ModelCard"] == both


def test_row_35_group_deletable_right_after_its_versions_delete(sm_no_retries, control, group):
    """Row 35 (SDK integ tests delete the group immediately after DeleteModelPackage, on real AWS);
    a version still live keeps it (ConflictException)."""
    control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=60)
    arns = [sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"] for _ in range(2)]
    sm_no_retries.delete_model_package(ModelPackageName=arns[0])
    assert refusal(sm_no_retries.delete_model_package_group, ModelPackageGroupName=group)[0] == "ConflictException"
    sm_no_retries.delete_model_package(ModelPackageName=arns[1])
    sm_no_retries.delete_model_package_group(ModelPackageGroupName=group)
    assert sm_no_retries.list_model_package_groups()["ModelPackageGroupSummaryList"] == []


def test_row_42_describe_fills_image_digest(sm_no_retries, instant, group):
    """Row 42 (ACK ``custom_delta.go``: "ImageDigest ... generated automatically by Sagemaker if not
    specified"): a ``sha256:`` digest per container; a given digest is kept."""
    given = "sha256:" + "a" * 64
    containers = [{"Image": IMAGE}, {"Image": IMAGE + "0", "ImageDigest": given}]
    arn = sm_no_retries.create_model_package(
        ModelPackageGroupName=group, InferenceSpecification=spec(Containers=containers)
    )["ModelPackageArn"]
    described = sm_no_retries.describe_model_package(ModelPackageName=arn)["InferenceSpecification"]["Containers"]
    assert described[0]["ImageDigest"].startswith("sha256:") and len(described[0]["ImageDigest"]) == 71
    assert described[1]["ImageDigest"] == given


def test_row_42_describe_fills_validation_transform_output_kms_key(sm_no_retries, instant, group):
    """Row 42 (ACK fixtures: ``TransformOutput.KmsKeyId`` comes back as ``""``)."""
    profile = {
        "ProfileName": "p",
        "TransformJobDefinition": {
            "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/in/"}}},
            "TransformOutput": {"S3OutputPath": "s3://b/out/"},
            "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
        },
    }
    validation = {"ValidationRole": f"arn:aws:iam::{ACCOUNT}:role/r", "ValidationProfiles": [profile]}
    arn = sm_no_retries.create_model_package(
        ModelPackageGroupName=group, InferenceSpecification=spec(), ValidationSpecification=validation
    )["ModelPackageArn"]
    described = sm_no_retries.describe_model_package(ModelPackageName=arn)["ValidationSpecification"]
    assert described["ValidationProfiles"][0]["TransformJobDefinition"]["TransformOutput"] == {
        "S3OutputPath": "s3://b/out/",
        "KmsKeyId": "",
    }


@pytest.mark.parametrize("operation", ["create", "update"])
def test_row_44_additional_s3_data_source_refused_in_inference_specification(sm_no_retries, instant, group, operation):
    """Row 44 (B4510: "AdditionalS3DataSource is not allowed in InferenceSpecification")."""
    container = {
        "Image": IMAGE,
        "AdditionalS3DataSource": {"S3DataType": "S3Object", "S3Uri": "s3://b/extra.tar.gz"},
    }
    bad = spec(Containers=[container])
    if operation == "create":
        code, message = refusal(
            sm_no_retries.create_model_package, ModelPackageGroupName=group, InferenceSpecification=bad
        )
    else:
        arn = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
        code, message = refusal(sm_no_retries.update_model_package, ModelPackageArn=arn, InferenceSpecification=bad)
    assert (code, message) == ("ValidationException", "AdditionalS3DataSource is not allowed in InferenceSpecification")
