"""Least privilege: every SageMaker call a handler makes in a set of scenarios that reaches every
handler and its failure paths is declared in that handler's ``permissions`` in the schema and in
``resource-role.yaml``, and every declared permission is either called or explained."""

from pathlib import Path

import pytest
import yaml

from aws_sagemaker_modelpackage import schema
from tests.reliability.call_recorder import OUTSIDE, recording
from tests.reliability.reliability_support import drive
from tests.support.templates import GROUP, spec, unversioned, versioned

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = schema.read()


# Declared permissions the provider never calls itself, each with its reason (docs/reliability.md, "Declared
# permissions no test exercises"): SageMaker uses them with the caller's credentials while it
# handles the request, so the local SageMaker never checks them.
_IMAGES_DATA_KEYS = {
    "ecr:BatchGetImage": "SageMaker reads the inference and validation images",
    "ecr:DescribeImages": "SageMaker reads the inference and validation images",
    "s3:GetObject": "model data, metrics, baselines, sample payloads",
    "s3:ListBucket": "model data, metrics, baselines, sample payloads",
    "kms:CreateGrant": "SecurityConfig.KmsKeyId encryption of the package and its model card",
    "kms:DescribeKey": "SecurityConfig.KmsKeyId encryption of the package and its model card",
    "kms:GenerateDataKey": "SecurityConfig.KmsKeyId encryption of the package and its model card",
    "kms:Decrypt": "the full DescribeModelPackage answer of a package encrypted with a customer key",
}
NOT_CALLED_BY_THE_PROVIDER = {
    **{
        (action, permission): reason
        for action in ("create", "update")
        for permission, reason in _IMAGES_DATA_KEYS.items()
    },
    ("create", "iam:PassRole"): "ValidationSpecification.ValidationRole is passed to SageMaker",
    ("create", "sagemaker:AddTags"): "tags go with CreateModelPackage, which SageMaker authorises as AddTags too",
    ("read", "kms:Decrypt"): _IMAGES_DATA_KEYS["kms:Decrypt"],
}


def declared():
    return {action: set(handler["permissions"]) for action, handler in SCHEMA["handlers"].items()}


def role_actions():
    role = yaml.safe_load((ROOT / "resource-role.yaml").read_text(encoding="utf-8"))
    statements = role["Resources"]["ExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    return {action for statement in statements for action in statement["Action"]}


def _scenarios(server, sm):
    sm.create_model_package_group(ModelPackageGroupName=GROUP)
    stack_tags = {"env": "dev"}
    created = drive(
        server,
        "CREATE",
        unversioned("lp", Tags=[{"Key": "a", "Value": "1"}]),
        stack_tags=stack_tags,
    )[-1]
    assert created["status"] == "SUCCESS", created
    arn = created["resourceModel"]["ModelPackageArn"]
    previous = unversioned("lp", Tags=[{"Key": "a", "Value": "1"}], ModelPackageArn=arn)
    desired = dict(
        previous,
        Tags=[{"Key": "b", "Value": "2"}],
        CustomerMetadataProperties={"k": "v"},
        AdditionalInferenceSpecifications=[spec("gpu")],
    )
    assert (
        drive(server, "UPDATE", desired, previous=previous, stack_tags=stack_tags, previous_stack_tags=stack_tags)[-1][
            "status"
        ]
        == "SUCCESS"
    )
    assert drive(server, "READ", {"ModelPackageArn": arn})[-1]["status"] == "SUCCESS"

    # SourceUri is set by an update right after the create (SageMaker refuses it on unversioned packages).
    version = drive(server, "CREATE", versioned(SourceUri="s3://m/src"), stack_tags=stack_tags, request_token="lp-v")[
        -1
    ]
    assert version["status"] == "SUCCESS", version
    v_arn = version["resourceModel"]["ModelPackageArn"]
    assert (
        drive(
            server,
            "UPDATE",
            versioned(ModelApprovalStatus="Approved", ModelPackageArn=v_arn),
            previous=versioned(ModelPackageArn=v_arn),
        )[-1]["status"]
        == "SUCCESS"
    )
    assert drive(server, "READ", {"ModelPackageArn": v_arn})[-1]["status"] == "SUCCESS"
    assert drive(server, "LIST", {})[-1]["status"] == "SUCCESS"
    assert drive(server, "LIST", {"ModelPackageGroupName": GROUP})[-1]["status"] == "SUCCESS"

    # a create that fails after the package exists: the handler deletes what it made
    server.control.fail_matching("lp-failing", validation_reasons=["image not found"])
    failed = drive(server, "CREATE", unversioned("lp-failing"), request_token="lp-f")[-1]
    assert failed["errorCode"] == "NotStabilized", failed
    # an unversioned name already taken
    taken = drive(server, "CREATE", unversioned("lp"), request_token="lp-taken")[-1]
    assert taken["errorCode"] == "AlreadyExists", taken

    for target in (arn, v_arn):
        assert drive(server, "DELETE", {"ModelPackageArn": target})[-1]["status"] == "SUCCESS"
    # an Approved version SageMaker refuses to delete (ledger row 34): the approval is withdrawn first
    server.control.behave(delete_approved="conflict")
    approved = drive(server, "CREATE", versioned(ModelApprovalStatus="Approved"), request_token="lp-a")[-1]
    assert (
        drive(server, "DELETE", {"ModelPackageArn": approved["resourceModel"]["ModelPackageArn"]})[-1]["status"]
        == "SUCCESS"
    )
    server.control.behave(delete_approved="allowed")
    assert drive(server, "DELETE", {"ModelPackageArn": arn})[-1]["errorCode"] == "NotFound"


@pytest.fixture
def calls(monkeypatch):
    with recording(monkeypatch) as recorded:
        yield recorded


def test_every_call_a_handler_makes_is_declared(server, sm, calls, record_property):
    _scenarios(server, sm)

    permissions, role = declared(), role_actions()
    used = {}
    for action, permission in calls:
        used.setdefault(action.lower(), set()).add(permission)
    assert OUTSIDE.lower() not in used, used
    assert set(used) == {"create", "read", "update", "delete", "list"}
    missing = {
        action: sorted(calls - permissions[action]) for action, calls in used.items() if calls - permissions[action]
    }
    assert missing == {}, f"calls made but not in handlers.<action>.permissions: {missing}"
    not_in_role = sorted(set().union(*used.values()) - role)
    assert not_in_role == [], f"calls made but not in resource-role.yaml: {not_in_role}"
    assert set().union(*permissions.values()) <= role, "the role lacks a declared permission"

    unexercised = {action: sorted(permissions[action] - used.get(action, set())) for action in permissions}
    unexplained = {
        action: [permission for permission in names if (action, permission) not in NOT_CALLED_BY_THE_PROVIDER]
        for action, names in unexercised.items()
    }
    assert unexplained == {action: [] for action in permissions}, "declared but neither called nor explained"
    record_property(
        "permissions_exercised",
        {
            "calls_recorded": sum(calls.values()),
            "used": {action: sorted(names) for action, names in sorted(used.items())},
            "declared_but_not_called_by_the_handler": unexercised,
        },
    )
