"""examples/cloudcontrol/: each desired state is valid against the schema as a whole, and so is
each patch applied to the state it is written for; the check has teeth (the oneOf, a \\p{..}
pattern, an unknown property, a patch of a create-only or read-only property)."""

import pytest

from local.cloudcontrol import CloudControlError, apply_patch, check_patch, schema_errors
from tests.cloudcontrol.cloudcontrol_helpers import EXAMPLES, example

# patch -> the desired state it is written for
PATCHES = {
    "patch-tags.json": "unversioned.json",
    "patch-approve.json": "version.json",
    "patch-metadata.json": "version.json",
    "patch-model-card.json": "version.json",
    "patch-life-cycle.json": "version.json",
    "patch-additional-specification.json": "version.json",
}


def test_every_example_is_listed():
    desired = {"unversioned.json", "version.json"}
    assert {path.name for path in EXAMPLES.glob("*.json")} == desired | set(PATCHES)


@pytest.mark.parametrize("name", ["unversioned.json", "version.json"])
def test_desired_states_are_valid(name):
    assert schema_errors(example(name)) == []


@pytest.mark.parametrize("patch, desired", PATCHES.items())
def test_patches_are_accepted_and_keep_the_state_valid(patch, desired):
    check_patch(example(patch))
    patched = apply_patch(example(desired), example(patch))
    assert patched != example(desired)
    assert schema_errors(patched) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        pytest.param({"ModelPackageName": "churn"}, "is valid under each of", id="both-names-break-oneOf"),
        pytest.param({"ModelPackageNickname": "churn"}, "extraneous key", id="unknown-property"),
        pytest.param({"ModelApprovalStatus": "Accepted"}, "is not one of", id="enum"),
        pytest.param({"CustomerMetadataProperties": {"key!": "v"}}, "extraneous key", id="pattern-property"),
    ],
)
def test_the_schema_check_has_teeth(change, expected):
    problems = schema_errors({**example("version.json"), **change})
    assert any(expected in problem for problem in problems), problems


def test_a_java_unicode_class_is_applied():
    """Tag keys are \\p{L}\\p{Z}\\p{N}_.:/=+-@: a letter with an accent passes, a combining mark
    alone (\\p{M}) does not."""
    assert schema_errors({**example("unversioned.json"), "Tags": [{"Key": "équipe", "Value": "ml"}]}) == []
    assert schema_errors({**example("unversioned.json"), "Tags": [{"Key": "a\u0301", "Value": "ml"}]}) != []


@pytest.mark.parametrize(
    "patch, code",
    [
        ([{"op": "replace", "path": "/ModelPackageGroupName", "value": "other"}], "NotUpdatableException"),
        ([{"op": "add", "path": "/MetadataProperties/CommitId", "value": "abc"}], "NotUpdatableException"),
        ([{"op": "replace", "path": "/ModelPackageStatus", "value": "Completed"}], "ValidationException"),
        ([{"op": "move", "from": "/ModelPackageArn", "path": "/ApprovalDescription"}], "ValidationException"),
        ([{"op": "replace", "path": "ModelPackageName", "value": "other"}], "NotUpdatableException"),
    ],
    ids=["create-only", "inside-create-only", "read-only", "move-from-read-only", "no-leading-slash"],
)
def test_patches_of_fixed_properties_are_refused(patch, code):
    with pytest.raises(CloudControlError) as refused:
        check_patch(patch)
    assert refused.value.code == code
    assert "Invalid patch update" in refused.value.message


def test_a_test_operation_on_a_fixed_property_is_no_change():
    check_patch([{"op": "test", "path": "/ModelPackageGroupName", "value": "churn-models"}])
