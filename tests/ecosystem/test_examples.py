"""The example templates pass cfn-lint with this project's schema registered, and that check has
teeth: broken copies fail, and the published schema alone would reject our additions. Their
copies for the private type name are generated from them, current, and pass the same check."""

import subprocess
from pathlib import Path

import pytest

from tools import lint_examples

TEMPLATES = lint_examples.templates()


def test_every_example_passes() -> None:
    assert {t.name for t in TEMPLATES} >= {
        "unversioned.yaml",
        "versioned-in-group.yaml",
        "approval-flow.yaml",
        "additional-inference-specification.yaml",
        "approval-by-reviewer.yaml",
        "central-registry-group.yaml",
        "central-registry-version.yaml",
        "import-registered-version.yaml",
    }
    result = lint_examples.cfn_lint(TEMPLATES)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "template, old, new, rule",
    [
        pytest.param(
            "versioned-in-group.yaml",
            "ModelApprovalStatus: PendingManualApproval",
            "ModelApprovalStatus: Accepted",
            "E3030",
            id="unknown-approval-status",
        ),
        pytest.param(
            "unversioned.yaml",
            "CertifyForMarketplace: false",
            "CertifyForMarketplace: false\n      ModelPackageNickname: churn",
            "E3002",
            id="unknown-property",
        ),
        pytest.param(
            "unversioned.yaml",
            "        StageStatus: InProgress\n",
            "",
            "E3003",
            id="life-cycle-without-stage-status",
        ),
        pytest.param(
            "versioned-in-group.yaml",
            "ModelPackageRegistrationType: Registered",
            "ModelPackageRegistrationType: Archived",
            "E3030",
            id="unknown-registration-type",
        ),
    ],
)
def test_a_broken_copy_fails(tmp_path: Path, template: str, old: str, new: str, rule: str) -> None:
    text = (lint_examples.EXAMPLES / template).read_text()
    assert old in text
    broken = tmp_path / template
    broken.write_text(text.replace(old, new))
    result = lint_examples.cfn_lint([broken])
    assert result.returncode != 0 and rule in result.stdout, result.stdout + result.stderr


def test_the_private_copies_are_generated_from_the_sources_and_current() -> None:
    assert [p.name for p in lint_examples.private_templates()] == [t.name for t in TEMPLATES]
    assert lint_examples.stale_copies() == [], "run: python tools/lint_examples.py --write"
    for path in lint_examples.private_templates():
        text = path.read_text()
        # Every copy of a template with the type names the private type (central-registry-group.yaml,
        # the registry account's half of a pair, has only the group).
        named = f"Type: {lint_examples.TYPE_NAME}\n" in (lint_examples.EXAMPLES / path.name).read_text()
        assert (f"Type: {lint_examples.PRIVATE_TYPE_NAME}\n" in text) == named, path.name
        assert f"{lint_examples.TYPE_NAME}\n" not in text


def test_the_private_copies_pass() -> None:
    result = lint_examples.lint_private(lint_examples.private_templates())
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_private_copy_fails(tmp_path: Path) -> None:
    """cfn-lint alone checks no property of a private type; the check under the schema's own name
    does."""
    text = (lint_examples.PRIVATE_EXAMPLES / "unversioned.yaml").read_text()
    broken = tmp_path / "unversioned.yaml"
    broken.write_text(
        text.replace("CertifyForMarketplace: false", "CertifyForMarketplace: false\n      Nickname: churn")
    )
    assert lint_examples.cfn_lint([broken], [lint_examples.PRIVATE_TYPE_NAME]).returncode == 0
    result = lint_examples.lint_private([broken])
    assert result.returncode != 0 and "E3002" in result.stdout, result.stdout + result.stderr


def test_a_version_waits_for_the_group_of_the_same_template() -> None:
    """CloudFormation creates resources without a dependency in parallel: a version in a group of
    the same template references the group (or depends on it explicitly)."""
    for path in TEMPLATES:
        assert lint_examples.unordered_versions(lint_examples.load(path)) == [], path.name
    resources = lint_examples.load(lint_examples.EXAMPLES / "versioned-in-group.yaml")["Resources"]
    assert resources["ModelPackage"]["Properties"]["ModelPackageGroupName"] == {"Ref": "ModelPackageGroup"}
    assert "DependsOn" not in resources["ModelPackage"], "the reference alone is the dependency"


PROPERTIES = "    Properties:\n      ModelPackageGroupName: "
REFERENCE = PROPERTIES + "!Ref ModelPackageGroup\n"


@pytest.mark.parametrize(
    "new, unordered",
    [
        pytest.param(PROPERTIES + "!Ref GroupName\n", ["ModelPackage"], id="parameter"),
        pytest.param(PROPERTIES + "churn-models\n", ["ModelPackage"], id="literal-name"),
        pytest.param(
            PROPERTIES + "!Sub 'arn:${AWS::Partition}:sagemaker:${AWS::Region}:"
            "${AWS::AccountId}:model-package-group/${GroupName}'\n",
            ["ModelPackage"],
            id="arn-built-from-the-parameter",
        ),
        pytest.param(
            PROPERTIES + "!Sub ['${ModelPackageGroup}', {ModelPackageGroup: !Ref GroupName}]\n",
            ["ModelPackage"],
            id="sub-variable-not-a-resource",
        ),
        pytest.param(
            "    DependsOn: [ModelPackageGroup]\n" + PROPERTIES + "!Ref GroupName\n",
            [],
            id="parameter-with-depends-on",
        ),
        pytest.param(PROPERTIES + "!GetAtt ModelPackageGroup.ModelPackageGroupArn\n", [], id="get-att"),
        pytest.param(PROPERTIES + "!Sub '${ModelPackageGroup}'\n", [], id="sub-of-the-group"),
        pytest.param(REFERENCE, [], id="as-published"),
    ],
)
def test_the_wait_check_tells_a_plain_name_from_a_dependency(tmp_path: Path, new: str, unordered: list[str]) -> None:
    """The check above fails a version naming its group by a plain string without ``DependsOn``."""
    text = (lint_examples.EXAMPLES / "versioned-in-group.yaml").read_text()
    assert text.count(REFERENCE) == 1
    changed = tmp_path / "versioned-in-group.yaml"
    changed.write_text(text.replace(REFERENCE, new))
    assert lint_examples.unordered_versions(lint_examples.load(changed)) == unordered


def test_unversioned_packages_follow_sagemaker_rules() -> None:
    """Unversioned packages name their real-time and transform instance types and carry no
    SourceUri or ModelDataSource (SageMaker refuses them otherwise)."""
    for path in TEMPLATES:
        for resource in lint_examples.load(path)["Resources"].values():
            properties = resource.get("Properties", {})
            if resource["Type"] == lint_examples.TYPE_NAME and "ModelPackageName" in properties:
                specification = properties["InferenceSpecification"]
                assert {"SupportedRealtimeInferenceInstanceTypes", "SupportedTransformInstanceTypes"} <= set(
                    specification
                )
                assert "SourceUri" not in properties
                assert not any("ModelDataSource" in c for c in specification["Containers"])


def test_without_our_schema_the_published_one_rejects_our_additions() -> None:
    """Proves the schema registration is what the passing examples were checked against."""
    template = lint_examples.EXAMPLES / "unversioned.yaml"
    result = subprocess.run([str(lint_examples.BIN / "cfn-lint"), "--", str(template)], capture_output=True, text=True)
    assert "'ModelLifeCycle' was unexpected" in result.stdout, result.stdout + result.stderr


def test_the_shared_registry_examples_leave_approval_out_and_keep_their_versions() -> None:
    """A reviewer (or the registry account) owns approval: no ModelApprovalStatus. Versions kept as
    an audit trail are retained on delete and on replacement. The workload account's version names
    a group of another account by its ARN and creates no group to wait for."""
    for name in ("approval-by-reviewer.yaml", "central-registry-version.yaml", "import-registered-version.yaml"):
        resource = lint_examples.load(lint_examples.EXAMPLES / name)["Resources"]["ModelPackage"]
        assert "ModelApprovalStatus" not in resource["Properties"], name
    for name in ("approval-by-reviewer.yaml", "import-registered-version.yaml"):
        resource = lint_examples.load(lint_examples.EXAMPLES / name)["Resources"]["ModelPackage"]
        assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain"), name
    version = lint_examples.load(lint_examples.EXAMPLES / "central-registry-version.yaml")
    assert [r["Type"] for r in version["Resources"].values()] == [lint_examples.TYPE_NAME]
    assert version["Resources"]["ModelPackage"]["Properties"]["ModelPackageGroupName"] == {
        "Ref": "ModelPackageGroupArn"
    }
    group = lint_examples.load(lint_examples.EXAMPLES / "central-registry-group.yaml")["Resources"]["ModelPackageGroup"]
    (versions,) = [
        s for s in group["Properties"]["ModelPackageGroupPolicy"]["Statement"] if s["Sid"] == "WorkloadAccountVersions"
    ]
    assert "sagemaker:CreateModelPackage" in versions["Action"]
