"""``make package`` builds a consistent registry artifact, under the schema's type name and under
a private one: schema, settings, handler code, docs, role and examples all agree."""

import json
import subprocess
import sys
import zipfile

import pytest

from local.invoke import event
from tools import package

ORIGINAL = "AWS::SageMaker::ModelPackage"
PRIVATE = "Acme::SageMaker::ModelPackage"


@pytest.fixture(scope="module", params=[ORIGINAL, PRIVATE])
def built(request, tmp_path_factory):
    """(type name, zip, extracted zip, companion folder) of one build through the command line."""
    type_name = request.param
    dist = tmp_path_factory.mktemp("dist")
    option = [] if type_name == ORIGINAL else ["--type-name", type_name]
    result = subprocess.run(
        [sys.executable, str(package.ROOT / "tools" / "package.py"), *option, "--dist", str(dist)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stem = package.hyphenated(type_name)
    zip_path = dist / f"{stem}.zip"
    extracted = dist / "extracted"
    with zipfile.ZipFile(zip_path) as outer:
        outer.extractall(extracted)
    with zipfile.ZipFile(extracted / "ResourceProvider.zip") as inner:
        inner.extractall(extracted / "build")
    return type_name, zip_path, extracted, dist / stem


def package_name(type_name):
    return type_name.replace("::", "_").lower()


def test_schema_and_settings_carry_the_type_name(built):
    type_name, _, extracted, companion = built
    assert json.loads((extracted / "schema.json").read_text())["typeName"] == type_name
    settings = json.loads((extracted / ".rpdk-config").read_text())
    assert settings["typeName"] == settings["settings"]["type_name"] == type_name
    assert settings["entrypoint"] == f"{package_name(type_name)}.handlers.resource"
    stem = package.hyphenated(type_name)
    assert json.loads((companion / f"{stem}.json").read_text())["typeName"] == type_name


def test_the_handler_runs_under_the_type_name(built):
    """Import the handler from the build (its bundled dependencies first) and ask its type name."""
    type_name, _, extracted, _ = built
    probe = (
        f"import sys; sys.path.insert(0, {str(extracted / 'build')!r}); "
        f"from {package_name(type_name)} import handlers; print(handlers.resource.type_name)"
    )
    result = subprocess.run([sys.executable, "-I", "-B", "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == type_name, result.stderr


@pytest.mark.parametrize("built", [ORIGINAL], indirect=True)
def test_the_artifact_runs_with_nothing_but_the_standard_library(built):
    """The build alone, no site-packages (the artifact bundles its SDK and every dependency):
    the entry point answers a real request (a READ without an identifier fails NotFound before
    any network call)."""
    _, _, extracted, _ = built
    probe = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(extracted / 'build')!r}]\n"
        "from aws_sagemaker_modelpackage.handlers import resource\n"
        f"payload = json.loads({json.dumps(json.dumps(event('READ', {})))})\n"
        "print(json.dumps(resource(payload, None)))\n"
    )
    result = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert (answer["status"], answer["errorCode"]) == ("FAILED", "NotFound"), answer


@pytest.mark.parametrize("built", [PRIVATE], indirect=True)
def test_no_other_spelling_of_the_original_name_is_left(built):
    type_name, _, extracted, companion = built
    leftovers = package.renamer(ORIGINAL, "X::Y::Z")
    for folder in (extracted / "src", extracted / "build" / package_name(type_name), companion):
        for path in folder.rglob("*"):
            if path.is_file():  # bytecode too: names and strings are in it as text
                text = path.read_bytes().decode("latin-1")
                assert leftovers(text) == text, f"{path} still names {ORIGINAL}"


def test_docs_role_and_examples_agree(built):
    type_name, _, _, companion = built
    assert (companion / "docs" / "README.md").read_text().startswith(f"# {type_name}\n")
    hyphen_cased = type_name.replace("::", "-")
    role = (companion / "resource-role.yaml").read_text()
    assert f"type/resource/{hyphen_cased}/*" in role
    assert "iam:PassedToService: sagemaker.amazonaws.com" in role
    example = (companion / "examples" / "versioned-in-group.yaml").read_text()
    assert f"Type: {type_name}\n" in example
    assert "Type: AWS::SageMaker::ModelPackageGroup\n" in example


def test_renaming_spares_longer_names():
    rename = package.renamer(ORIGINAL, PRIVATE)
    assert rename("AWS::SageMaker::ModelPackageGroup AWS::SageMaker::ModelPackage") == (
        f"AWS::SageMaker::ModelPackageGroup {PRIVATE}"
    )
    assert rename("from aws_sagemaker_modelpackage.models import x") == (
        "from acme_sagemaker_modelpackage.models import x"
    )


def test_a_malformed_type_name_is_refused():
    with pytest.raises(SystemExit):
        package.main(["--type-name", "Acme::ModelPackage"])
