"""The resource schema says what the bundled botocore's SageMaker model says (``make schema``,
``tools/schema_constraints.py``): a disagreement fails here, except for the short list of
deliberate deviations, each with its evidence. cfn-lint, with the packaged schema, then carries
SageMaker's rules: it flags an instance-type typo and lets a new instance type through."""

import json
import re
import textwrap
from pathlib import Path

import pytest

from tools import lint_examples, schema_constraints

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads(schema_constraints.SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled():
    return schema_constraints.bundled_sagemaker()


def test_the_schema_is_what_the_bundled_botocore_says(bundled):
    fresh = schema_constraints.generated(SCHEMA, bundled)
    wanted, _ = schema_constraints.expected(SCHEMA, bundled)
    stale = [
        f"{path}: {name}: schema {node.get(name)!r}, botocore {value!r}"
        for path, node, _ in schema_constraints.described(SCHEMA, bundled)
        for name, value in wanted[id(node)].items()
        if name != "patternProperties" and not _same(node.get(name), value)
    ]
    assert fresh == SCHEMA, "the schema disagrees with botocore (run make schema):\n" + "\n".join(stale)


def _same(found, wanted):
    return sorted(found) == sorted(wanted) if isinstance(found, list) and isinstance(wanted, list) else found == wanted


def test_each_deviation_from_botocore_is_in_use_and_has_its_evidence(bundled):
    _, used = schema_constraints.expected(SCHEMA, bundled)
    assert used == set(schema_constraints.DEVIATIONS), "a deviation listed but not made, or made but not listed"
    for name, evidence in schema_constraints.DEVIATIONS.items():
        assert re.search(r"#\d+|row \d+|JSON Schema", evidence), f"{name}: no evidence cited"


def test_the_limits_stricter_than_sagemakers_are_relaxed():
    definitions = SCHEMA["definitions"]
    assert definitions["Environment"]["maxProperties"] == 100
    container = definitions["ModelPackageContainerDefinition"]["properties"]
    assert container["ModelInput"]["properties"]["DataInputConfig"]["maxLength"] == 16384
    (transform_value,) = definitions["TransformEnvironment"]["patternProperties"].values()
    assert transform_value["maxLength"] == 10240
    assert "Converse" in definitions["S3DataSource"]["properties"]["S3DataType"]["enum"]
    # botocore requires only Containers; the SDK sends the content types only when given
    # (sagemaker-core model_registry.get_create_model_package_request).
    assert definitions["InferenceSpecification"]["required"] == ["Containers"]


def _patterns(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.append(value)
            if key == "patternProperties":
                found.extend(value)
            _patterns(value, found)
    elif isinstance(node, list):
        for item in node:
            _patterns(item, found)
    return found


@pytest.mark.parametrize("pattern", sorted(set(_patterns(SCHEMA["definitions"], _patterns(SCHEMA["properties"], [])))))
def test_every_pattern_means_the_whole_value(pattern):
    """Anchored at both ends, the end in a form ECMAScript, Python and Java agree on."""
    assert pattern.startswith("^") and pattern.endswith(schema_constraints.END), pattern


def _lint(tmp_path, *instance_types):
    template = tmp_path / "instance-types.yaml"
    template.write_text(
        textwrap.dedent(
            f"""\
            Resources:
              Version:
                Type: {lint_examples.TYPE_NAME}
                Properties:
                  ModelPackageGroupName: churn
                  InferenceSpecification:
                    Containers:
                      - Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1
                    SupportedRealtimeInferenceInstanceTypes: {json.dumps(list(instance_types))}
            """
        )
    )
    return lint_examples.cfn_lint([template])


def test_cfn_lint_with_the_packaged_schema_flags_an_instance_type_typo(tmp_path):
    result = _lint(tmp_path, "ml.m5.xlarg")
    assert result.returncode != 0
    assert "'ml.m5.xlarg' does not match" in result.stdout


def test_cfn_lint_with_the_packaged_schema_lets_a_newer_instance_type_through(tmp_path):
    result = _lint(tmp_path, "ml.m5.xlarge", "ml.g9.2xlarge")
    assert result.returncode == 0, result.stdout + result.stderr
