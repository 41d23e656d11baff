"""The typed CDK construct generated from the schema, and the CDK app that uses it for the private
type: a misspelt or mistyped property fails when the app is type-checked or run, the package is
installable, and the synthesised template passes the same cfn-lint check as the examples."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import cdk_construct, lint_examples

PRIVATE = lint_examples.PRIVATE_TYPE_NAME
MODULE = cdk_construct.module_name(PRIVATE)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(source folder, wheel) of ``tools/cdk_construct.py`` run as ``make cdk`` runs it."""
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            str(cdk_construct.ROOT / "tools" / "cdk_construct.py"),
            "--type-name",
            PRIVATE,
            "--dist",
            str(dist),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return dist / MODULE.replace("_", "-"), dist / f"{MODULE}-{cdk_construct.VERSION}-py3-none-any.whl"


@pytest.fixture(scope="module")
def synthesised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    outdir = tmp_path_factory.mktemp("cdk.out")
    [template] = lint_examples.synth_cdk(outdir)
    return outdir, template


# mypy without following aws-cdk-lib (its stubs take minutes to check, and the construct's own
# keyword arguments and dataclass fields are what these tests are about).
MYPY_CONFIG = """[mypy]
ignore_missing_imports = True
[mypy-aws_cdk.*,constructs.*,jsii.*]
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
from {module} import CfnModelPackage, InferenceSpecificationProperty, ModelPackageContainerDefinitionProperty

stack = cdk.Stack(cdk.App(), "S")
container = ModelPackageContainerDefinitionProperty(image="123.dkr.ecr.us-east-1.amazonaws.com/x:1")
CfnModelPackage(stack, "P", model_package_group_name="g", {argument}=InferenceSpecificationProperty(
    containers=[container], supported_content_types=["text/csv"], supported_response_mime_types={mime}))
"""


def test_the_module_mirrors_the_schema(generated: tuple[Path, Path]) -> None:
    source, _ = generated
    text = (source / MODULE / "__init__.py").read_text()
    assert f'CFN_RESOURCE_TYPE_NAME: ClassVar[str] = "{PRIVATE}"' in text
    schema = cdk_construct.private_schema(PRIVATE)
    for name, definition in schema["definitions"].items():
        if cdk_construct.is_object_class(definition):
            assert f"class {name}Property:" in text
    read_only = set(cdk_construct.read_only(schema))
    for name in schema["properties"]:
        attribute = cdk_construct.snake(name)
        expected = f"def attr_{attribute}(self)" if name in read_only else f"        {attribute}: "
        assert expected in text, name
    assert "supported_response_mime_types: Sequence[str] = " in text


def test_a_correct_app_type_checks_and_runs(generated: tuple[Path, Path], tmp_path: Path) -> None:
    mypy, run = run_app(
        generated[0], APP.format(module=MODULE, argument="inference_specification", mime='["text/csv"]'), tmp_path
    )
    assert mypy.returncode == 0, mypy.stdout
    assert run.returncode == 0, run.stderr


def test_a_misspelt_property_fails_type_checking_and_construction(generated: tuple[Path, Path], tmp_path: Path) -> None:
    mypy, run = run_app(
        generated[0], APP.format(module=MODULE, argument="inference_specifications", mime='["text/csv"]'), tmp_path
    )
    assert 'Unexpected keyword argument "inference_specifications"' in mypy.stdout, mypy.stdout
    assert "TypeError" in run.stderr and "inference_specifications" in run.stderr, run.stderr


def test_a_mistyped_property_fails_type_checking(generated: tuple[Path, Path], tmp_path: Path) -> None:
    mypy, _ = run_app(generated[0], APP.format(module=MODULE, argument="inference_specification", mime="42"), tmp_path)
    assert 'Argument "supported_response_mime_types"' in mypy.stdout and "int" in mypy.stdout, mypy.stdout


def test_a_value_outside_an_enum_fails_construction_but_a_parameter_passes(
    generated: tuple[Path, Path], tmp_path: Path
) -> None:
    code = APP.format(module=MODULE, argument="inference_specification", mime='["text/csv"]')
    parameter = (
        code + 'CfnModelPackage(stack, "Q", model_approval_status=cdk.CfnParameter(stack, "S").value_as_string)\n'
    )
    _, run = run_app(generated[0], parameter, tmp_path)
    assert run.returncode == 0, run.stderr
    misspelt = code + 'CfnModelPackage(stack, "Q", model_approval_status="Aproved")\n'
    _, run = run_app(generated[0], misspelt, tmp_path)
    assert "ValueError: CfnModelPackageProps.model_approval_status: 'Aproved' is not one of" in run.stderr, run.stderr


def test_the_wheel_installs_the_module(generated: tuple[Path, Path]) -> None:
    _, wheel = generated
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        record = archive.read(f"{MODULE}-{cdk_construct.VERSION}.dist-info/RECORD").decode()
    assert {f"{MODULE}/__init__.py", f"{MODULE}/py.typed"} <= names
    assert all(line.split(",")[0] in names for line in record.splitlines())


def test_the_app_type_checks(tmp_path: Path) -> None:
    result = mypy(lint_examples.construct_path(tmp_path), lint_examples.CDK_APP / "app.py", tmp_path)
    assert result.returncode == 0, result.stdout


def test_the_template_passes_cfn_lint(synthesised: tuple[Path, Path]) -> None:
    _, template = synthesised
    result = lint_examples.lint_private([template])
    assert result.returncode == 0, result.stdout + result.stderr


def test_resources_dependency_and_tags(synthesised: tuple[Path, Path]) -> None:
    outdir, template = synthesised
    resources = json.loads(template.read_text())["Resources"]
    assert {r["Type"] for r in resources.values()} == {
        "AWS::SageMaker::ModelPackageGroup",
        PRIVATE,
        "AWS::CDK::Metadata",
    } - (set() if any(r["Type"] == "AWS::CDK::Metadata" for r in resources.values()) else {"AWS::CDK::Metadata"})
    version, unversioned = resources["Version"], resources["Unversioned"]
    # The group's ARN attribute is the dependency: no DependsOn, and a plain name would have none.
    assert version["Properties"]["ModelPackageGroupName"] == {"Fn::GetAtt": ["Group", "ModelPackageGroupArn"]}
    assert lint_examples.unordered_versions({"Resources": resources}) == []
    plain = {**version, "Properties": {**version["Properties"], "ModelPackageGroupName": "churn-models"}}
    assert lint_examples.unordered_versions({"Resources": {**resources, "Version": plain}}) == ["Version"]
    assert "Tags" not in version["Properties"]
    assert version["Properties"]["ModelLifeCycle"] == {"Stage": "Staging", "StageStatus": "PendingApproval"}
    assert version["Properties"]["ModelPackageRegistrationType"] == "Registered"
    assert unversioned["Properties"]["Tags"] == [{"Key": "team", "Value": "ml-platform"}]
    assert resources["Group"]["Properties"]["Tags"]

    manifest = json.loads((outdir / "manifest.json").read_text())
    stack_tags = manifest["artifacts"]["ModelPackages"]["properties"]["tags"]
    assert stack_tags["cost-center"] == "4711"
