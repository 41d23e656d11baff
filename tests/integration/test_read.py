"""READ through the real entrypoint shows what is really in SageMaker (drift detection, import)."""

import json

import pytest

from aws_sagemaker_modelpackage import schema
from aws_sagemaker_modelpackage.validation import check_schema
from local import invoke
from tests.integration.integration_helpers import succeeded, tags_of, writes
from tests.roundtrip.drift import Rules, drift
from tests.support.templates import inference_spec
from tools import lint_examples

pytestmark = pytest.mark.usefixtures("instant")


def test_a_tag_changed_outside_the_stack_shows_up_in_read(drive, sm):
    created = succeeded(
        drive(
            "CREATE",
            {
                "ModelPackageName": "fraud",
                "InferenceSpecification": inference_spec(),
                "Tags": [{"Key": "team", "Value": "risk"}],
            },
        )
    )
    arn = created["ModelPackageArn"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "team", "Value": "someone-else"}, {"Key": "extra", "Value": "1"}])
    read = succeeded(drive("READ", {"ModelPackageArn": arn}))
    assert tags_of(read) == {"team": "someone-else", "extra": "1"}
    assert [t["Key"] for t in read["Tags"]] == ["extra", "team"]  # stable order
    sm.delete_tags(ResourceArn=arn, TagKeys=["team", "extra"])
    assert succeeded(drive("READ", {"ModelPackageArn": arn}))["Tags"] == []  # no tags: the empty list


def test_metadata_and_approval_changed_outside_the_stack_show_up_in_read(drive, sm, group):
    created = succeeded(
        drive(
            "CREATE",
            {
                "ModelPackageGroupName": group,
                "InferenceSpecification": inference_spec(),
                "ModelApprovalStatus": "PendingManualApproval",
                "CustomerMetadataProperties": {"dataset": "weekly", "owner": "ml"},
            },
        )
    )
    arn = created["ModelPackageArn"]
    sm.update_model_package(
        ModelPackageArn=arn,
        ModelApprovalStatus="Rejected",
        CustomerMetadataProperties={"dataset": "daily", "added": "x"},
        CustomerMetadataPropertiesToRemove=["owner"],
    )
    read = succeeded(drive("READ", {"ModelPackageArn": arn}))
    assert read["ModelApprovalStatus"] == "Rejected"
    assert read["CustomerMetadataProperties"] == {"added": "x", "dataset": "daily"}
    assert list(read["CustomerMetadataProperties"]) == ["added", "dataset"]  # stable order
    assert {
        k: v
        for k, v in read.items()
        if k not in ("ModelApprovalStatus", "CustomerMetadataProperties", "LastModifiedTime", "LastModifiedBy")
    } == {
        k: v
        for k, v in created.items()
        if k not in ("ModelApprovalStatus", "CustomerMetadataProperties", "LastModifiedTime", "LastModifiedBy")
    }


def test_read_leaves_out_write_only_properties_and_containers_never_set(drive, group):
    created = succeeded(
        drive(
            "CREATE",
            {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec(), "ClientToken": "my-token"},
        )
    )
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert "ClientToken" not in read and "AdditionalInferenceSpecificationsToAdd" not in read
    assert "CustomerMetadataProperties" not in read and "Tags" not in read
    assert "AdditionalInferenceSpecifications" not in read
    assert all(value not in ({}, [], None) for value in read.values()), read


def test_read_of_a_package_that_does_not_exist_fails_not_found(drive):
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/7"
    last = drive("READ", {"ModelPackageArn": arn})[-1]
    assert (last["status"], last["errorCode"]) == ("FAILED", "NotFound")
    assert arn in last["message"]


def test_empty_values_a_template_sets_reach_sagemaker_and_come_back_from_read(drive, control, group):
    """A [] or {} the schema allows is a value: sent as it is, and READ shows it (no false drift)."""
    container = {**inference_spec()["Containers"][0], "Environment": {}, "AdditionalModelDataSources": []}
    specification = {
        **inference_spec(),
        "Containers": [container],
        "SupportedContentTypes": [],
        "SupportedResponseMIMETypes": [],
    }
    created = succeeded(drive("CREATE", {"ModelPackageGroupName": group, "InferenceSpecification": specification}))
    sent = next(params for operation, params in writes(control) if operation == "CreateModelPackage")
    assert sent["InferenceSpecification"]["Containers"][0]["AdditionalModelDataSources"] == []
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    found = read["InferenceSpecification"]
    assert found["SupportedContentTypes"] == [] and found["SupportedResponseMIMETypes"] == []
    assert found["Containers"][0]["Environment"] == {}
    assert found["Containers"][0]["AdditionalModelDataSources"] == []


def test_tags_set_to_the_empty_list_read_back_as_the_empty_list(drive):
    created = succeeded(
        drive("CREATE", {"ModelPackageName": "fraud", "InferenceSpecification": inference_spec(), "Tags": []})
    )
    assert created["Tags"] == []
    assert succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))["Tags"] == []


@pytest.mark.parametrize("version_name", ["absent", "group-name"])
def test_a_version_a_pipeline_registered_imports_with_the_examples_template(drive, control, sm, group, version_name):
    """Resource import reads the version by its ARN and holds the template against READ's answer:
    READ gives the group by its name and no ModelPackageName, whether or not SageMaker echoes the
    group's name there (ledger row 4); without its read-only properties it is a valid template;
    examples/import-registered-version.yaml, given the pipeline's values, shows no drift."""
    control.behave(version_name=version_name)
    example = lint_examples.load(lint_examples.EXAMPLES / "import-registered-version.yaml")["Resources"]
    resource = example["ModelPackage"]
    assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain")
    image, data = f"{invoke.ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn:7", "s3://models/churn/7/model.tar.gz"
    template = json.loads(
        json.dumps(resource["Properties"])
        .replace('{"Ref": "GroupName"}', json.dumps(group))
        .replace('{"Ref": "ImageUri"}', json.dumps(image))
        .replace('{"Ref": "ModelDataUrl"}', json.dumps(data))
    )
    registered = sm.create_model_package(**template, ModelApprovalStatus="Approved")["ModelPackageArn"]

    read = succeeded(drive("READ", {"ModelPackageArn": registered}))

    assert "ModelPackageName" not in read and read["ModelPackageGroupName"] == group
    as_template = {name: value for name, value in read.items() if name not in schema.top_level("readOnlyProperties")}
    check_schema(as_template)
    assert drift(template, read, Rules.from_schema(schema.load())) == []
    assert read["ModelApprovalStatus"] == "Approved"  # the pipeline's; the template leaves it to them
