"""Full life cycles through the real entrypoint: CREATE, READ, UPDATE, LIST, DELETE."""

from tests.integration.integration_helpers import live_packages, succeeded, tags_of, writes
from tests.support.templates import inference_spec, spec


def test_unversioned_package_with_tags_through_its_whole_life(drive, control, sm):
    stack_tags = {"project": "fraud", "aws:cloudformation:stack-name": "local-stack"}
    desired = {
        "ModelPackageName": "fraud-model",
        "ModelPackageDescription": "Fraud model",
        "InferenceSpecification": inference_spec(),
        "CertifyForMarketplace": False,
        "Tags": [{"Key": "team", "Value": "risk"}],
    }
    events = drive("CREATE", desired, stack_tags=stack_tags)
    assert [e["status"] for e in events[:-1]] == ["IN_PROGRESS"] * (len(events) - 1) and len(events) > 1
    created = succeeded(events)
    arn = created["ModelPackageArn"]
    assert arn == "arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud-model"
    assert created["ModelPackageName"] == "fraud-model"
    assert created["ModelPackageStatus"] == "Completed"
    assert tags_of(created) == {"team": "risk", "project": "fraud"}
    sent_tags = [t["Key"] for op, params in writes(control) for t in params.get("Tags") or ()]
    assert sorted(sent_tags) == ["project", "team"]  # CloudFormation's aws: tags are never sent
    assert "ClientToken" not in created

    read = succeeded(drive("READ", {"ModelPackageArn": arn}))
    assert read == created

    desired_after = {
        **desired,
        "ModelPackageArn": arn,
        "Tags": [{"Key": "team", "Value": "risk-platform"}, {"Key": "tier", "Value": "gold"}],
        "CustomerMetadataProperties": {"review": "q3"},
    }
    updated = succeeded(
        drive(
            "UPDATE",
            desired_after,
            previous=created,
            stack_tags={"project": "fraud"},
            previous_stack_tags={"project": "fraud"},
        )
    )
    assert tags_of(updated) == {"team": "risk-platform", "tier": "gold", "project": "fraud"}
    assert updated["CustomerMetadataProperties"] == {"review": "q3"}
    on_service = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}
    assert on_service == {"team": "risk-platform", "tier": "gold", "project": "fraud"}

    listed = succeeded_list(drive("LIST", {}))
    assert arn in listed

    deleted = drive("DELETE", {"ModelPackageArn": arn}, previous=updated)
    assert [e["status"] for e in deleted] == ["IN_PROGRESS"] * (len(deleted) - 1) + ["SUCCESS"]
    assert len(deleted) > 1  # waited while SageMaker said Deleting
    assert not deleted[-1].get("resourceModel")
    assert [op for op, _ in writes(control)].count("DeleteModelPackage") == 1
    assert arn not in live_packages(sm)
    gone = drive("READ", {"ModelPackageArn": arn})[-1]
    assert (gone["status"], gone["errorCode"]) == ("FAILED", "NotFound")


def test_versioned_package_in_a_group_through_its_whole_life(drive, control, sm, group):
    desired = {
        "ModelPackageGroupName": group,
        "InferenceSpecification": inference_spec(),
        "ModelApprovalStatus": "PendingManualApproval",
        "CustomerMetadataProperties": {"dataset": "weekly", "owner": "ml"},
    }
    created = succeeded(drive("CREATE", desired))
    arn = created["ModelPackageArn"]
    assert arn == f"arn:aws:sagemaker:us-east-1:123456789012:model-package/{group}/1"
    assert created["ModelPackageVersion"] == 1
    assert created["ModelPackageGroupName"] == group
    assert "ModelPackageName" not in created  # the group's name is not echoed as the package's
    assert created["ModelApprovalStatus"] == "PendingManualApproval"
    assert "Tags" not in created  # a version's tags are its group's

    assert succeeded(drive("READ", {"ModelPackageArn": arn})) == created

    desired_after = {
        **created,
        "ModelApprovalStatus": "Approved",
        "ApprovalDescription": "AUC 0.91",
        "CustomerMetadataProperties": {"dataset": "weekly", "auc": "0.91"},
        "AdditionalInferenceSpecificationsToAdd": [spec("json")],
    }
    control_calls_before = len(control.calls())
    updated = succeeded(drive("UPDATE", desired_after, previous=created))
    assert updated["ModelApprovalStatus"] == "Approved"
    assert updated["ApprovalDescription"] == "AUC 0.91"
    assert updated["CustomerMetadataProperties"] == {"auc": "0.91", "dataset": "weekly"}
    assert [s["Name"] for s in updated["AdditionalInferenceSpecifications"]] == ["json"]
    assert "AdditionalInferenceSpecificationsToAdd" not in updated  # write-only
    update_calls = [
        c["params"] for c in control.calls()[control_calls_before:] if c["operation"] == "UpdateModelPackage"
    ]
    assert len(update_calls) == 1
    assert update_calls[0]["CustomerMetadataPropertiesToRemove"] == ["owner"]
    assert update_calls[0]["CustomerMetadataProperties"] == {"auc": "0.91"}  # only what changed

    described = sm.describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == "Approved"

    # A second version in the group, and one unversioned package elsewhere: the filter holds.
    second = succeeded(
        drive(
            "CREATE",
            {"ModelPackageGroupName": group, "InferenceSpecification": inference_spec()},
            request_token="00000000-0000-4000-8000-000000000002",
        )
    )
    other = succeeded(
        drive(
            "CREATE",
            {"ModelPackageName": "elsewhere", "InferenceSpecification": inference_spec()},
            request_token="00000000-0000-4000-8000-000000000003",
        )
    )
    in_group = succeeded_list(drive("LIST", {"ModelPackageGroupName": group}))
    assert sorted(in_group) == sorted([arn, second["ModelPackageArn"]])
    assert other["ModelPackageArn"] not in in_group
    everything = succeeded_list(drive("LIST", {}))
    assert set(everything) == {arn, second["ModelPackageArn"], other["ModelPackageArn"]}

    deleted = drive("DELETE", {"ModelPackageArn": arn}, previous=updated)
    assert deleted[-1]["status"] == "SUCCESS"
    assert ("DeleteModelPackage", {"ModelPackageName": arn}) in writes(control)
    assert live_packages(sm, ModelPackageGroupName=group) == [second["ModelPackageArn"]]


def test_delete_of_a_package_already_gone_answers_not_found_at_once(drive, control):
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/never-created"
    events = drive("DELETE", {"ModelPackageArn": arn})
    assert len(events) == 1
    assert (events[0]["status"], events[0]["errorCode"]) == ("FAILED", "NotFound")
    assert "never-created" in events[0]["message"]


def test_list_passes_the_next_token_through(drive, sm):
    for number in range(101):
        sm.create_model_package(ModelPackageName=f"p{number:03d}")
    first = drive("LIST", {})[-1]
    assert first["status"] == "SUCCESS" and first.get("nextToken")
    second = drive("LIST", {}, next_token=first["nextToken"])[-1]
    arns = [m["ModelPackageArn"] for m in first["resourceModels"] + second["resourceModels"]]
    assert len(arns) == len(set(arns)) == 101
    assert all(set(m) >= {"ModelPackageArn"} for m in first["resourceModels"])


def succeeded_list(events):
    last = events[-1]
    assert last["status"] == "SUCCESS", (last.get("errorCode"), last.get("message"))
    return [model["ModelPackageArn"] for model in last["resourceModels"]]
