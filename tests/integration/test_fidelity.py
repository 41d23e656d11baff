"""The provider, through the real entrypoint, against the local SageMaker's stricter rules (evidenced
rows of the fidelity ledger) and under each answer to its open questions (``settings.BEHAVIOURS``);
see docs/fidelity.md.
"""

import pytest

from local import invoke
from tests.integration.integration_helpers import live_packages, succeeded, writes
from tests.support import templates
from tests.support.templates import GROUP, inference_spec

pytestmark = pytest.mark.usefixtures("instant")

GROUP_ARN = f"arn:aws:sagemaker:{invoke.REGION}:{invoke.ACCOUNT}:model-package-group/{GROUP}"


def failed(events, code):
    last = events[-1]
    assert (last["status"], last.get("errorCode")) == ("FAILED", code), last.get("message")
    return last["message"]


def version(drive, group, **properties):
    return succeeded(drive("CREATE", templates.versioned(group, **properties)))


def unversioned(drive, name="fraud", **properties):
    return succeeded(drive("CREATE", templates.unversioned(name, **properties)))


def test_row_1_create_with_the_group_arn_makes_a_version_of_the_group(drive, sm, group):
    created = version(drive, GROUP_ARN)
    assert created["ModelPackageArn"] == f"{GROUP_ARN.replace('-group', '')}/1"
    assert sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["ModelPackageGroupName"] == group


def test_rows_2_3_group_arn_is_echoed_on_create_and_update_and_read_by_arn_answers_the_name(drive, sm, group):
    created = version(drive, GROUP_ARN, ModelPackageDescription="first")
    assert created["ModelPackageGroupName"] == GROUP_ARN
    updated = succeeded(drive("UPDATE", {**created, "ModelApprovalStatus": "Approved"}, previous=created))
    assert updated["ModelPackageGroupName"] == GROUP_ARN
    assert sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["ModelApprovalStatus"] == "Approved"
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert read["ModelPackageGroupName"] == group
    assert succeeded(drive("READ", created))["ModelPackageGroupName"] == GROUP_ARN  # given the model, as cfn test does
    assert succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]})) is None
    assert live_packages(sm) == []


def test_rows_2_3_an_arn_naming_another_group_is_not_echoed(drive, group):
    created = version(drive, group)
    other = GROUP_ARN.replace(group, "other-group")
    read = succeeded(drive("READ", {**created, "ModelPackageGroupName": other}))
    assert read["ModelPackageGroupName"] == group


@pytest.mark.parametrize("choice", ["validation", "resource-not-found"])
def test_row_18_delete_waits_until_the_package_is_gone(drive, control, group, choice):
    control.behave(missing_package=choice)
    created = version(drive, group)
    assert succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]})) is None


@pytest.mark.parametrize("choice", ["validation", "resource-not-found"])
@pytest.mark.parametrize("action", ["READ", "DELETE"])
def test_row_18_missing_package_is_not_found(drive, control, choice, action):
    control.behave(missing_package=choice)
    arn = f"arn:aws:sagemaker:{invoke.REGION}:{invoke.ACCOUNT}:model-package/gone"
    failed(drive(action, {"ModelPackageArn": arn}), "NotFound")


@pytest.mark.parametrize("choice", ["resource-in-use", "validation"])
def test_row_20_taken_name_is_already_exists(drive, control, choice):
    control.behave(duplicate_name=choice)
    unversioned(drive)
    again = {"ModelPackageName": "fraud", "InferenceSpecification": inference_spec()}
    failed(drive("CREATE", again, request_token="00000000-0000-4000-8000-000000000002"), "AlreadyExists")


@pytest.mark.parametrize("choice", ["first-arn", "error"])
def test_row_12_replacement_with_the_same_template_client_token_is_a_new_package(drive, control, group, choice):
    control.behave(client_token_reuse=choice)
    first = version(drive, group, ClientToken="release-1", ModelPackageDescription="first")
    replacement = drive(
        "CREATE",
        {
            "ModelPackageGroupName": group,
            "InferenceSpecification": inference_spec(),
            "ClientToken": "release-1",
            "ModelPackageDescription": "second",
        },
        request_token="00000000-0000-4000-8000-000000000002",
    )
    assert succeeded(replacement)["ModelPackageArn"] != first["ModelPackageArn"]


@pytest.mark.parametrize("choice", ["first-arn", "error"])
def test_row_12_a_retried_create_with_a_template_client_token_stays_exactly_once(drive, control, sm, group, choice):
    """The same request sent again (a lost answer: no callback context) finds the package it made."""
    control.behave(client_token_reuse=choice)
    properties = {"ClientToken": "release-1", "ModelPackageDescription": "first"}
    first = version(drive, group, **properties)
    again = version(drive, group, **properties)
    assert again["ModelPackageArn"] == first["ModelPackageArn"]
    assert len(live_packages(sm)) == 1


@pytest.mark.parametrize("choice", ["refused", "allowed"])
def test_row_22_update_of_an_unversioned_package(drive, control, sm, choice):
    control.behave(update_unversioned=choice)
    created = unversioned(drive)
    desired = {**created, "CustomerMetadataProperties": {"review": "q3"}}
    events = drive("UPDATE", desired, previous=created)
    metadata = sm.describe_model_package(ModelPackageName="fraud").get("CustomerMetadataProperties")
    if choice == "allowed":
        assert succeeded(events)["CustomerMetadataProperties"] == {"review": "q3"} == metadata
    else:
        assert "UpdateModelPackage" in failed(events, "InvalidRequest") and metadata is None


@pytest.mark.parametrize("choice", ["refused", "allowed"])
def test_row_25_update_replacing_the_inference_specification(drive, control, sm, group, choice):
    control.behave(replace_inference_specification=choice)
    created = version(drive, group)
    desired = {**created, "InferenceSpecification": inference_spec("application/json")}
    events = drive("UPDATE", desired, previous=created)
    described = sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["InferenceSpecification"]
    if choice == "allowed":
        succeeded(events)
        assert described["SupportedContentTypes"] == ["application/json"]
    else:
        failed(events, "InvalidRequest")
        assert described["SupportedContentTypes"] == ["text/csv"]


@pytest.mark.parametrize("choice", ["allowed", "conflict"])
def test_row_34_delete_of_an_approved_version(drive, control, sm, group, choice):
    """Refused (``conflict``): the approval is withdrawn (Rejected), then the delete sent again;
    allowed: nothing but the delete."""
    control.behave(delete_approved=choice)
    created = version(drive, group, ModelApprovalStatus="Approved")
    succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert live_packages(sm) == []
    withdrawn = [params for operation, params in writes(control) if operation == "UpdateModelPackage"]
    expected = {"ModelPackageArn": created["ModelPackageArn"], "ModelApprovalStatus": "Rejected"}
    assert withdrawn == ([expected] if choice == "conflict" else [])


def test_row_34_a_version_refused_for_another_conflict_is_not_withdrawn(drive, control, sm, group):
    """Only an Approved version's refusal withdraws anything."""
    control.behave(delete_approved="conflict")
    created = version(drive, group, ModelApprovalStatus="PendingManualApproval")
    succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert [operation for operation, _ in writes(control)] == ["CreateModelPackage", "DeleteModelPackage"]


@pytest.mark.parametrize("choice", ["refused", "own", "inherited"])
def test_row_8_version_life_cycle_whatever_tag_calls_on_versions_do(drive, control, sm, group, choice):
    control.behave(version_tags=choice)
    created = version(drive, group)
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    succeeded(drive("UPDATE", {**read, "ModelApprovalStatus": "Approved"}, previous=read))
    succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert live_packages(sm) == []


@pytest.mark.parametrize("choice", ["absent", "group-name"])
def test_row_4_read_of_a_version_whatever_describe_says_its_name_is(drive, control, group, choice):
    control.behave(version_name=choice)
    created = version(drive, group)
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert read["ModelPackageGroupName"] == group and "ModelPackageName" not in read
    listed = succeeded(drive("LIST", {}))
    assert listed is None or "ModelPackageName" not in listed


def test_row_30_card_status_change_alone_succeeds(drive, sm, group):
    created = version(drive, group, ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Draft"})
    desired = {**created, "ModelCard": {"ModelCardContent": "{}", "ModelCardStatus": "PendingReview"}}
    succeeded(drive("UPDATE", desired, previous=created))
    described = sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["ModelCard"]
    assert described["ModelCardStatus"] == "PendingReview"


def test_row_30_card_content_and_status_changed_together_succeeds(drive, control, sm, group):
    created = version(drive, group, ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Draft"})
    desired = {**created, "ModelCard": {"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Archived"}}
    succeeded(drive("UPDATE", desired, previous=created))
    described = sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["ModelCard"]
    assert described == desired["ModelCard"]
    sent = [params["ModelCard"] for operation, params in writes(control) if operation == "UpdateModelPackage"]
    assert sent == [{"ModelCardContent": '{"a": 1}'}, {"ModelCardStatus": "Archived"}]


def test_row_30_status_change_alone_never_resends_the_content(drive, control, group):
    created = version(drive, group, ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Draft"})
    desired = {**created, "ModelCard": {"ModelCardContent": "{}", "ModelCardStatus": "Archived"}}
    succeeded(drive("UPDATE", desired, previous=created))
    sent = [params["ModelCard"] for operation, params in writes(control) if operation == "UpdateModelPackage"]
    assert sent == [{"ModelCardStatus": "Archived"}]


def test_row_29_new_content_for_an_archived_card_fails_before_any_call(drive, control, group):
    created = version(drive, group, ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Archived"})
    desired = {**created, "ModelCard": {"ModelCardContent": '{"a": 1}', "ModelCardStatus": "Archived"}}
    assert "Archived" in failed(drive("UPDATE", desired, previous=created), "InvalidRequest")
    assert "UpdateModelPackage" not in control.operations()


@pytest.mark.parametrize(
    "properties",
    [
        {"SourceUri": "s3://models-bucket/churn/model.tar.gz"},
        {"InferenceSpecification": {**inference_spec(), "SupportedTransformInstanceTypes": []}},
    ],
    ids=["row-27-source-uri", "row-28-instance-types"],
)
def test_rows_27_28_unversioned_refusals_fail_invalid_request_leaving_nothing(drive, sm, properties):
    failed(drive("CREATE", {"ModelPackageName": "fraud", **properties}), "InvalidRequest")
    assert live_packages(sm) == []


@pytest.mark.parametrize(
    ("properties", "named"),
    [
        ({"SourceUri": "s3://models-bucket/churn/model.tar.gz"}, "SourceUri"),
        (
            {"InferenceSpecification": {**inference_spec(), "SupportedTransformInstanceTypes": []}},
            "InferenceSpecification/SupportedTransformInstanceTypes",
        ),
    ],
    ids=["row-27-source-uri", "row-28-instance-types"],
)
def test_rows_27_28_unversioned_refusals_happen_before_any_call(drive, control, properties, named):
    message = failed(drive("CREATE", {"ModelPackageName": "fraud", **properties}), "InvalidRequest")
    assert message.startswith(named)
    assert "CreateModelPackage" not in control.operations()


def test_row_44_additional_s3_data_source_fails_invalid_request(drive, sm, group):
    container = {
        **inference_spec()["Containers"][0],
        "AdditionalS3DataSource": {"S3DataType": "S3Object", "S3Uri": "s3://models-bucket/extra.tar.gz"},
    }
    specification = {**inference_spec(), "Containers": [container]}
    properties = {"ModelPackageGroupName": group, "InferenceSpecification": specification}
    assert "AdditionalS3DataSource" in failed(drive("CREATE", properties), "InvalidRequest")
    assert live_packages(sm) == []


def test_row_42_read_carries_the_image_digest_sagemaker_fills_in(drive, group):
    created = version(drive, group)
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert read["InferenceSpecification"]["Containers"][0]["ImageDigest"].startswith("sha256:")


def test_row_42_update_from_a_model_with_a_filled_image_digest_sends_no_inference_specification(drive, control):
    created = unversioned(drive)
    desired = {**created, "InferenceSpecification": inference_spec(), "Tags": [{"Key": "team", "Value": "risk"}]}
    succeeded(drive("UPDATE", desired, previous=created))
    assert "UpdateModelPackage" not in control.operations()
