"""A central model registry: the group and its resource policy in the registry account
(123456789012, the tests' own), the versions created from a workload account's stack by the
group's ARN, through the real entrypoint over HTTP with the workload account's credentials (an
assumed role, which the local SageMaker places in its own account). Fidelity ledger row 54: how
SageMaker refuses what the policy does not allow is an open question, played under both answers."""

import json
import re

import pytest

from aws_sagemaker_modelpackage import schema
from local import invoke
from tests.integration.integration_helpers import succeeded
from tests.roundtrip.drift import Rules, drift
from tests.support.templates import inference_spec
from tools import lint_examples

pytestmark = pytest.mark.usefixtures("instant")

WORKLOAD = "222222222222"
# What the registry account lets the workload account do with the group's versions (the
# SageMaker Developer Guide's cross-account policy, with the delete a stack needs).
ALLOWED = [
    "sagemaker:CreateModelPackage",
    "sagemaker:DescribeModelPackage",
    "sagemaker:UpdateModelPackage",
    "sagemaker:DeleteModelPackage",
    "sagemaker:ListModelPackages",
]


@pytest.fixture
def central(sm):
    """The registry account's group: its ARN."""
    return sm.create_model_package_group(ModelPackageGroupName="central")["ModelPackageGroupArn"]


def share(sm, group_arn, actions):
    versions = group_arn.replace(":model-package-group/", ":model-package/") + "/*"
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{WORKLOAD}:root"},
        "Action": actions,
        "Resource": versions,
    }
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    sm.put_model_package_group_policy(ModelPackageGroupName="central", ResourcePolicy=policy)


@pytest.fixture
def from_workload(drive, server):
    """``drive`` as the workload account's stack: its account and its role's credentials."""
    made = server.credentials_in(WORKLOAD)
    credentials = {
        "accessKeyId": made["AccessKeyId"],
        "secretAccessKey": made["SecretAccessKey"],
        "sessionToken": made["SessionToken"],
    }
    stack = invoke.STACK_ID.replace(invoke.ACCOUNT, WORKLOAD)

    def run(action, properties=None, **event_args):
        return drive(action, properties, account=WORKLOAD, credentials=credentials, stack_id=stack, **event_args)

    return run


def test_a_version_created_by_the_groups_arn_from_a_workload_account(from_workload, sm, central, control):
    share(sm, central, ALLOWED)
    template = {"ModelPackageGroupName": central, "InferenceSpecification": inference_spec()}

    created = succeeded(from_workload("CREATE", template))
    arn = created["ModelPackageArn"]
    assert arn == f"arn:aws:sagemaker:us-east-1:{invoke.ACCOUNT}:model-package/central/1"
    assert created["ModelPackageGroupName"] == central  # as the template gave it

    read = succeeded(from_workload("READ", {"ModelPackageArn": arn}))
    assert read["ModelPackageGroupName"] == "central"
    assert drift(template, read, Rules.from_schema(schema.load())) == []  # the propertyTransform

    desired = {**template, "ModelPackageArn": arn, "ModelApprovalStatus": "Approved"}
    updated = succeeded(from_workload("UPDATE", desired, previous={**template, "ModelPackageArn": arn}))
    assert updated["ModelApprovalStatus"] == "Approved"
    assert sm.describe_model_package(ModelPackageName=arn)["ModelApprovalStatus"] == "Approved"

    listed = from_workload("LIST", {"ModelPackageGroupName": central, "ModelApprovalStatus": "Approved"})[-1]
    assert [model["ModelPackageArn"] for model in listed["resourceModels"]] == [arn]

    control.behave(delete_approved="allowed")
    assert from_workload("DELETE", {"ModelPackageArn": arn})[-1]["status"] == "SUCCESS"
    assert sm.list_model_packages(ModelPackageGroupName="central")["ModelPackageSummaryList"] == []


@pytest.mark.parametrize(
    "answer, code",
    [("does-not-exist", "InvalidRequest"), ("access-denied", "AccessDenied")],
)
@pytest.mark.parametrize("policy", [None, ["sagemaker:DescribeModelPackage"]], ids=["no-policy", "reads-only"])
def test_a_create_the_groups_policy_denies_fails_in_one_invocation(
    from_workload, sm, central, control, answer, code, policy
):
    control.behave(cross_account_denied=answer)
    if policy:
        share(sm, central, policy)

    events = from_workload("CREATE", {"ModelPackageGroupName": central, "InferenceSpecification": inference_spec()})

    assert len(events) == 1, [event["status"] for event in events]  # no wait for the group
    (failed,) = events
    assert (failed["status"], failed["errorCode"]) == ("FAILED", code)
    message = failed["message"]
    assert "the group's resource policy" in message and "sagemaker:CreateModelPackage" in message
    assert f"account {invoke.ACCOUNT}, not in this account ({WORKLOAD})" in message
    assert "DependsOn" not in message
    assert sm.list_model_packages(ModelPackageGroupName="central")["ModelPackageSummaryList"] == []


def resolved(value, names):
    """A template's value with ``Ref`` and ``Fn::Sub`` replaced from ``names`` (what
    CloudFormation would pass for these parameters and pseudo parameters)."""
    if isinstance(value, list):
        return [resolved(item, names) for item in value]
    if not isinstance(value, dict):
        return value
    if "Ref" in value:
        return names[value["Ref"]]
    if "Fn::Sub" in value:
        return re.sub(r"\$\{([^}]+)\}", lambda match: names[match.group(1)], value["Fn::Sub"])
    return {key: resolved(item, names) for key, item in value.items()}


def test_the_example_pair_registers_a_version_across_accounts(from_workload, sm):
    """examples/central-registry-group.yaml in the registry account, then
    examples/central-registry-version.yaml in the workload account, as CloudFormation would
    pass their properties."""
    pseudo = {"AWS::Partition": "aws", "AWS::Region": invoke.REGION}
    group = lint_examples.load(lint_examples.EXAMPLES / "central-registry-group.yaml")["Resources"]
    given = resolved(
        group["ModelPackageGroup"]["Properties"],
        {**pseudo, "AWS::AccountId": invoke.ACCOUNT, "GroupName": "churn-models", "WorkloadAccountId": WORKLOAD},
    )
    group_arn = sm.create_model_package_group(ModelPackageGroupName=given["ModelPackageGroupName"])[
        "ModelPackageGroupArn"
    ]
    sm.put_model_package_group_policy(
        ModelPackageGroupName="churn-models", ResourcePolicy=json.dumps(given["ModelPackageGroupPolicy"])
    )
    version = lint_examples.load(lint_examples.EXAMPLES / "central-registry-version.yaml")["Resources"]
    names = {
        **pseudo,
        "AWS::AccountId": WORKLOAD,
        "ModelPackageGroupArn": group_arn,
        "ImageUri": f"{invoke.ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        "ModelDataUrl": "s3://models/churn/model.tar.gz",
    }
    template = resolved(version["ModelPackage"]["Properties"], names)

    arn = succeeded(from_workload("CREATE", template))["ModelPackageArn"]

    assert arn.startswith(f"arn:aws:sagemaker:us-east-1:{invoke.ACCOUNT}:model-package/churn-models/")
    read = succeeded(from_workload("READ", {"ModelPackageArn": arn}))
    assert read["CustomerMetadataProperties"] == {"trained-in": WORKLOAD}
    assert from_workload("DELETE", {"ModelPackageArn": arn})[-1]["status"] == "SUCCESS"
