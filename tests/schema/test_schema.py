"""The resource schema stays compatible with AWS's published one, valid, and in step with what
``cfn generate`` derives from it (models, docs, execution role)."""

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import botocore.session
import cfnlint
import pytest
from cfnlint.decode import decode_str

from aws_sagemaker_modelpackage import schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = schema.SCHEMA_PATH.resolve()  # the project's file, which cfn reads
TYPE_NAME = "AWS::SageMaker::ModelPackage"
CFN = Path(sys.executable).with_name("cfn")
MODELS = Path("src/aws_sagemaker_modelpackage/models.py")

# Published create-only properties that this provider updates in place, and why.
UPDATABLE_HERE = {
    # UpdateModelPackage accepts InferenceSpecification.
    "/properties/InferenceSpecification",
}


def _published_schema():
    """AWS's schema for the type, found by typeName because cfn-lint names its files by hash."""
    directory = Path(cfnlint.__file__).parent / "data" / "schemas" / "resources"
    for path in directory.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        if f'"{TYPE_NAME}"' in text:
            published = json.loads(text)
            if published.get("typeName") == TYPE_NAME:
                return published
    raise AssertionError(f"cfn-lint ships no schema for {TYPE_NAME}")


PUBLISHED = _published_schema()
OURS = schema.read()


def _property_types(schema):
    """Every nested property path (``/*`` for array items) with its JSON type, through ``$ref``s."""
    found = {}

    def walk(node, path, refs):
        ref = node.get("$ref")
        if ref:
            if ref not in refs:
                walk(schema["definitions"][ref.rsplit("/", 1)[-1]], path, refs | {ref})
            return
        if path:
            found.setdefault(path, set()).add(json.dumps(node.get("type")))
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{path}/{name}", refs)
        if "items" in node:
            walk(node["items"], f"{path}/*", refs)
        for keyword in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(keyword, []):
                walk(sub, path, refs)

    walk({"properties": schema["properties"]}, "", frozenset())
    return found


def test_every_published_property_path_exists_with_its_type():
    ours = _property_types(OURS)
    published = _property_types(PUBLISHED)
    missing = sorted(set(published) - set(ours))
    assert not missing, f"published property paths missing from our schema: {missing}"
    retyped = {p: (published[p], ours[p]) for p in published if published[p] != ours[p]}
    assert not retyped, f"types differ from the published schema (published, ours): {retyped}"


@pytest.mark.parametrize("key", ["readOnlyProperties", "writeOnlyProperties"])
def test_published_read_and_write_only_entries_are_kept(key):
    missing = sorted(set(PUBLISHED.get(key, [])) - set(OURS.get(key, [])))
    assert not missing, f"{key} of the published schema missing from ours: {missing}"


def test_published_create_only_entries_stay_create_only_unless_updatable_here():
    lost = set(PUBLISHED["createOnlyProperties"]) - set(OURS["createOnlyProperties"])
    assert sorted(lost - UPDATABLE_HERE) == []
    assert not UPDATABLE_HERE & set(OURS["createOnlyProperties"]), "allow-list entry is stale"


def test_api_fields_missing_from_the_published_schema_are_added():
    members = (
        botocore.session.get_session()
        .get_service_model("sagemaker")
        .operation_model("CreateModelPackage")
        .input_shape.members
    )
    expected = {"ModelLifeCycle", "ModelPackageRegistrationType", *members}
    assert sorted(expected - set(OURS["properties"])) == []


def _cfn(command, cwd):
    result = subprocess.run([str(CFN), command], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_cfn_validate_passes():
    assert "Resource schema is valid." in _cfn("validate", ROOT).stdout


def role_granting(path):
    """The role template with its policy reduced to the set of actions allowed: the committed role
    is cfn generate's, except that ``iam:PassRole`` has a statement of its own with an
    ``iam:PassedToService`` condition (tests/ecosystem/test_deploy.py checks that condition)."""
    template, errors = decode_str(path.read_text())
    assert not errors, errors
    role = template["Resources"]["ExecutionRole"]["Properties"]
    for policy in role["Policies"]:
        statements = policy["PolicyDocument"].pop("Statement")
        policy["PolicyDocument"]["Allowed"] = {
            action
            for statement in statements
            for action in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
        }
    return template


def test_cfn_generate_reproduces_the_committed_files(tmp_path):
    """What ``cfn generate`` writes is committed: regenerate in a copy and compare."""
    shutil.copy(ROOT / ".rpdk-config", tmp_path)
    shutil.copy(SCHEMA_FILE, tmp_path)
    (tmp_path / MODELS.parent).mkdir(parents=True)
    _cfn("generate", tmp_path)

    assert (tmp_path / MODELS).read_text() == (ROOT / MODELS).read_text()
    generated, committed = (role_granting(p / "resource-role.yaml") for p in (tmp_path, ROOT))
    assert generated == committed
    # docs/ also holds the pages written by hand (behaviour, deploying, fidelity, ...), which
    # cfn generate does not write; every page it writes starts with the type's name as title, so
    # a stale generated page left behind is still caught.
    docs = filecmp.dircmp(tmp_path / "docs", ROOT / "docs")
    stale = [name for name in docs.right_only if (ROOT / "docs" / name).read_text().startswith("# AWS::")]
    assert (docs.left_only, stale, docs.diff_files) == ([], [], [])


def test_the_handler_does_not_import_the_generated_models():
    """``models.py`` is kept as ``cfn generate`` writes it (above), but the handler's model is
    ``json_model.JsonModel``: importing the generated one would cost every cold start its
    dataclasses. Checked in a fresh process, where nothing else has imported it."""
    found = subprocess.run(
        [sys.executable, "-c", "import sys, aws_sagemaker_modelpackage.handlers; print(sorted(sys.modules))"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "'aws_sagemaker_modelpackage.handlers'" in found
    assert "'aws_sagemaker_modelpackage.models'" not in found
