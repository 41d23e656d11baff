"""The example templates pass cfn-lint with this project's schema registered, and that check has
teeth: broken copies fail, and the published schema alone would reject our additions."""

import subprocess

import pytest

from tools import lint_examples

TEMPLATES = lint_examples.templates()


def test_every_example_passes():
    assert {t.name for t in TEMPLATES} >= {
        "unversioned.yaml",
        "versioned-in-group.yaml",
        "approval-flow.yaml",
        "additional-inference-specification.yaml",
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
def test_a_broken_copy_fails(tmp_path, template, old, new, rule):
    text = (lint_examples.EXAMPLES / template).read_text()
    assert old in text
    broken = tmp_path / template
    broken.write_text(text.replace(old, new))
    result = lint_examples.cfn_lint([broken])
    assert result.returncode != 0 and rule in result.stdout, result.stdout + result.stderr


def test_without_our_schema_the_published_one_rejects_our_additions():
    """Proves the schema registration is what the passing examples were checked against."""
    template = lint_examples.EXAMPLES / "unversioned.yaml"
    result = subprocess.run([str(lint_examples.BIN / "cfn-lint"), "--", str(template)], capture_output=True, text=True)
    assert "'ModelLifeCycle' was unexpected" in result.stdout, result.stdout + result.stderr
