"""The typed CDK construct generated from the schema (``make cdk``: json2jsii and a CfnResource
subclass in TypeScript, jsii-srcmak for the other languages), and the CDK apps that use it for
the private type, in Python and TypeScript: a misspelt or mistyped property fails when the app is
compiled or type-checked, and each synthesised template passes the same cfn-lint check as the
example templates, without an AWS account."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import cdk, lint_examples

PRIVATE = lint_examples.PRIVATE_TYPE_NAME
MODULE = cdk.python_module(PRIVATE)


@pytest.fixture(scope="module")
def typescript_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The construct in TypeScript, as ``make cdk LANGUAGE=typescript`` writes it."""
    return cdk.generate(PRIVATE, "typescript", tmp_path_factory.mktemp("typescript"))


@pytest.fixture(scope="module")
def python_construct(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder jsii-srcmak wrote the Python construct (and its wheel) into."""
    return lint_examples.construct_path(tmp_path_factory.mktemp("python"))


@pytest.fixture(scope="module")
def typescript_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    [template] = lint_examples.synth_cdk_typescript(tmp_path_factory.mktemp("cdk.out"))
    return template


@pytest.fixture(scope="module")
def python_template(tmp_path_factory: pytest.TempPathFactory, python_construct: Path) -> Path:
    [template] = lint_examples.synth_cdk(tmp_path_factory.mktemp("cdk.out"), python_construct)
    return template


def camel(name: str) -> str:
    """json2jsii's field name for a schema property: ``SupportedResponseMIMETypes`` ->
    ``supportedResponseMimeTypes`` (a run of capitals is one word)."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*", name)
    return words[0].lower() + "".join(word.capitalize() for word in words[1:])


def test_the_typescript_construct_mirrors_the_schema(typescript_source: Path) -> None:
    text = typescript_source.read_text()
    assert typescript_source.name == "acme-sagemaker-modelpackage.ts"
    assert "export class CfnModelPackage extends cdk.CfnResource {" in text
    assert f"public static readonly CFN_RESOURCE_TYPE_NAME = '{PRIVATE}';" in text
    schema = cdk.private_schema(PRIVATE)
    read_only = {pointer.rsplit("/", 1)[1] for pointer in schema["readOnlyProperties"]}
    props = text.split("export interface CfnModelPackageProps {", 1)[1].split("\n}\n", 1)[0]
    for name in schema["properties"]:
        field = f"readonly {camel(name)}?:"
        assert (field not in props) if name in read_only else (field in props), name
    for name in read_only - {"ModelPackageStatusDetails"}:  # an object: no attribute, as in cdk-import
        assert f"this.attr{name} = cdk.Token.as" in text, name
    assert "readonly supportedResponseMimeTypes?: string[];" in text  # optional, as in botocore
    assert "readonly customerMetadataProperties?: { [key: string]: string };" in text
    assert "export enum ModelApprovalStatus {" in text


def test_tsc_refuses_a_misspelt_and_a_mistyped_property(tmp_path: Path) -> None:
    """Two small apps beside the example, each with one mistake: tsc fails, naming each file and
    the property."""
    app = lint_examples.typescript_workspace(tmp_path)
    good = "inferenceSpecification: { containers: [{ image: 'i' }], supportedContentTypes: ['text/csv'], "
    good += "supportedResponseMimeTypes: ['text/csv'] }"
    bad = {
        "misspelt.ts": good.replace("inferenceSpecification:", "inferenceSpecifications:"),
        "mistyped.ts": good.replace("supportedResponseMimeTypes: ['text/csv']", "supportedResponseMimeTypes: 42"),
    }
    for name, props in bad.items():
        (app / name).write_text(
            "import * as cdk from 'aws-cdk-lib';\n"
            "import { CfnModelPackage } from './imports/acme-sagemaker-modelpackage';\n"
            f"new CfnModelPackage(new cdk.Stack(), 'P', {{ modelPackageGroupName: 'g', {props} }});\n"
        )
    result = lint_examples.tsc(app)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(r"misspelt\.ts\(3,\d+\): error TS\d+: .*'inferenceSpecifications' does not exist", output), output
    assert re.search(
        r"mistyped\.ts\(3,\d+\): error TS2322: Type 'number' is not assignable to type 'string\[\]'", output
    )
    assert "app.ts" not in output, output


def test_the_python_wheel_holds_the_jsii_module(python_construct: Path) -> None:
    [wheel] = python_construct.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record = archive.read(f"{MODULE}-{cdk.VERSION}.dist-info/RECORD").decode()
    assert {f"{MODULE}/__init__.py", f"{MODULE}/py.typed", f"{MODULE}/_jsii/__init__.py"} <= names
    assert any(name.startswith(f"{MODULE}/_jsii/") and name.endswith(".jsii.tgz") for name in names)
    assert sorted(line.split(",")[0] for line in record.splitlines()) == sorted(names)


# mypy without following aws-cdk-lib (its stubs take minutes to check, and the construct's own
# keyword arguments and struct fields are what these tests are about).
MYPY_CONFIG = """[mypy]
ignore_missing_imports = True
[mypy-aws_cdk.*,constructs.*]
follow_imports = skip
"""


def mypy(source: Path, app: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """mypy of ``app`` with the generated module at ``source`` on its path."""
    config = tmp_path / "mypy.ini"
    config.write_text(MYPY_CONFIG)
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental", str(app)]
    return subprocess.run(
        command, env={**os.environ, "MYPYPATH": str(source)}, capture_output=True, text=True, cwd=tmp_path
    )


def run_app(
    source: Path, code: str, tmp_path: Path
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """Type-check and run ``code`` (an app using the generated module); (mypy, python) results."""
    app = tmp_path / "app.py"
    app.write_text(code)
    env = {**os.environ, "PYTHONPATH": str(source), "CDK_OUTDIR": str(tmp_path / "out")}
    run = subprocess.run([sys.executable, str(app)], env=env, capture_output=True, text=True)
    return mypy(source, app, tmp_path), run


APP = """
import aws_cdk as cdk
from {module} import CfnModelPackage, InferenceSpecification, ModelApprovalStatus, ModelPackageContainerDefinition

stack = cdk.Stack(cdk.App(), "S")
container = ModelPackageContainerDefinition(image="123.dkr.ecr.us-east-1.amazonaws.com/x:1")
CfnModelPackage(stack, "P", model_package_group_name="g", {argument}=InferenceSpecification(
    containers=[container], supported_content_types=["text/csv"], supported_response_mime_types={mime}),
    model_approval_status={status})
"""


def app(argument: str = "inference_specification", mime: str = '["text/csv"]', status: str = "") -> str:
    return APP.format(module=MODULE, argument=argument, mime=mime, status=status or "ModelApprovalStatus.APPROVED")


def test_a_correct_python_app_type_checks_and_runs(python_construct: Path, tmp_path: Path) -> None:
    mypy, run = run_app(python_construct, app(), tmp_path)
    assert mypy.returncode == 0, mypy.stdout
    assert run.returncode == 0, run.stderr


def test_a_misspelt_python_property_fails_type_checking_and_construction(
    python_construct: Path, tmp_path: Path
) -> None:
    mypy, run = run_app(python_construct, app(argument="inference_specifications"), tmp_path)
    assert 'Unexpected keyword argument "inference_specifications"' in mypy.stdout, mypy.stdout
    assert "TypeError" in run.stderr and "inference_specifications" in run.stderr, run.stderr


def test_a_mistyped_python_property_fails_type_checking_and_construction(
    python_construct: Path, tmp_path: Path
) -> None:
    mypy, run = run_app(python_construct, app(mime="42"), tmp_path)
    assert 'Argument "supported_response_mime_types"' in mypy.stdout and "int" in mypy.stdout, mypy.stdout
    assert "TypeError: type of argument supported_response_mime_types" in run.stderr, run.stderr


def test_an_enum_takes_its_members_only(python_construct: Path, tmp_path: Path) -> None:
    """A schema ``enum`` is an enum class: a string, even a valid one, is refused; a value known
    only at deploy time (a parameter) goes in by the CDK escape hatch, as docs/cdk.md says."""
    mypy, run = run_app(python_construct, app(status='"Approved"'), tmp_path)
    assert 'Argument "model_approval_status"' in mypy.stdout, mypy.stdout
    assert "TypeError: type of argument model_approval_status" in run.stderr, run.stderr


def test_the_python_app_type_checks(python_construct: Path, tmp_path: Path) -> None:
    result = mypy(python_construct, lint_examples.CDK_APP / "app.py", tmp_path)
    assert result.returncode == 0, result.stdout


@pytest.fixture(params=["python", "typescript"])
def template(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(f"{request.param}_template")


def test_the_template_passes_cfn_lint(template: Path) -> None:
    result = lint_examples.lint_private([template])
    assert result.returncode == 0, result.stdout + result.stderr


def test_resources_dependency_and_tags(template: Path) -> None:
    resources = json.loads(template.read_text())["Resources"]
    assert {r["Type"] for r in resources.values()} - {"AWS::CDK::Metadata"} == {
        "AWS::SageMaker::ModelPackageGroup",
        PRIVATE,
    }
    version, unversioned = resources["Version"], resources["Unversioned"]
    # The group's ARN attribute is the dependency: no DependsOn, and a plain name would have none.
    assert version["Properties"]["ModelPackageGroupName"] == {"Fn::GetAtt": ["Group", "ModelPackageGroupArn"]}
    assert lint_examples.unordered_versions({"Resources": resources}) == []
    plain = {**version, "Properties": {**version["Properties"], "ModelPackageGroupName": "churn-models"}}
    assert lint_examples.unordered_versions({"Resources": {**resources, "Version": plain}}) == ["Version"]
    assert "Tags" not in version["Properties"]
    assert version["Properties"]["ModelLifeCycle"] == {"Stage": "Staging", "StageStatus": "PendingApproval"}
    assert version["Properties"]["ModelPackageRegistrationType"] == "Registered"
    assert version["Properties"]["ModelApprovalStatus"] == "PendingManualApproval"
    assert unversioned["Properties"]["Tags"] == [{"Key": "team", "Value": "ml-platform"}]
    assert resources["Group"]["Properties"]["Tags"]

    manifest = json.loads((template.parent / "manifest.json").read_text())
    stack_tags = manifest["artifacts"]["ModelPackages"]["properties"]["tags"]
    assert stack_tags["cost-center"] == "4711"


def test_a_missing_toolchain_is_named_before_anything_is_generated(tmp_path: Path) -> None:
    """With nothing on PATH, C# and Go stop at once, each naming what it needs."""
    for language, needs in [("csharp", "the .NET SDK (dotnet)"), ("go", "the Go toolchain (go)")]:
        out = tmp_path / language
        command = [sys.executable, str(cdk.ROOT / "tools" / "cdk.py"), "--type-name", PRIVATE, "--language", language]
        result = subprocess.run([*command, "--out", str(out)], env={"PATH": ""}, capture_output=True, text=True)
        assert result.returncode != 0
        assert f"LANGUAGE={language} needs {needs} on PATH" in result.stderr, result.stderr
        assert not out.exists()


@pytest.mark.skipif(cdk.missing_toolchain("java") is not None, reason="needs javac and mvn")
def test_java_source_is_generated(tmp_path: Path) -> None:
    cdk.generate(PRIVATE, "java", tmp_path)
    [construct] = tmp_path.rglob("CfnModelPackage.java")
    assert construct.parent.relative_to(tmp_path).as_posix() == "src/main/java/acme/sagemaker/modelpackage"
    text = construct.read_text()
    assert "public class CfnModelPackage extends software.amazon.awscdk.CfnResource" in text


def test_a_matching_node_modules_is_kept() -> None:
    """``npm ci`` runs only when the lock changed: the stamp of the lock it installed matches,
    and a file npm ci would delete with the tree survives."""
    cdk.npm_ci()
    probe = cdk.NODE_MODULES / ".kept"
    probe.write_text("")
    try:
        cdk.npm_ci()
        assert probe.exists()
        assert cdk.STAMP.read_text() == cdk.lock_digest()
    finally:
        probe.unlink()
