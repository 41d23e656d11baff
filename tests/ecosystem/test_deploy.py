"""The registration templates: plain cfn-lint passes, and the execution roles grant exactly the
schema's handler permissions (derived from the schema, so a permission added there fails here
until the roles follow), with ``iam:PassRole`` only towards SageMaker."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import decode_str

from aws_sagemaker_modelpackage import schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = schema.read()
DEPLOY = sorted((ROOT / "deploy").glob("*.yaml"))
ROLE_TEMPLATES = [ROOT / "deploy" / "registration.yaml", ROOT / "resource-role.yaml"]
CFN_LINT = Path(sys.executable).parent / "cfn-lint"


def load(path: Path) -> Any:
    template, errors = decode_str(path.read_text())
    assert not errors, errors
    return template


def statements(template: Any) -> list[Any]:
    """Every statement of the execution role's inline policies."""
    role = template["Resources"]["ExecutionRole"]["Properties"]
    return [s for policy in role["Policies"] for s in policy["PolicyDocument"]["Statement"]]


def actions(statement: Any) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)


def schema_permissions() -> set[str]:
    return {p for handler in SCHEMA["handlers"].values() for p in handler.get("permissions", [])}


def test_plain_cfn_lint_passes() -> None:
    assert {p.name for p in DEPLOY} >= {"registration.yaml", "stackset.yaml"}
    result = subprocess.run(
        [str(CFN_LINT), "--", *map(str, DEPLOY), str(ROOT / "resource-role.yaml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ROLE_TEMPLATES, ids=lambda p: p.name)
def test_the_role_grants_exactly_the_handler_permissions(path: Path) -> None:
    granted = [a for s in statements(load(path)) if s["Effect"] == "Allow" for a in actions(s)]
    assert len(granted) == len(set(granted)), "an action is granted twice"
    assert set(granted) == schema_permissions()
    assert not [a for a in granted if "*" in a]


@pytest.mark.parametrize("path", ROLE_TEMPLATES, ids=lambda p: p.name)
def test_pass_role_only_to_sagemaker(path: Path) -> None:
    [statement] = [s for s in statements(load(path)) if "iam:PassRole" in actions(s)]
    assert actions(statement) == ["iam:PassRole"], "the condition must apply to PassRole alone"
    assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}


def test_the_role_is_assumable_only_by_cloudformation_for_this_type() -> None:
    [trust] = load(ROLE_TEMPLATES[0])["Resources"]["ExecutionRole"]["Properties"]["AssumeRolePolicyDocument"][
        "Statement"
    ]
    assert trust["Principal"] == {"Service": "resources.cloudformation.amazonaws.com"}
    assert trust["Condition"]["StringEquals"]["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    source_arn = trust["Condition"]["StringLike"]["aws:SourceArn"]["Fn::Sub"][0]
    assert source_arn.endswith(":type/resource/${Name}/*")


def test_the_version_logs_and_becomes_the_default() -> None:
    resources = load(ROLE_TEMPLATES[0])["Resources"]
    version = resources["ResourceVersion"]["Properties"]
    assert version["ExecutionRoleArn"] == {"Fn::GetAtt": ["ExecutionRole", "Arn"]}
    assert version["LoggingConfig"] == {
        "LogGroupName": {"Ref": "LogGroup"},
        "LogRoleArn": {"Fn::GetAtt": ["LoggingRole", "Arn"]},
    }
    assert resources["LogGroup"]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionInDays"}
    assert resources["DefaultVersion"]["Properties"]["TypeVersionArn"] == {"Ref": "ResourceVersion"}


def test_the_stack_set_rolls_the_registration_out_to_the_organisation() -> None:
    template = load(ROOT / "deploy" / "stackset.yaml")
    stack_set = template["Resources"]["Registration"]["Properties"]
    assert stack_set["PermissionModel"] == "SERVICE_MANAGED"
    assert stack_set["AutoDeployment"]["Enabled"] is True
    registration_parameters = set(load(ROLE_TEMPLATES[0])["Parameters"])
    passed = {p["ParameterKey"] for p in stack_set["Parameters"]}
    assert passed <= registration_parameters
    required = {k for k, v in load(ROLE_TEMPLATES[0])["Parameters"].items() if "Default" not in v}
    assert required <= passed
