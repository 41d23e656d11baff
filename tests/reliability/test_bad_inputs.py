"""Bad-input matrix: invalid templates sent through the production entrypoint end FAILED
InvalidRequest, naming the property and the rule, with no SageMaker write call and nothing
left behind (or, for an update, nothing changed)."""

import copy

import pytest

from tests.reliability.reliability_support import drive
from tests.support.sagemaker import packages, writes
from tests.support.templates import GROUP, inference_spec, spec, unversioned, versioned

U = unversioned("bad-input")
V = versioned()


def with_(base, path, value):
    """``base`` with the value at ``path`` (keys and list indexes) replaced; ``...`` deletes."""
    result = copy.deepcopy(base)
    target = result
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return result


def tags(count):
    return [{"Key": f"k{i}", "Value": "v"} for i in range(count)]


# (id, properties, words the message must hold: the property, then the rule)
SCHEMA_CASES = [
    ("name-pattern", with_(U, ["ModelPackageName"], "bad_name"), ["ModelPackageName", "pattern"]),
    ("name-leading-dash", with_(U, ["ModelPackageName"], "-abc"), ["ModelPackageName", "pattern"]),
    ("name-too-long", with_(U, ["ModelPackageName"], "a" * 64), ["ModelPackageName", "at most 63"]),
    ("name-empty", with_(U, ["ModelPackageName"], ""), ["ModelPackageName", "at least 1"]),
    ("name-wrong-type", with_(U, ["ModelPackageName"], ["a"]), ["ModelPackageName", "type string"]),
    ("group-pattern", with_(V, ["ModelPackageGroupName"], "grp_"), ["ModelPackageGroupName", "pattern"]),
    ("group-trailing-dash", with_(V, ["ModelPackageGroupName"], "grp-"), ["ModelPackageGroupName", "pattern"]),
    ("group-too-long", with_(V, ["ModelPackageGroupName"], "g" * 171), ["ModelPackageGroupName", "at most 170"]),
    (
        "description-too-long",
        with_(U, ["ModelPackageDescription"], "d" * 1025),
        ["ModelPackageDescription", "at most 1024"],
    ),
    ("approval-enum", with_(V, ["ModelApprovalStatus"], "Maybe"), ["ModelApprovalStatus", "one of"]),
    ("approval-enum-case", with_(V, ["ModelApprovalStatus"], "approved"), ["ModelApprovalStatus", "one of"]),
    (
        "approval-description-too-long",
        with_(V, ["ApprovalDescription"], "a" * 1025),
        ["ApprovalDescription", "at most 1024"],
    ),
    ("skip-validation-enum", with_(U, ["SkipModelValidation"], "Some"), ["SkipModelValidation", "one of"]),
    ("managed-storage-enum", with_(U, ["ManagedStorageType"], "Open"), ["ManagedStorageType", "one of"]),
    (
        "registration-type-enum",
        with_(U, ["ModelPackageRegistrationType"], "Draft"),
        ["ModelPackageRegistrationType", "one of"],
    ),
    ("certify-wrong-type", with_(U, ["CertifyForMarketplace"], "yes"), ["CertifyForMarketplace", "type boolean"]),
    ("certify-list", with_(U, ["CertifyForMarketplace"], [True]), ["CertifyForMarketplace", "type boolean"]),
    ("client-token-pattern", with_(U, ["ClientToken"], "tok en!"), ["ClientToken", "pattern"]),
    ("client-token-too-long", with_(U, ["ClientToken"], "t" * 37), ["ClientToken", "at most 36"]),
    ("sample-payload-pattern", with_(U, ["SamplePayloadUrl"], "ftp://bucket/x"), ["SamplePayloadUrl", "pattern"]),
    ("source-uri-too-long", with_(U, ["SourceUri"], "s" * 1025), ["SourceUri", "at most 1024"]),
    ("tags-too-many", with_(U, ["Tags"], tags(51)), ["Tags", "at most 50"]),
    ("tags-wrong-type", with_(U, ["Tags"], "team=ml"), ["Tags", "type array"]),
    ("tag-key-too-long", with_(U, ["Tags"], [{"Key": "k" * 129, "Value": "v"}]), ["Tags[0]/Key", "at most 128"]),
    ("tag-key-pattern", with_(U, ["Tags"], [{"Key": "bad#key", "Value": "v"}]), ["Tags[0]/Key", "pattern"]),
    ("tag-key-missing", with_(U, ["Tags"], [{"Value": "v"}]), ["Tags[0]/Key", "required"]),
    ("tag-value-too-long", with_(U, ["Tags"], [{"Key": "k", "Value": "v" * 257}]), ["Tags[0]/Value", "at most 256"]),
    (
        "tag-unknown-field",
        with_(U, ["Tags"], [{"Key": "k", "Value": "v", "Extra": "x"}]),
        ["Tags[0]/Extra", "not a known property"],
    ),
    (
        "metadata-too-many",
        with_(U, ["CustomerMetadataProperties"], {f"k{i}": "v" for i in range(51)}),
        ["CustomerMetadataProperties", "at most 50"],
    ),
    ("metadata-empty", with_(U, ["CustomerMetadataProperties"], {}), ["CustomerMetadataProperties", "at least 1"]),
    (
        "metadata-key-pattern",
        with_(U, ["CustomerMetadataProperties"], {"bad#key": "v"}),
        ["CustomerMetadataProperties/bad#key", "key must match"],
    ),
    (
        "metadata-value-too-long",
        with_(U, ["CustomerMetadataProperties"], {"k": "v" * 257}),
        ["CustomerMetadataProperties/k", "at most 256"],
    ),
    (
        "metadata-value-type",
        with_(U, ["CustomerMetadataProperties"], {"k": {"nested": "v"}}),
        ["CustomerMetadataProperties/k", "type string"],
    ),
    (
        "inference-wrong-type",
        with_(U, ["InferenceSpecification"], "image:1"),
        ["InferenceSpecification", "type object"],
    ),
    (
        "inference-no-containers",
        with_(U, ["InferenceSpecification", "Containers"], ...),
        ["InferenceSpecification/Containers", "required"],
    ),
    (
        "inference-containers-empty",
        with_(U, ["InferenceSpecification", "Containers"], []),
        ["InferenceSpecification/Containers", "at least 1"],
    ),
    (
        "inference-containers-too-many",
        with_(U, ["InferenceSpecification", "Containers"], [{"Image": f"i{i}"} for i in range(16)]),
        ["InferenceSpecification/Containers", "at most 15"],
    ),
    (
        "container-empty",
        with_(U, ["InferenceSpecification", "Containers", 0], {}),
        ["InferenceSpecification/Containers[0]", "at least 1 properties"],
    ),
    (
        "container-hostname-pattern",
        with_(U, ["InferenceSpecification", "Containers", 0, "ContainerHostname"], "bad_host"),
        ["Containers[0]/ContainerHostname", "pattern"],
    ),
    (
        "container-model-data-pattern",
        with_(U, ["InferenceSpecification", "Containers", 0, "ModelDataUrl"], "file:///model"),
        ["Containers[0]/ModelDataUrl", "pattern"],
    ),
    (
        "container-env-key",
        with_(U, ["InferenceSpecification", "Containers", 0, "Environment"], {"1BAD": "v"}),
        ["Containers[0]/Environment/1BAD", "key must match"],
    ),
    (
        "container-env-too-many",
        with_(U, ["InferenceSpecification", "Containers", 0, "Environment"], {f"K{i}": "v" for i in range(101)}),
        ["Containers[0]/Environment", "at most 100"],
    ),
    (
        "container-unknown-field",
        with_(U, ["InferenceSpecification", "Containers", 0, "Imagee"], "x"),
        ["Containers[0]/Imagee", "not a known property"],
    ),
    (
        "response-mime-pattern",
        with_(U, ["InferenceSpecification", "SupportedResponseMIMETypes"], ["json"]),
        ["SupportedResponseMIMETypes[0]", "pattern"],
    ),
    ("unknown-property", with_(U, ["ModelPackageNme"], "typo"), ["ModelPackageNme", "not a known property"]),
    ("unknown-property-2", with_(U, ["Foo"], {"Bar": 1}), ["Foo", "not a known property"]),
    (
        "additional-empty",
        with_(U, ["AdditionalInferenceSpecifications"], []),
        ["AdditionalInferenceSpecifications", "at least 1"],
    ),
    (
        "additional-too-many",
        with_(U, ["AdditionalInferenceSpecifications"], [spec(f"s{i}") for i in range(16)]),
        ["AdditionalInferenceSpecifications", "at most 15"],
    ),
    (
        "additional-name-missing",
        with_(U, ["AdditionalInferenceSpecifications"], [with_(spec("x"), ["Name"], ...)]),
        ["AdditionalInferenceSpecifications[0]/Name", "required"],
    ),
    (
        "additional-name-pattern",
        with_(U, ["AdditionalInferenceSpecifications"], [spec("bad name")]),
        ["AdditionalInferenceSpecifications[0]/Name", "pattern"],
    ),
    (
        "additional-to-add-containers",
        with_(U, ["AdditionalInferenceSpecificationsToAdd"], [with_(spec("x"), ["Containers"], ...)]),
        ["AdditionalInferenceSpecificationsToAdd[0]/Containers", "required"],
    ),
    (
        "model-card-empty",
        with_(U, ["ModelCard"], {}),
        ["ModelCard", "at least 1 properties"],
    ),
    (
        "model-card-status-enum",
        with_(U, ["ModelCard"], {"ModelCardContent": "{}", "ModelCardStatus": "Final"}),
        ["ModelCard/ModelCardStatus", "one of"],
    ),
    (
        "model-card-content-too-long",
        with_(U, ["ModelCard"], {"ModelCardContent": "c" * 100001, "ModelCardStatus": "Draft"}),
        ["ModelCard/ModelCardContent", "at most 100000"],
    ),
    ("security-kms-missing", with_(U, ["SecurityConfig"], {}), ["SecurityConfig/KmsKeyId", "required"]),
    (
        "security-kms-pattern",
        with_(U, ["SecurityConfig"], {"KmsKeyId": "key id!"}),
        ["SecurityConfig/KmsKeyId", "pattern"],
    ),
    (
        "validation-role-too-short",
        with_(U, ["ValidationSpecification"], {"ValidationRole": "arn:aws:iam::1", "ValidationProfiles": []}),
        ["ValidationSpecification/ValidationRole", "at least 20"],
    ),
    (
        "source-algorithms-too-many",
        with_(
            U, ["SourceAlgorithmSpecification"], {"SourceAlgorithms": [{"AlgorithmName": "a"}, {"AlgorithmName": "b"}]}
        ),
        ["SourceAlgorithmSpecification/SourceAlgorithms", "at most 1"],
    ),
    (
        "metrics-digest-pattern",
        with_(
            U,
            ["ModelMetrics"],
            {
                "Bias": {
                    "Report": {"ContentType": "application/json", "S3Uri": "s3://b/r.json", "ContentDigest": "md5:00"}
                }
            },
        ),
        ["ModelMetrics/Bias/Report/ContentDigest", "pattern"],
    ),
    (
        "drift-unknown-field",
        with_(U, ["DriftCheckBaselines"], {"Fairness": {}}),
        ["DriftCheckBaselines/Fairness", "not a known property"],
    ),
    (
        "metadata-commit-too-long",
        with_(U, ["MetadataProperties"], {"CommitId": "c" * 1025}),
        ["MetadataProperties/CommitId", "at most 1024"],
    ),
    (
        "life-cycle-status-missing",
        with_(U, ["ModelLifeCycle"], {"Stage": "staging"}),
        ["ModelLifeCycle/StageStatus", "required"],
    ),
    (
        "life-cycle-stage-too-long",
        with_(U, ["ModelLifeCycle"], {"Stage": "s" * 64, "StageStatus": "ok"}),
        ["ModelLifeCycle/Stage", "at most 63"],
    ),
]

RULE_CASES = [
    ("both-names", dict(U, ModelPackageGroupName=GROUP), ["ModelPackageName", "ModelPackageGroupName", "Exactly one"]),
    (
        "neither-name",
        {"InferenceSpecification": inference_spec()},
        ["ModelPackageName", "ModelPackageGroupName", "neither"],
    ),
    ("tags-on-version", dict(V, Tags=[{"Key": "team", "Value": "ml"}]), ["Tags", "versioned", "group"]),
    (
        "duplicate-additional-names",
        dict(U, AdditionalInferenceSpecifications=[spec("gpu"), spec("gpu")]),
        ["AdditionalInferenceSpecifications", "gpu", "more than once"],
    ),
    (
        "other-specification-under-a-name-in-to-add",
        dict(
            V,
            AdditionalInferenceSpecifications=[spec("gpu")],
            AdditionalInferenceSpecificationsToAdd=[{**spec("gpu"), "Description": "another"}],
        ),
        ["AdditionalInferenceSpecifications", "gpu", "more than once"],
    ),
    ("tags-reserved-aws-key", dict(U, Tags=[{"Key": "aws:owner", "Value": "me"}]), ["Tags", "aws:owner", "reserved"]),
    (
        "tags-repeated-key",
        dict(U, Tags=[{"Key": "team", "Value": "a"}, {"Key": "team", "Value": "b"}]),
        ["Tags", "team", "more than once"],
    ),
]


def _assert_invalid(events, words):
    final = events[-1]
    assert final["status"] == "FAILED", final
    assert final["errorCode"] == "InvalidRequest", final
    for word in words:
        assert word in final["message"], (word, final["message"])
    assert all(e["status"] != "IN_PROGRESS" for e in events)


@pytest.mark.parametrize(
    "properties, words", [c[1:] for c in SCHEMA_CASES + RULE_CASES], ids=[c[0] for c in SCHEMA_CASES + RULE_CASES]
)
def test_bad_create_input_fails_invalid_request_and_leaves_nothing(
    server, sm, properties, words, request, record_property
):
    sm.create_model_package_group(ModelPackageGroupName=GROUP)
    server.control.calls()  # the group's creation is the only call so far
    before = len(server.control.calls())

    events = drive(server, "CREATE", properties)

    _assert_invalid(events, words)
    assert writes(server.control.calls()[before:]) == []
    assert packages(sm) == []
    kind = "schema" if request.node.callspec.id in {c[0] for c in SCHEMA_CASES} else "api-rule"
    record_property("bad_inputs", "FAILED InvalidRequest, no write, nothing left")
    record_property("bad_input_kinds", f"create {kind}")


# --- updates: the package exists, the change is invalid; it must stay as it was ---------------


def _existing(server, sm, properties):
    events = drive(server, "CREATE", properties, request_token="11111111-0000-4000-8000-000000000001")
    assert events[-1]["status"] == "SUCCESS", events[-1]
    return events[-1]["resourceModel"]


UPDATE_CASES = [
    # (id, created, desired from the created model, words)
    (
        "remove-additional-spec",
        dict(V, AdditionalInferenceSpecifications=[spec("cpu"), spec("gpu")]),
        lambda m: dict(m, AdditionalInferenceSpecifications=[spec("cpu")]),
        ["AdditionalInferenceSpecifications", "gpu", "cannot be removed"],
    ),
    (
        "remove-all-additional-specs",
        dict(U, AdditionalInferenceSpecifications=[spec("cpu")]),
        lambda m: {k: v for k, v in m.items() if k != "AdditionalInferenceSpecifications"},
        ["AdditionalInferenceSpecifications", "cpu", "cannot be removed"],
    ),
    (
        "archived-card-content",
        dict(
            U,
            ModelCard={
                "ModelCardContent": '{"model_overview": {"model_description": "v1"}}',
                "ModelCardStatus": "Archived",
            },
        ),
        lambda m: dict(
            m,
            ModelCard={
                "ModelCardContent": '{"model_overview": {"model_description": "v2"}}',
                "ModelCardStatus": "Archived",
            },
        ),
        ["ModelCard", "Archived"],
    ),
    ("tags-added-to-version", V, lambda m: dict(m, Tags=[{"Key": "team", "Value": "ml"}]), ["Tags", "versioned"]),
    ("update-approval-enum", V, lambda m: dict(m, ModelApprovalStatus="Yes"), ["ModelApprovalStatus", "one of"]),
    (
        "update-metadata-key",
        U,
        lambda m: dict(m, CustomerMetadataProperties={"bad#key": "v"}),
        ["CustomerMetadataProperties/bad#key", "key must match"],
    ),
    ("update-unknown-property", U, lambda m: dict(m, Owner="me"), ["Owner", "not a known property"]),
]


@pytest.mark.parametrize("created, change, words", [c[1:] for c in UPDATE_CASES], ids=[c[0] for c in UPDATE_CASES])
def test_bad_update_fails_invalid_request_and_changes_nothing(
    instant, sm, created, change, words, request, record_property
):
    sm.create_model_package_group(ModelPackageGroupName=GROUP)
    model = _existing(instant, sm, created)
    before = sm.describe_model_package(ModelPackageName=model["ModelPackageArn"])
    tags_before = sm.list_tags(ResourceArn=model["ModelPackageArn"])["Tags"]
    calls_before = len(instant.control.calls())
    previous = {k: v for k, v in created.items()}
    previous["ModelPackageArn"] = model["ModelPackageArn"]
    desired = change(copy.deepcopy(previous))

    events = drive(instant, "UPDATE", desired, previous=previous)

    _assert_invalid(events, words)
    assert [
        op
        for op in instant.control.operations()[calls_before:]
        if op in ("CreateModelPackage", "UpdateModelPackage", "DeleteModelPackage", "AddTags", "DeleteTags")
    ] == []
    after = sm.describe_model_package(ModelPackageName=model["ModelPackageArn"])
    assert after.get("LastModifiedTime") == before.get("LastModifiedTime")
    assert after.get("CustomerMetadataProperties") == before.get("CustomerMetadataProperties")
    assert after.get("ModelApprovalStatus") == before.get("ModelApprovalStatus")
    assert after.get("ModelCard") == before.get("ModelCard")
    assert after.get("AdditionalInferenceSpecifications") == before.get("AdditionalInferenceSpecifications")
    assert sm.list_tags(ResourceArn=model["ModelPackageArn"])["Tags"] == tags_before
    assert len(packages(sm)) == 1
    kind = "api-rule" if request.node.callspec.id.startswith(("remove", "archived", "tags")) else "schema"
    record_property("bad_inputs", "FAILED InvalidRequest, no write, nothing left")
    record_property("bad_input_kinds", f"update {kind}")


def test_matrix_is_large_enough():
    assert len(SCHEMA_CASES) + len(RULE_CASES) + len(UPDATE_CASES) >= 50
    assert len({c[0] for c in SCHEMA_CASES + RULE_CASES + UPDATE_CASES}) == len(
        SCHEMA_CASES + RULE_CASES + UPDATE_CASES
    )
