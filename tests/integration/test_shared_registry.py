"""A registry shared with people and pipelines, through the real entrypoint over HTTP: a reviewer
approves a version outside the stack, a pipeline moves its stage and adds metadata, a cost tool
tags an unversioned package. Forward updates and rollbacks change only what the templates
changed; everything else stays as it is on the package, and READ shows it."""

import copy

import pytest

from tests.integration.integration_helpers import succeeded, tags_of, writes
from tests.support.templates import inference_spec, versioned

pytestmark = pytest.mark.usefixtures("instant")

STAGE = {"Stage": "staging", "StageStatus": "Approved", "StageDescription": "promoted by the pipeline"}


def reviewed(sm, arn):
    """A reviewer approves the version with a note, and a pipeline adds a key and moves its stage."""
    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="looks good")
    sm.update_model_package(ModelPackageArn=arn, CustomerMetadataProperties={"reviewer": "ana"}, ModelLifeCycle=STAGE)


def test_the_rollback_of_an_unrelated_failure_leaves_the_reviewers_approval(drive, control, sm, group):
    old = versioned(group, ModelApprovalStatus="PendingManualApproval", CustomerMetadataProperties={"k": "v1"})
    old["ModelPackageArn"] = succeeded(drive("CREATE", old))["ModelPackageArn"]
    reviewed(sm, old["ModelPackageArn"])
    failed = {**copy.deepcopy(old), "CustomerMetadataProperties": {"k": "v2"}}
    succeeded(drive("UPDATE", failed, previous=old))  # applied; another resource of the stack then failed
    before = len(writes(control))

    model = succeeded(drive("UPDATE", old, previous=failed, rollback=True))

    assert [params for _, params in writes(control)[before:]] == [
        {"ModelPackageArn": old["ModelPackageArn"], "CustomerMetadataProperties": {"k": "v1"}}
    ]
    described = sm.describe_model_package(ModelPackageName=old["ModelPackageArn"])
    assert described["ModelApprovalStatus"] == "Approved"
    assert described["ApprovalDescription"] == "looks good"
    assert described["CustomerMetadataProperties"] == {"k": "v1", "reviewer": "ana"}
    assert described["ModelLifeCycle"] == STAGE
    assert model["ModelApprovalStatus"] == "Approved" and model["ModelLifeCycle"] == STAGE


def test_the_rollback_of_an_approval_the_failed_update_made_restores_the_old_one(drive, sm, group):
    old = versioned(group, ModelApprovalStatus="PendingManualApproval")
    old["ModelPackageArn"] = succeeded(drive("CREATE", old))["ModelPackageArn"]
    failed = {**old, "ModelApprovalStatus": "Approved"}
    succeeded(drive("UPDATE", failed, previous=old))

    model = succeeded(drive("UPDATE", old, previous=failed, rollback=True))

    described = sm.describe_model_package(ModelPackageName=old["ModelPackageArn"])
    assert described["ModelApprovalStatus"] == model["ModelApprovalStatus"] == "PendingManualApproval"


def test_approval_owned_outside_the_stack_is_never_sent(drive, control, sm, group):
    """The template leaves ModelApprovalStatus out: neither a forward update nor its rollback
    sends one, and READ answers the approval the reviewer gave."""
    old = versioned(group, CustomerMetadataProperties={"k": "v1"})
    old["ModelPackageArn"] = succeeded(drive("CREATE", old))["ModelPackageArn"]
    reviewed(sm, old["ModelPackageArn"])
    new = {**old, "CustomerMetadataProperties": {"k": "v2"}}
    before = len(writes(control))

    succeeded(drive("UPDATE", new, previous=old))
    succeeded(drive("UPDATE", old, previous=new, rollback=True))
    read = succeeded(drive("READ", {"ModelPackageArn": old["ModelPackageArn"]}))

    assert not [params for _, params in writes(control)[before:] if "ModelApprovalStatus" in params]
    assert read["ModelApprovalStatus"] == "Approved"
    assert read["CustomerMetadataProperties"] == {"k": "v1", "reviewer": "ana"}


def test_tags_added_outside_the_stack_survive_forward_updates_and_rollbacks(drive, control, sm):
    old = {
        "ModelPackageName": "fraud",
        "InferenceSpecification": inference_spec(),
        "Tags": [{"Key": "team", "Value": "risk"}],
    }
    old["ModelPackageArn"] = arn = succeeded(drive("CREATE", old))["ModelPackageArn"]
    sm.add_tags(ResourceArn=arn, Tags=[{"Key": "cost-centre", "Value": "42"}])
    new = {**old, "Tags": [{"Key": "team", "Value": "fraud"}, {"Key": "tier", "Value": "gold"}]}
    before = len(control.calls())

    forward = succeeded(drive("UPDATE", new, previous=old))
    back = succeeded(drive("UPDATE", old, previous=new, rollback=True))

    assert tags_of(forward) == {"cost-centre": "42", "team": "fraud", "tier": "gold"}
    assert tags_of(back) == {"cost-centre": "42", "team": "risk"}
    forward_calls = [call["operation"] for call in control.calls()[before:]][:3]
    assert forward_calls == ["AddTags", "DescribeModelPackage", "ListTags"]  # no ListTags before the change
    live = {tag["Key"]: tag["Value"] for tag in sm.list_tags(ResourceArn=arn)["Tags"]}
    assert live == {"cost-centre": "42", "team": "risk"}
