"""Open questions of the fidelity ledger as switches: each alternative, driven with plain boto3, and the
two ways to choose one (``LOCAL_SAGEMAKER_<NAME>`` at start-up or reset, ``/_local/behaviours``)."""

import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import error_of

from local.sagemaker import settings
from local.sagemaker.control import ControlError


def refusal(call, **request):
    with pytest.raises(ClientError) as excinfo:
        call(**request)
    return error_of(excinfo)


SPEC = {
    "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1"}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedTransformInstanceTypes": ["ml.m5.large"],
}


def test_defaults_are_the_first_choice_of_each_open_question(control):
    assert control.behaviours() == {name: b.choices[0] for name, b in settings.BEHAVIOURS.items()}


def test_environment_chooses_at_reset(control, monkeypatch):
    monkeypatch.setenv("LOCAL_SAGEMAKER_DUPLICATE_NAME", "validation")
    control.reset()
    assert control.behaviours()["duplicate_name"] == "validation"
    monkeypatch.delenv("LOCAL_SAGEMAKER_DUPLICATE_NAME")
    control.reset()
    assert control.behaviours()["duplicate_name"] == "resource-in-use"


def test_control_api_refuses_unknown_names_and_choices(control):
    with pytest.raises(ControlError, match="unknown behaviour"):
        control.behave(no_such="x")
    with pytest.raises(ControlError, match="must be one of"):
        control.behave(duplicate_name="maybe")


@pytest.mark.parametrize(
    "choice, code", [("validation", "ValidationException"), ("resource-not-found", "ResourceNotFound")]
)
def test_row_18_missing_package_code(sm_no_retries, control, choice, code):
    control.behave(missing_package=choice)
    for call, request in [
        (sm_no_retries.describe_model_package, {"ModelPackageName": "gone"}),
        (sm_no_retries.delete_model_package, {"ModelPackageName": "gone"}),
        (
            sm_no_retries.update_model_package,
            {"ModelPackageArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/gone"},
        ),
    ]:
        got, message = refusal(call, **request)
        assert got == code and message.endswith("does not exist.")


@pytest.mark.parametrize("choice", ["first-arn", "error"])
def test_row_12_same_token_different_parameters(sm_no_retries, instant, group, choice):
    instant.control.behave(client_token_reuse=choice)
    first = sm_no_retries.create_model_package(
        ModelPackageGroupName=group, ClientToken="t", ModelApprovalStatus="Approved"
    )
    again = {"ModelPackageGroupName": group, "ClientToken": "t", "ModelApprovalStatus": "Rejected"}
    if choice == "first-arn":
        assert sm_no_retries.create_model_package(**again)["ModelPackageArn"] == first["ModelPackageArn"]
    else:
        assert refusal(sm_no_retries.create_model_package, **again)[0] == "ConflictException"
    same = {**again, "ModelApprovalStatus": "Approved"}
    assert sm_no_retries.create_model_package(**same)["ModelPackageArn"] == first["ModelPackageArn"]


@pytest.mark.parametrize("choice", ["refused", "allowed"])
def test_row_22_update_of_an_unversioned_package(sm_no_retries, instant, choice):
    instant.control.behave(update_unversioned=choice)
    arn = sm_no_retries.create_model_package(ModelPackageName="u", InferenceSpecification=SPEC)["ModelPackageArn"]
    request = {"ModelPackageArn": arn, "CustomerMetadataProperties": {"k": "v"}}
    if choice == "refused":
        assert refusal(sm_no_retries.update_model_package, **request)[0] == "ValidationException"
        assert "CustomerMetadataProperties" not in sm_no_retries.describe_model_package(ModelPackageName=arn)
    else:
        sm_no_retries.update_model_package(**request)
        assert sm_no_retries.describe_model_package(ModelPackageName=arn)["CustomerMetadataProperties"] == {"k": "v"}


@pytest.mark.parametrize("choice", ["refused", "allowed"])
def test_row_25_replacing_an_inference_specification(sm_no_retries, instant, group, choice):
    """Setting one on a package without one is allowed either way (SDK integ ``test_update_inference_specification``)."""
    instant.control.behave(replace_inference_specification=choice)
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group, SourceUri="s3://b/m.tar.gz")[
        "ModelPackageArn"
    ]
    sm_no_retries.update_model_package(ModelPackageArn=arn, InferenceSpecification=SPEC)
    sm_no_retries.update_model_package(ModelPackageArn=arn, InferenceSpecification=SPEC)
    changed = {**SPEC, "SupportedContentTypes": ["application/json"]}
    if choice == "refused":
        assert refusal(sm_no_retries.update_model_package, ModelPackageArn=arn, InferenceSpecification=changed)[0] == (
            "ValidationException"
        )
    else:
        sm_no_retries.update_model_package(ModelPackageArn=arn, InferenceSpecification=changed)
    described = sm_no_retries.describe_model_package(ModelPackageName=arn)["InferenceSpecification"]
    assert described["SupportedContentTypes"] == (["text/csv"] if choice == "refused" else ["application/json"])


@pytest.mark.parametrize("choice", ["allowed", "conflict"])
def test_row_34_deleting_an_approved_version(sm_no_retries, instant, group, choice):
    instant.control.behave(delete_approved=choice)
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group, ModelApprovalStatus="Approved")[
        "ModelPackageArn"
    ]
    if choice == "conflict":
        assert refusal(sm_no_retries.delete_model_package, ModelPackageName=arn)[0] == "ConflictException"
        sm_no_retries.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Rejected")
    sm_no_retries.delete_model_package(ModelPackageName=arn)
    assert refusal(sm_no_retries.describe_model_package, ModelPackageName=arn)[0] == "ValidationException"


@pytest.mark.parametrize("choice", ["refused", "own", "inherited"])
def test_row_8_tags_on_a_version(sm_no_retries, instant, choice):
    instant.control.behave(version_tags=choice)
    sm_no_retries.create_model_package_group(ModelPackageGroupName="g", Tags=[{"Key": "team", "Value": "ml"}])
    arn = sm_no_retries.create_model_package(ModelPackageGroupName="g")["ModelPackageArn"]
    tag = [{"Key": "k", "Value": "v"}]
    if choice == "own":
        sm_no_retries.add_tags(ResourceArn=arn, Tags=tag)
        assert sm_no_retries.list_tags(ResourceArn=arn)["Tags"] == tag
        return
    assert refusal(sm_no_retries.add_tags, ResourceArn=arn, Tags=tag)[0] == "ValidationException"
    assert refusal(sm_no_retries.delete_tags, ResourceArn=arn, TagKeys=["team"])[0] == "ValidationException"
    if choice == "refused":
        assert refusal(sm_no_retries.list_tags, ResourceArn=arn)[0] == "ValidationException"
    else:
        assert sm_no_retries.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]


@pytest.mark.parametrize("choice", ["absent", "group-name"])
def test_row_4_name_of_a_version(sm_no_retries, instant, group, choice):
    instant.control.behave(version_name=choice)
    arn = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    described = sm_no_retries.describe_model_package(ModelPackageName=arn)
    (listed,) = sm_no_retries.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    expected = {"absent": None, "group-name": group}[choice]
    assert described.get("ModelPackageName") == expected and listed.get("ModelPackageName") == expected


@pytest.mark.parametrize("by_arn", [False, True])
def test_row_46_concurrent_creates_into_one_group_conflict_by_default(sm_no_retries, instant, group, by_arn):
    """A create into a group within ``concurrent_create_seconds`` of its last version's creation is
    the concurrent one (the window is on the local clock, so ``advance`` ends it)."""
    target = (
        sm_no_retries.describe_model_package_group(ModelPackageGroupName=group)["ModelPackageGroupArn"]
        if by_arn
        else group
    )
    instant.control.configure(concurrent_create_seconds=30)
    sm_no_retries.create_model_package(ModelPackageGroupName=target)
    code, message = refusal(sm_no_retries.create_model_package, ModelPackageGroupName=target)
    assert code == "ConflictException" and group in message
    sm_no_retries.create_model_package(ModelPackageName="unversioned")  # only creates into that group conflict
    instant.control.advance(30)
    second = sm_no_retries.create_model_package(ModelPackageGroupName=target)["ModelPackageArn"]
    assert second.endswith(f"/{group}/2")  # the refused create took no version number


def test_row_46_concurrent_creates_serialised(sm_no_retries, instant, group):
    instant.control.behave(concurrent_create="serialised")
    instant.control.configure(concurrent_create_seconds=30)
    arns = [sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"] for _ in range(3)]
    assert [arn.rsplit("/", 1)[-1] for arn in arns] == ["1", "2", "3"]


def test_row_46_no_window_no_conflict(sm_no_retries, instant, group):
    assert instant.control.config()["concurrent_create_seconds"] == 0
    arns = [sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"] for _ in range(2)]
    assert [arn.rsplit("/", 1)[-1] for arn in arns] == ["1", "2"]


def test_row_46_a_retry_with_the_token_of_a_create_that_succeeded_is_no_conflict(sm_no_retries, instant, group):
    instant.control.configure(concurrent_create_seconds=30)
    first = sm_no_retries.create_model_package(ModelPackageGroupName=group, ClientToken="t")["ModelPackageArn"]
    assert sm_no_retries.create_model_package(ModelPackageGroupName=group, ClientToken="t")["ModelPackageArn"] == first
