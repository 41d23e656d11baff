"""The CDK app synthesises with aws-cdk-lib alone (no cdk CLI) and its template passes the same
cfn-lint check as the examples; stack tags stay deployment tags and never reach the version."""

import json

import pytest

from tools import lint_examples


@pytest.fixture(scope="module")
def synthesised(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("cdk.out")
    [template] = lint_examples.synth_cdk(outdir)
    return outdir, template


def test_the_template_passes_cfn_lint(synthesised):
    _, template = synthesised
    result = lint_examples.cfn_lint([template], [lint_examples.cdk_context()["typeName"]])
    assert result.returncode == 0, result.stdout + result.stderr


def test_resources_and_tags(synthesised):
    outdir, template = synthesised
    resources = json.loads(template.read_text())["Resources"]
    by_type = {r["Type"]: r["Properties"] for r in resources.values()}

    version = by_type["AWS::SageMaker::ModelPackage"]
    assert "Tags" not in version
    assert version["ModelLifeCycle"]["Stage"] == "Staging"
    assert by_type[lint_examples.cdk_context()["typeName"]]["ModelPackageName"]
    assert by_type["AWS::SageMaker::ModelPackageGroup"]["Tags"]

    manifest = json.loads((outdir / "manifest.json").read_text())
    stack_tags = manifest["artifacts"]["ModelPackages"]["properties"]["tags"]
    assert stack_tags["cost-center"] == "4711"
