"""UPDATE through the real entrypoint: only what changed goes on the wire, nothing when nothing did."""

import pytest

from aws_sagemaker_modelpackage import schema
from tests.integration.integration_helpers import succeeded, tags_of, writes
from tests.roundtrip.drift import Rules, drift
from tests.support.templates import inference_spec, spec

pytestmark = pytest.mark.usefixtures("instant")
DRIFT_RULES = Rules.from_schema(schema.load())


VERSION_TEMPLATE = {
    "InferenceSpecification": inference_spec(),
    "ModelApprovalStatus": "PendingManualApproval",
    "CustomerMetadataProperties": {"dataset": "weekly"},
    "AdditionalInferenceSpecifications": [spec("json"), spec("csv", "text/csv")],
}


@pytest.fixture
def version(drive, group):
    """A Completed version with metadata and two additional inference specifications."""
    return succeeded(
        drive("CREATE", {"ModelPackageGroupName": group, **VERSION_TEMPLATE}, stack_tags={"project": "churn"})
    )


@pytest.fixture
def template(version, group):
    """The properties CloudFormation holds for ``version``: the template's, plus its identifier."""
    return {"ModelPackageGroupName": group, **VERSION_TEMPLATE, "ModelPackageArn": version["ModelPackageArn"]}


@pytest.fixture
def package(drive):
    """A Completed unversioned package with resource and stack tags."""
    return succeeded(
        drive(
            "CREATE",
            {
                "ModelPackageName": "fraud",
                "InferenceSpecification": inference_spec(),
                "Tags": [{"Key": "team", "Value": "risk"}],
            },
            stack_tags={"project": "fraud"},
        )
    )


def writes_since(control, count):
    return writes(control)[count:]


def test_update_with_nothing_changed_sends_no_write(drive, control, version, template):
    before = len(writes(control))
    events = drive(
        "UPDATE",
        dict(template),
        previous=dict(template),
        stack_tags={"project": "churn"},
        previous_stack_tags={"project": "churn"},
    )
    updated = succeeded(events)
    assert writes_since(control, before) == []
    assert updated == version


def test_update_from_the_read_model_with_nothing_changed_sends_no_write(drive, control, version):
    before = len(writes(control))
    updated = succeeded(drive("UPDATE", dict(version), previous=dict(version)))
    assert writes_since(control, before) == []
    assert updated == version


def test_update_of_an_unversioned_package_with_nothing_changed_sends_no_write(drive, control, package):
    before = len(writes(control))
    updated = succeeded(
        drive(
            "UPDATE",
            dict(package),
            previous=dict(package),
            stack_tags={"project": "fraud"},
            previous_stack_tags={"project": "fraud"},
        )
    )
    assert writes_since(control, before) == []
    assert tags_of(updated) == {"team": "risk", "project": "fraud"}


def test_removing_an_additional_inference_specification_fails_invalid_request_without_a_write(
    drive, control, sm, template
):
    before = len(writes(control))
    desired = {
        **template,
        "AdditionalInferenceSpecifications": [spec("json")],
        "ModelApprovalStatus": "Approved",
    }
    events = drive("UPDATE", desired, previous=template)
    assert len(events) == 1
    assert (events[0]["status"], events[0]["errorCode"]) == ("FAILED", "InvalidRequest")
    assert "AdditionalInferenceSpecifications" in events[0]["message"] and "csv" in events[0]["message"]
    assert writes_since(control, before) == []
    described = sm.describe_model_package(ModelPackageName=template["ModelPackageArn"])
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
    assert sorted(s["Name"] for s in described["AdditionalInferenceSpecifications"]) == ["csv", "json"]


def test_only_new_additional_inference_specifications_are_sent(drive, control, sm, template):
    before = len(writes(control))
    desired = {
        **template,
        "AdditionalInferenceSpecificationsToAdd": [spec("parquet", "application/x-parquet")],
    }
    updated = succeeded(drive("UPDATE", desired, previous=template))
    sent = writes_since(control, before)
    assert [op for op, _ in sent] == ["UpdateModelPackage"]
    assert [s["Name"] for s in sent[0][1]["AdditionalInferenceSpecificationsToAdd"]] == ["parquet"]
    assert set(sent[0][1]) == {"ModelPackageArn", "AdditionalInferenceSpecificationsToAdd"}
    assert sorted(s["Name"] for s in updated["AdditionalInferenceSpecifications"]) == ["csv", "json", "parquet"]


def test_a_specification_to_add_that_is_already_on_the_package_is_not_added_again(drive, control, sm, template):
    arn = template["ModelPackageArn"]
    sm.update_model_package(
        ModelPackageArn=arn,
        AdditionalInferenceSpecificationsToAdd=[spec("parquet", "application/x-parquet")],
    )
    before = len(writes(control))
    desired = {
        **template,
        "AdditionalInferenceSpecificationsToAdd": [spec("parquet", "application/x-parquet")],
        "ApprovalDescription": "checked",
    }
    updated = succeeded(drive("UPDATE", desired, previous=template))
    sent = writes_since(control, before)
    assert sent and all(op == "UpdateModelPackage" for op, _ in sent)
    # The update that went through asked for the description only (SageMaker refuses a name twice).
    assert sent[-1][1] == {"ModelPackageArn": arn, "ApprovalDescription": "checked"}
    assert updated["ApprovalDescription"] == "checked"
    names = [s["Name"] for s in sm.describe_model_package(ModelPackageName=arn)["AdditionalInferenceSpecifications"]]
    assert sorted(names) == ["csv", "json", "parquet"]


def test_tag_changes_of_an_unversioned_package_are_add_and_delete_tags(drive, control, sm, package):
    arn = package["ModelPackageArn"]
    before = len(writes(control))
    desired = {**package, "Tags": [{"Key": "tier", "Value": "gold"}]}
    updated = succeeded(
        drive(
            "UPDATE",
            desired,
            previous=package,
            stack_tags={"project": "fraud-v2"},
            previous_stack_tags={"project": "fraud"},
        )
    )
    assert tags_of(updated) == {"tier": "gold", "project": "fraud-v2"}
    sent = dict(writes_since(control, before))
    assert set(sent) == {"AddTags", "DeleteTags"}
    assert sent["DeleteTags"]["TagKeys"] == ["team"]
    assert sorted(t["Key"] for t in sent["AddTags"]["Tags"]) == ["project", "tier"]
    assert {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]} == {
        "tier": "gold",
        "project": "fraud-v2",
    }


def test_update_of_a_package_that_is_gone_fails_not_found(drive, control, sm, template):
    arn = template["ModelPackageArn"]
    sm.delete_model_package(ModelPackageName=arn)
    control.advance(60)
    desired = {**template, "ModelApprovalStatus": "Approved"}
    last = drive("UPDATE", desired, previous=template)[-1]
    assert (last["status"], last["errorCode"]) == ("FAILED", "NotFound")
    assert arn in last["message"]


def test_new_content_for_an_additional_specification_fails_invalid_request_naming_it_without_a_write(
    drive, control, sm, template
):
    """SageMaker cannot change a specification it has: never SUCCESS with nothing applied."""
    before = len(writes(control))
    changed = {**spec("csv", "text/csv"), "SupportedContentTypes": ["application/json"]}
    desired = {**template, "AdditionalInferenceSpecifications": [spec("json"), changed]}
    last = drive("UPDATE", desired, previous=template)[-1]
    assert (last["status"], last["errorCode"]) == ("FAILED", "InvalidRequest")
    assert last["message"].startswith("AdditionalInferenceSpecifications: csv already exists with other content")
    assert writes_since(control, before) == []
    described = sm.describe_model_package(ModelPackageName=template["ModelPackageArn"])
    csv = next(s for s in described["AdditionalInferenceSpecifications"] if s["Name"] == "csv")
    assert csv["SupportedContentTypes"] == ["text/csv"]


def test_a_specification_declared_in_both_lists_is_added_once_and_reads_back_in_sync(drive, control, template):
    parquet = spec("parquet", "application/x-parquet")
    desired = {
        **template,
        "AdditionalInferenceSpecifications": [*template["AdditionalInferenceSpecifications"], parquet],
        "AdditionalInferenceSpecificationsToAdd": [parquet],
    }
    before = len(writes(control))
    succeeded(drive("UPDATE", desired, previous=template))
    sent = writes_since(control, before)
    assert [[s["Name"] for s in params["AdditionalInferenceSpecificationsToAdd"]] for _, params in sent] == [
        ["parquet"]
    ]
    read = succeeded(drive("READ", {"ModelPackageArn": template["ModelPackageArn"]}))
    assert drift(desired, read, DRIFT_RULES) == []


def test_a_specification_given_only_in_the_to_add_list_shows_as_drift_of_the_declared_list(drive, template):
    """The documented rule (docs/behaviour.md, "Behaviour worth knowing"): READ returns every specification
    under AdditionalInferenceSpecifications, and ...ToAdd is write-only, so CloudFormation sees
    one the declared list lacks: drift that is true of the package."""
    parquet = spec("parquet", "application/x-parquet")
    desired = {**template, "AdditionalInferenceSpecificationsToAdd": [parquet]}
    succeeded(drive("UPDATE", desired, previous=template))
    read = succeeded(drive("READ", {"ModelPackageArn": template["ModelPackageArn"]}))
    found = drift(desired, read, DRIFT_RULES)
    assert [(d.kind, d.actual["Name"]) for d in found] == [("ADD", "parquet")]
