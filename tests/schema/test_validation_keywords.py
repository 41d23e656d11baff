"""The handler's schema check enforces every keyword the resource schema uses: the schema is
walked for its keywords, each must be one the validator checks (or structure, or an annotation),
and each checked keyword is proven by a template that breaks it. Every pattern and format must
compile: none is ever skipped."""

import copy
import re

import pytest
import regex

from aws_sagemaker_modelpackage import schema, validation
from aws_sagemaker_modelpackage.errors import InputError

SCHEMA = schema.read()
NAME_MAPS = ("properties", "patternProperties", "definitions")  # keys are names, values schemas
SCHEMA_LISTS = ("anyOf", "oneOf", "allOf")
CONTAINER = {
    "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1",
    "ModelDataUrl": "s3://bucket/model.tar.gz",
}
ROLE = "arn:aws:iam::123456789012:role/validation"
BASE = {
    "ModelPackageName": "keywords",
    "InferenceSpecification": {
        "Containers": [CONTAINER],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
    },
}


def keywords_of(node, found=None):
    """Every keyword used in the schema ``node`` and in the schemas below it."""
    found = set() if found is None else found
    if not isinstance(node, dict):
        return found
    for key, value in node.items():
        found.add(key)
        if key in NAME_MAPS:
            for child in value.values():
                keywords_of(child, found)
        elif key in SCHEMA_LISTS:
            for child in value:
                keywords_of(child, found)
        elif key == "items":
            keywords_of(value, found)
    return found


def nodes_with(keyword, node=SCHEMA):
    """Every schema in the file that uses ``keyword`` (a dict holding it as a key)."""
    if isinstance(node, dict):
        if keyword in node and not (keyword == "pattern" and not isinstance(node[keyword], str)):
            yield node
        for value in node.values():
            yield from nodes_with(keyword, value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes_with(keyword, value)


def resource_keywords():
    """The keywords of the resource's schemas: properties, definitions and top-level combinations
    (the rest of the file, e.g. handlers and createOnlyProperties, is about the resource type)."""
    top = {key: SCHEMA[key] for key in ("properties", "definitions", "required", *SCHEMA_LISTS) if key in SCHEMA}
    return keywords_of(top) - {"definitions"}


def with_profile(instance_count):
    """A template with one validation profile whose transform job asks for ``instance_count``."""
    transform = {
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/in"}}},
        "TransformOutput": {"S3OutputPath": "s3://b/out"},
        "TransformResources": {"InstanceCount": instance_count, "InstanceType": "ml.m5.large"},
    }
    profile = {"ProfileName": "p", "TransformJobDefinition": transform}
    return with_(["ValidationSpecification"], {"ValidationRole": ROLE, "ValidationProfiles": [profile]})


def with_(path, value, base=BASE):
    result = copy.deepcopy(base)
    target = result
    for key in path[:-1]:
        target = target.setdefault(key, {}) if isinstance(key, str) else target[key]
    target[path[-1]] = value
    return result


# Keyword -> (a template breaking it, and only it, somewhere; what the message must say).
PROOFS = {
    "enum": (with_(["ModelApprovalStatus"], "Maybe"), "ModelApprovalStatus must be one of"),
    "minimum": (with_profile(0), "TransformResources/InstanceCount must be at least 1"),
    "minLength": (with_(["ModelPackageName"], ""), "ModelPackageName must have at least 1 characters"),
    "maxLength": (with_(["ModelPackageName"], "a" * 64), "ModelPackageName must have at most 63 characters"),
    "pattern": (with_(["ModelPackageName"], "bad_name"), "ModelPackageName must match the pattern"),
    "format": (with_(["SecurityConfig"], {"KmsKeyId": "not-a-key"}), "must be a AWS::KMS::Key.Id"),
    "anyOf": (with_(["SecurityConfig"], {"KmsKeyId": "not-a-key"}), "SecurityConfig/KmsKeyId must satisfy one of"),
    "minItems": (
        with_(["InferenceSpecification", "Containers"], []),
        "InferenceSpecification/Containers must have at least 1 items",
    ),
    "maxItems": (
        with_(["Tags"], [{"Key": f"k{i}", "Value": "v"} for i in range(51)]),
        "Tags must have at most 50 items",
    ),
    "uniqueItems": (
        with_(["InferenceSpecification", "Containers"], [CONTAINER, CONTAINER]),
        "InferenceSpecification/Containers[1] repeats an earlier item",
    ),
    "items": (
        with_(["InferenceSpecification", "Containers"], [{**CONTAINER, "Image": 5}]),
        "InferenceSpecification/Containers[0]/Image must be of type string",
    ),
    "minProperties": (with_(["CustomerMetadataProperties"], {}), "must have at least 1 properties"),
    "maxProperties": (
        with_(["CustomerMetadataProperties"], {f"k{i}": "v" for i in range(51)}),
        "must have at most 50 properties",
    ),
    "required": (with_(["SecurityConfig"], {}), "SecurityConfig/KmsKeyId is required"),
    "oneOf": None,  # proven below on a schema with a top-level oneOf (see test_a_top_level_one_of...)
}


def test_every_keyword_the_schema_uses_is_checked_structural_or_an_annotation():
    known = set(validation.KEYWORDS) | validation.STRUCTURAL | validation.ANNOTATIONS
    unknown = resource_keywords() - known
    assert not unknown, f"the schema uses keywords the handler's validation does not enforce: {sorted(unknown)}"


def test_every_keyword_the_validator_checks_has_a_proof():
    assert set(validation.KEYWORDS) == set(PROOFS)


@pytest.mark.parametrize("keyword", sorted(k for k in PROOFS if PROOFS[k]))
def test_each_checked_keyword_is_enforced(keyword):
    template, expected = PROOFS[keyword]
    validation.check_schema(BASE)  # the base template is valid: the proof breaks only the keyword
    with pytest.raises(InputError, match=re.escape(expected)):
        validation.check_schema(template)


def test_minimum_is_enforced_on_strings_cloudformation_passes_as_numbers():
    with pytest.raises(InputError, match=r"TransformResources/InstanceCount must be at least 1"):
        validation.check_schema(with_profile("0"))
    validation.check_schema(with_profile("1"))


def test_every_pattern_of_the_schema_compiles():
    patterns = [node["pattern"] for node in nodes_with("pattern") if isinstance(node["pattern"], str)]
    keys = [key for node in nodes_with("patternProperties") for key in node["patternProperties"]]
    assert len(patterns) > 40 and keys
    for pattern in patterns + keys:
        assert schema.regex(pattern).search is not None, pattern


def test_an_uncompilable_pattern_raises_instead_of_being_skipped():
    with pytest.raises(re.error):
        schema.regex("[unclosed")
    with pytest.raises(regex.error):
        schema.regex(r"\p{L}[unclosed")


def test_java_unicode_classes_are_exact_not_widened():
    tag_key = schema.resolve({"$ref": "#/definitions/Tag"})["properties"]["Key"]
    assert validation.errors_in(tag_key, "équipe 42:x") == []
    assert validation.errors_in(tag_key, "a\u0301") != []  # a combining mark is \p{M}, not allowed in a key
    assert validation.errors_in(tag_key, "bad#key") != []


def test_every_format_of_the_schema_is_known():
    formats = {node["format"] for node in nodes_with("format")}
    assert formats and formats <= set(schema.FORMATS), formats - set(schema.FORMATS)


@pytest.mark.parametrize(
    "value, valid",
    [
        ("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", True),
        ("arn:aws:kms:us-east-1:123456789012:alias/models", True),
        ("1234abcd-12ab-34cd-56ef-1234567890ab", True),
        ("alias/models", True),
        ("models", False),
        ("alias/models\n", False),  # a YAML | block adds it: the format means the whole value
        ("arn:aws:kms:us-east-1:123456789012:alias/models\n", False),
    ],
)
def test_kms_key_formats(value, valid):
    problems = validation.errors_in(schema.root(), with_(["SecurityConfig"], {"KmsKeyId": value}))
    assert (problems == []) is valid, problems


def test_a_top_level_one_of_of_required_lists_keeps_the_providers_message():
    names = [{"required": ["ModelPackageName"]}, {"required": ["ModelPackageGroupName"]}]
    root = {**schema.root(), "oneOf": names}
    assert validation.errors_in(root, BASE) == []
    both = {**BASE, "ModelPackageGroupName": "group"}
    neither = {key: value for key, value in BASE.items() if key != "ModelPackageName"}
    assert validation.errors_in(root, both) == [
        "Exactly one of ModelPackageName (unversioned package) and ModelPackageGroupName (versioned package) "
        "must be set; got ModelPackageName and ModelPackageGroupName"
    ]
    assert validation.errors_in(root, neither)[0].endswith("must be set; got neither")


def test_a_one_of_of_other_schemas_says_how_many_alternatives_held():
    node = {"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}
    assert validation.errors_in(node, "abcd") == []
    assert validation.errors_in(node, "ab") == ["properties must satisfy exactly one of 2 alternatives, not 2"]
