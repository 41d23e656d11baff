"""Cloud Control's create, read and patch of every kind of change the provider updates in place,
each run with READ's output as the previous state and with none; every READ model is checked
against the schema as a whole and for write-only properties (``checked``)."""

import pytest

from local.cloudcontrol import CloudControlError
from tests.cloudcontrol.cloudcontrol_helpers import checked, example
from tests.integration.integration_helpers import tags_of, writes

ARN = "ModelPackageArn"


@pytest.fixture
def version(cloud, group):
    return checked(cloud.create_resource(example("version.json")))


@pytest.fixture
def unversioned(cloud):
    return checked(cloud.create_resource(example("unversioned.json")))


def patched(cloud, model, patch):
    """UpdateResource with ``patch``; its answer is what GetResource then reads."""
    updated = checked(cloud.update_resource(model[ARN], patch))
    assert checked(cloud.get_resource(model[ARN])) == updated
    return updated


def names(model):
    return [spec["Name"] for spec in model.get("AdditionalInferenceSpecifications") or ()]


def test_create_then_read(cloud, version, unversioned):
    for model, desired in ((version, example("version.json")), (unversioned, example("unversioned.json"))):
        assert checked(cloud.get_resource(model[ARN])) == model
        assert model["ModelPackageDescription"] == desired["ModelPackageDescription"]


def test_tags_changed_and_added(cloud, unversioned, sm):
    model = patched(cloud, unversioned, example("patch-tags.json"))
    assert tags_of(model) == {"team": "risk", "cost-center": "4711"}
    assert tags_of(sm.list_tags(ResourceArn=model[ARN])) == {"team": "risk", "cost-center": "4711"}


def test_tags_removed(cloud, unversioned, sm):
    model = patched(cloud, unversioned, [{"op": "remove", "path": "/Tags"}])
    assert tags_of(model) == {}
    assert sm.list_tags(ResourceArn=model[ARN])["Tags"] == []


def test_approval(cloud, version, sm):
    model = patched(cloud, version, example("patch-approve.json"))
    assert (model["ModelApprovalStatus"], model["ApprovalDescription"]) == (
        "Approved",
        "Offline AUC 0.91 on the June hold-out",
    )
    assert sm.describe_model_package(ModelPackageName=model[ARN])["ModelApprovalStatus"] == "Approved"


def test_metadata_keys_removed_and_added(cloud, version, sm):
    model = patched(cloud, version, example("patch-metadata.json"))
    expected = {"training-data": "s3://example-data/churn/2024-06", "evaluation": "auc-0.91"}
    assert model["CustomerMetadataProperties"] == expected
    assert sm.describe_model_package(ModelPackageName=model[ARN])["CustomerMetadataProperties"] == expected


def test_model_card_status_then_content(cloud, version, sm):
    model = patched(cloud, version, example("patch-model-card.json"))
    assert model["ModelCard"]["ModelCardStatus"] == "PendingReview"
    content = '{"model_overview": {"model_description": "Churn model, June data"}}'
    model = patched(cloud, model, [{"op": "replace", "path": "/ModelCard/ModelCardContent", "value": content}])
    assert model["ModelCard"] == {"ModelCardContent": content, "ModelCardStatus": "PendingReview"}
    live = sm.describe_model_package(ModelPackageName=model[ARN])["ModelCard"]
    assert (live["ModelCardContent"], live["ModelCardStatus"]) == (content, "PendingReview")


def test_life_cycle(cloud, version, sm):
    model = patched(cloud, version, example("patch-life-cycle.json"))
    expected = {"Stage": "Production", "StageStatus": "Approved", "StageDescription": "Promoted after review"}
    assert model["ModelLifeCycle"] == expected
    assert sm.describe_model_package(ModelPackageName=model[ARN])["ModelLifeCycle"] == expected


def test_additional_specifications_added_while_to_add_is_resent_unchanged(cloud, group, control):
    """awscc and Pulumi re-add every write-only property that is not create-only on every
    update: AdditionalInferenceSpecificationsToAdd arrives again with a specification the
    package already has, next to the list growing and to unrelated changes."""
    gpu = {**example("version.json")["AdditionalInferenceSpecifications"][0], "Name": "gpu"}
    created = checked(
        cloud.create_resource({**example("version.json"), "AdditionalInferenceSpecificationsToAdd": [gpu]})
    )
    assert names(created) == ["json", "gpu"]
    resent = [{"op": "add", "path": "/AdditionalInferenceSpecificationsToAdd", "value": [gpu]}]
    model = patched(cloud, created, example("patch-additional-specification.json") + resent)
    assert names(model) == ["json", "gpu", "batch"]
    before = len(writes(control))
    model = patched(cloud, model, example("patch-metadata.json") + resent)
    assert names(model) == ["json", "gpu", "batch"]
    assert [
        operation
        for operation, params in writes(control)[before:]
        if "AdditionalInferenceSpecificationsToAdd" in params
    ] == []


@pytest.mark.parametrize("kind", ["version", "unversioned"])
def test_an_empty_patch_makes_no_write_call(cloud, kind, request, control):
    """awscc sends [] when nothing differs (awscc #1963)."""
    model = request.getfixturevalue(kind)
    before = len(writes(control))
    assert checked(cloud.update_resource(model[ARN], [])) == model
    assert writes(control)[before:] == []


def test_a_patch_breaking_the_schema_is_refused_before_any_write(cloud, version, control):
    before = len(writes(control))
    with pytest.raises(CloudControlError) as refused:
        cloud.update_resource(version[ARN], [{"op": "replace", "path": "/ModelApprovalStatus", "value": "Accepted"}])
    assert refused.value.code == "ValidationException"
    assert "#/ModelApprovalStatus" in refused.value.message
    assert writes(control)[before:] == []


def test_a_patch_of_a_create_only_property_reaches_nothing(cloud, version, control):
    before = len(control.calls())
    with pytest.raises(CloudControlError) as refused:
        cloud.update_resource(version[ARN], [{"op": "replace", "path": "/ModelPackageDescription", "value": "new"}])
    assert refused.value.code == "NotUpdatableException"
    assert control.calls()[before:] == []


def test_the_latest_approved_version_through_list_resources(cloud, group, sm, control):
    """docs/cloudcontrol.md's recipe: ListResources with the group and the approval, every page,
    then the newest by CreationTime (client-side, whatever order Cloud Control keeps)."""
    made = []
    for approval in ("Approved", "Approved", "Rejected", "PendingManualApproval"):
        made.append(cloud.create_resource({**example("version.json"), "ModelApprovalStatus": approval}))
        control.advance(1)
    selected = {"ModelPackageGroupName": group, "ModelApprovalStatus": "Approved"}

    listed = cloud.list_resources(selected)

    assert [model[ARN] for model in listed] == [made[1][ARN], made[0][ARN]]  # the handler's order: newest first
    latest = max(listed, key=lambda model: model["CreationTime"])
    assert latest[ARN] == made[1][ARN] and latest["ModelPackageVersion"] == 2
