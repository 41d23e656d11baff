"""The provider, through the real entrypoint, against the local SageMaker's stricter rules (evidenced
rows of the fidelity ledger) and under each answer to its open questions (``settings.BEHAVIOURS``).

Strict xfails mark what the provider must change (their reason says what); see docs/fidelity.md.
"""

import pytest
from integration_helpers import GROUP, inference_spec, live_packages, succeeded

from local import invoke

pytestmark = pytest.mark.usefixtures("instant")

GROUP_ARN = f"arn:aws:sagemaker:{invoke.REGION}:{invoke.ACCOUNT}:model-package-group/{GROUP}"


def failed(events, code):
    last = events[-1]
    assert (last["status"], last.get("errorCode")) == ("FAILED", code), last.get("message")
    return last["message"]


def version(drive, group, **properties):
    return succeeded(
        drive("CREATE", {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec(), **properties})
    )


def unversioned(drive, name="fraud", **properties):
    return succeeded(
        drive("CREATE", {"ModelPackageName": name, "InferenceSpecification": inference_spec(), **properties})
    )


def test_row_1_create_with_the_group_arn_makes_a_version_of_the_group(drive, sm, group):
    created = version(drive, GROUP_ARN)
    assert created["ModelPackageArn"] == f"{GROUP_ARN.replace('-group', '')}/1"
    assert sm.describe_model_package(ModelPackageName=created["ModelPackageArn"])["ModelPackageGroupName"] == group


@pytest.mark.xfail(
    strict=True,
    reason="provider: rows 2-3, the create model must echo ModelPackageGroupName as the template gave it (the ARN), "
    "and the schema needs a propertyTransform so drift detection accepts the name READ returns",
)
def test_row_3_create_model_matches_a_group_arn_request(drive, group):
    assert version(drive, GROUP_ARN)["ModelPackageGroupName"] == GROUP_ARN


@pytest.mark.parametrize(
    "choice",
    [
        "validation",
        pytest.param(
            "resource-not-found",
            marks=pytest.mark.xfail(
                strict=True, reason="provider: row 18, ResourceNotFound must mean gone (the delete waiter fails on it)"
            ),
        ),
    ],
)
def test_row_18_delete_waits_until_the_package_is_gone(drive, control, group, choice):
    control.behave(missing_package=choice)
    created = version(drive, group)
    assert succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]})) is None


@pytest.mark.parametrize(
    "choice",
    [
        "validation",
        pytest.param(
            "resource-not-found",
            marks=pytest.mark.xfail(strict=True, reason="provider: row 18, map ResourceNotFound to NotFound"),
        ),
    ],
)
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
@pytest.mark.xfail(
    strict=True,
    reason="provider: row 12 / note N5, a template ClientToken is re-sent unchanged by a replacement; derive the "
    "token sent from it and the request token, or refuse ClientToken as input",
)
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


@pytest.mark.parametrize(
    "choice",
    [
        "allowed",
        pytest.param(
            "conflict",
            marks=pytest.mark.xfail(
                strict=True,
                reason="provider: row 34, a stack delete of an Approved version fails ResourceConflict if SageMaker "
                "refuses it; the provider would have to withdraw the approval first",
            ),
        ),
    ],
)
def test_row_34_delete_of_an_approved_version(drive, control, group, choice):
    control.behave(delete_approved=choice)
    created = version(drive, group, ModelApprovalStatus="Approved")
    succeeded(drive("DELETE", {"ModelPackageArn": created["ModelPackageArn"]}))


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


@pytest.mark.xfail(
    strict=True,
    reason="provider: row 30, send a model card's new status and new content in separate UpdateModelPackage calls",
)
def test_row_30_card_content_and_status_changed_together_succeeds(drive, group):
    created = version(drive, group, ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Draft"})
    desired = {**created, "ModelCard": {"ModelCardContent": '{"a": 1}', "ModelCardStatus": "PendingReview"}}
    succeeded(drive("UPDATE", desired, previous=created))


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


@pytest.mark.xfail(
    strict=True,
    reason="provider: row 42, an update whose template omits the ImageDigest SageMaker filled in must not send "
    "InferenceSpecification (spurious UpdateModelPackage, refused for unversioned packages under row 22's default)",
)
def test_row_42_update_from_a_model_with_a_filled_image_digest_sends_no_inference_specification(drive, control):
    created = unversioned(drive)
    desired = {**created, "InferenceSpecification": inference_spec(), "Tags": [{"Key": "team", "Value": "risk"}]}
    succeeded(drive("UPDATE", desired, previous=created))
    assert "UpdateModelPackage" not in control.operations()
