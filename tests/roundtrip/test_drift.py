"""CloudFormation's drift rules (``tests/roundtrip/drift.py``) on hand-written cases, each rule
shown both holding and reporting drift."""

from typing import Any

import pytest

from aws_sagemaker_modelpackage import schema
from tests.roundtrip.drift import Rules, drift, scalar, transformed

SCHEMA = schema.read()
GROUP_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn"
TRANSFORM = '$split(ModelPackageGroupName, "/")[-1] $OR ModelPackageGroupName'

RULES = Rules(
    write_only=frozenset({"/Secret"}),
    unordered=frozenset({"/Tags", "/Specs", "/Specs/*/Types"}),
    transforms={"/ModelPackageGroupName": TRANSFORM},
)


def kinds(template: dict[str, Any], actual: dict[str, Any], rules: Rules = RULES) -> list[tuple[str, str]]:
    return [(d.path, d.kind) for d in drift(template, actual, rules)]


def test_only_the_template_properties_are_compared() -> None:
    assert kinds({"A": "x"}, {"A": "x", "B": "extra", "ModelPackageArn": "arn"}) == []


def test_a_property_read_lacks_is_drift() -> None:
    assert kinds({"A": "x", "B": []}, {"A": "x"}) == [("/B", "REMOVE")]


def test_a_changed_scalar_is_drift() -> None:
    assert kinds({"A": "x"}, {"A": "y"}) == [("/A", "NOT_EQUAL")]


def test_write_only_properties_are_skipped() -> None:
    assert kinds({"Secret": "s"}, {}) == []


@pytest.mark.parametrize(("given", "read"), [("5", 5), ("true", True), ("false", False), (3, "3"), (2.0, 2)])
def test_scalars_given_as_strings_are_coerced(given: Any, read: Any) -> None:
    assert kinds({"A": given}, {"A": read}) == []


def test_coercion_does_not_hide_a_different_value() -> None:
    assert kinds({"A": "true"}, {"A": False}) == [("/A", "NOT_EQUAL")]
    assert kinds({"A": "5"}, {"A": 6}) == [("/A", "NOT_EQUAL")]


def test_nested_objects_compare_the_keys_the_template_sets() -> None:
    template = {"Spec": {"Image": "i", "Env": {"K": "v"}}}
    assert kinds(template, {"Spec": {"Image": "i", "Env": {"K": "v"}, "Digest": "d"}}) == []
    assert kinds(template, {"Spec": {"Image": "i", "Env": {}}}) == [("/Spec/Env/K", "REMOVE")]


def test_ordered_arrays_compare_item_by_item() -> None:
    assert kinds({"List": ["a", "b"]}, {"List": ["a", "b"]}) == []
    assert kinds({"List": ["a", "b"]}, {"List": ["b", "a"]}) == [("/List/0", "NOT_EQUAL"), ("/List/1", "NOT_EQUAL")]
    assert kinds({"List": ["a"]}, {"List": ["a", "b"]}) == [("/List/1", "ADD")]


def test_unordered_arrays_compare_as_multisets() -> None:
    tags = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert kinds({"Tags": tags}, {"Tags": list(reversed(tags))}) == []
    assert kinds({"Tags": tags}, {"Tags": tags[:1]}) == [("/Tags/1", "REMOVE")]
    assert kinds({"Tags": tags[:1]}, {"Tags": tags}) == [("/Tags/1", "ADD")]


def test_multisets_count_repeated_items() -> None:
    assert kinds({"Tags": ["a", "a"]}, {"Tags": ["a", "b"]}) == [("/Tags/1", "NOT_EQUAL")]
    assert kinds({"Tags": ["a", "a"]}, {"Tags": ["a"]}) == [("/Tags/1", "REMOVE")]


def test_nested_unordered_arrays_inside_unordered_items() -> None:
    template = {"Specs": [{"Name": "x", "Types": ["t1", "t2"]}, {"Name": "y", "Types": []}]}
    read = {"Specs": [{"Name": "y", "Types": []}, {"Name": "x", "Types": ["t2", "t1"]}]}
    assert kinds(template, read) == []
    read["Specs"][1]["Types"] = ["t1"]
    assert kinds(template, read) == [("/Specs/0/Types/1", "REMOVE")]
    read["Specs"].append({"Name": "z", "Types": []})
    assert kinds(template, read) == [("/Specs/0/Types/1", "REMOVE"), ("/Specs/2", "ADD")]


def test_property_transform_maps_an_arn_to_the_name_read_returns() -> None:
    assert kinds({"ModelPackageGroupName": GROUP_ARN}, {"ModelPackageGroupName": "churn"}) == []
    assert kinds({"ModelPackageGroupName": "churn"}, {"ModelPackageGroupName": "churn"}) == []


def test_property_transform_still_reports_a_different_group() -> None:
    assert kinds({"ModelPackageGroupName": GROUP_ARN}, {"ModelPackageGroupName": "other"}) == [
        ("/ModelPackageGroupName", "NOT_EQUAL")
    ]


def test_without_the_transform_an_arn_given_for_a_name_is_drift() -> None:
    assert kinds({"ModelPackageGroupName": GROUP_ARN}, {"ModelPackageGroupName": "churn"}, Rules()) == [
        ("/ModelPackageGroupName", "NOT_EQUAL")
    ]


def test_or_alternatives_are_evaluated_one_by_one_with_jsonata() -> None:
    assert transformed(TRANSFORM, {"ModelPackageGroupName": GROUP_ARN}) == ["churn", GROUP_ARN]
    assert transformed('$join([Name, "."])', {"Name": "example.com"}) == ["example.com."]


def test_scalar_forms() -> None:
    assert [scalar(v) for v in (True, False, 1, 1.0, 1.5, "x")] == ["true", "false", "1", "1", "1.5", "x"]


def test_rules_from_the_resource_schema() -> None:
    rules = Rules.from_schema(SCHEMA)
    assert "/AdditionalInferenceSpecificationsToAdd" in rules.write_only
    assert "/Tags" in rules.unordered
    assert "/AdditionalInferenceSpecifications" in rules.unordered
    assert transformed(rules.transforms["/ModelPackageGroupName"], {"ModelPackageGroupName": GROUP_ARN})[0] == "churn"
