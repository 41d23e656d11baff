"""UPDATE through the real entrypoint over HTTP, as callers other than a forward stack update
make it: a stack rollback (``"rollback": true`` at the top of the payload) and Cloud Control's
update without a previous state. The local SageMaker's strict answers to rows 22 and 25 are on
here (an unversioned package refuses UpdateModelPackage; another inference specification is
refused once a package has one), the side where a wrong plan shows."""

import copy

import pytest

from tests.integration.integration_helpers import succeeded, tags_of, writes
from tests.support.templates import inference_spec, spec

pytestmark = pytest.mark.usefixtures("instant")

CARD_DRAFT = {"ModelCardContent": '{"v": 1}', "ModelCardStatus": "Draft"}


@pytest.fixture(autouse=True)
def strict(control):
    control.behave(update_unversioned="refused", replace_inference_specification="refused")


def version_template(group):
    return {
        "ModelPackageGroupName": group,
        "InferenceSpecification": inference_spec(),
        "ModelApprovalStatus": "PendingManualApproval",
        "AdditionalInferenceSpecifications": [spec("a")],
        "ModelCard": dict(CARD_DRAFT),
    }


@pytest.fixture
def updated(drive, group):
    """A version, then a forward update that SageMaker applied and that no rollback can fully
    undo: a second additional specification, the card archived with new content (content first,
    then status), an approval with its description and a metadata key. Returns (old template,
    failed template), each with the identifier, as CloudFormation holds them."""
    old = version_template(group)
    arn = succeeded(drive("CREATE", old))["ModelPackageArn"]
    old["ModelPackageArn"] = arn
    new = copy.deepcopy(old)
    new["AdditionalInferenceSpecifications"].append(spec("b", "text/csv"))
    new["ModelCard"] = {"ModelCardContent": '{"v": 2}', "ModelCardStatus": "Archived"}
    new.update(ModelApprovalStatus="Approved", ApprovalDescription="ok", CustomerMetadataProperties={"k": "v"})
    succeeded(drive("UPDATE", new, previous=old))
    return old, new


def test_the_same_undo_without_the_rollback_flag_fails_before_any_write(drive, control, updated):
    old, new = updated
    before = len(writes(control))

    last = drive("UPDATE", old, previous=new)[-1]

    assert last["status"] == "FAILED" and last["errorCode"] == "InvalidRequest", last
    assert "b cannot be removed" in last["message"]
    assert writes(control)[before:] == []


def test_a_rollback_undoes_what_it_can_keeps_the_rest_and_read_tells_the_truth(drive, control, sm, updated, caplog):
    old, new = updated
    before = len(writes(control))

    with caplog.at_level("INFO", logger="aws_sagemaker_modelpackage"):
        model = succeeded(drive("UPDATE", old, previous=new, rollback=True))

    # Undone: the approval and the metadata key, in one call.
    assert [params for _, params in writes(control)[before:]] == [
        {
            "ModelPackageArn": old["ModelPackageArn"],
            "ModelApprovalStatus": "PendingManualApproval",
            "CustomerMetadataPropertiesToRemove": ["k"],
        }
    ]
    kept = sorted(r.getMessage().split(": rollback: ")[1] for r in caplog.records if ": rollback: " in r.getMessage())
    assert [line.split(":")[0] for line in kept] == [
        "AdditionalInferenceSpecifications b",
        "ApprovalDescription",
        "ModelCard",
    ]
    described = sm.describe_model_package(ModelPackageName=old["ModelPackageArn"])
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
    assert "CustomerMetadataProperties" not in described or described["CustomerMetadataProperties"] == {}
    # The leftovers, as READ and the returned model give them: drift shows them.
    read = succeeded(drive("READ", {"ModelPackageArn": old["ModelPackageArn"]}))
    for found in (model, read):
        assert [s["Name"] for s in found["AdditionalInferenceSpecifications"]] == ["a", "b"]
        assert found["ModelCard"] == new["ModelCard"]
        assert found["ApprovalDescription"] == "ok"


def test_a_rollback_of_a_source_set_by_the_failed_update_keeps_it(drive, control, group, caplog):
    old = {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()}
    old["ModelPackageArn"] = succeeded(drive("CREATE", old))["ModelPackageArn"]
    new = {**old, "SourceUri": "s3://models-bucket/churn/src.tar.gz"}
    succeeded(drive("UPDATE", new, previous=old))
    before = len(writes(control))

    with caplog.at_level("INFO", logger="aws_sagemaker_modelpackage"):
        model = succeeded(drive("UPDATE", old, previous=new, rollback=True))

    assert writes(control)[before:] == []
    assert model["SourceUri"] == new["SourceUri"]
    assert any("SourceUri: kept as it is" in r.getMessage() for r in caplog.records)


# --- Cloud Control: no previous state ----------------------------------------------------


def test_an_update_without_a_previous_state_sends_only_what_differs_from_the_package(drive, control, group):
    created = succeeded(drive("CREATE", version_template(group)))
    desired = {**created, "ModelApprovalStatus": "Approved"}  # READ's output with a patch applied
    before = len(writes(control))

    model = succeeded(drive("UPDATE", desired))

    assert [params for _, params in writes(control)[before:]] == [
        {"ModelPackageArn": created["ModelPackageArn"], "ModelApprovalStatus": "Approved"}
    ]
    assert model["ModelApprovalStatus"] == "Approved"


def test_a_tag_change_without_a_previous_state_on_an_unversioned_package_makes_only_tag_calls(drive, control):
    tagged = {
        "ModelPackageName": "fraud",
        "InferenceSpecification": inference_spec(),
        "Tags": [{"Key": "team", "Value": "risk"}],
    }
    created = succeeded(drive("CREATE", tagged))
    desired = {**created, "Tags": [{"Key": "team", "Value": "fraud"}, {"Key": "tier", "Value": "gold"}]}
    before = len(writes(control))

    model = succeeded(drive("UPDATE", desired))

    assert [operation for operation, _ in writes(control)[before:]] == ["AddTags"]
    assert tags_of(model) == {"team": "fraud", "tier": "gold"}


def test_an_update_without_a_previous_state_and_without_changes_sends_no_write(drive, control, group):
    created = succeeded(drive("CREATE", version_template(group)))
    before = len(writes(control))

    succeeded(drive("UPDATE", dict(created)))

    assert writes(control)[before:] == []
