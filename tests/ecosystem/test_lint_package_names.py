"""cfn-lint, with this project's schema registered, refuses a template that names both the
package and its group, or neither: the schema's top-level ``oneOf`` says exactly one is allowed.

A template copied from a DescribeModelPackage response of a version carries both names; the
provider refuses it at deploy time, and this is the check that catches it before. cfn-lint reports
a broken ``oneOf`` as E3018.
"""

import json
from pathlib import Path

import pytest

from aws_sagemaker_modelpackage import schema
from tools import lint_examples

TYPE_NAME = schema.type_name()
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:latest"
NAMES = {
    "both": {"ModelPackageName": "churn", "ModelPackageGroupName": "churn-models"},
    "neither": {},
    "unversioned": {"ModelPackageName": "churn"},
    "versioned": {"ModelPackageGroupName": "churn-models"},
}


def _template(directory: Path, case: str) -> Path:
    """A template of one model package with the names of ``case`` and an inference specification."""
    properties = {
        **NAMES[case],
        "InferenceSpecification": {
            "Containers": [{"Image": IMAGE}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    }
    resource = {"Type": TYPE_NAME, "Properties": properties}
    path = directory / f"{case}.json"
    path.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Package": resource}}))
    return path


@pytest.mark.parametrize("case", ["both", "neither"])
def test_both_names_or_neither_fail(tmp_path: Path, case: str) -> None:
    result = lint_examples.cfn_lint([_template(tmp_path, case)])
    assert result.returncode != 0 and "E3018" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("case", ["unversioned", "versioned"])
def test_exactly_one_name_passes(tmp_path: Path, case: str) -> None:
    result = lint_examples.cfn_lint([_template(tmp_path, case)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schemas_one_of_is_what_refuses_both(tmp_path: Path) -> None:
    """The same schema without its ``oneOf`` lets both names through: the refusal above comes from
    the ``oneOf``, not from some other rule of the schema or of cfn-lint."""
    without = schema.read()
    assert without.pop("oneOf") == [{"required": ["ModelPackageName"]}, {"required": ["ModelPackageGroupName"]}]
    result = lint_examples.cfn_lint([_template(tmp_path, "both")], resource_schema=without)
    assert result.returncode == 0, result.stdout + result.stderr
