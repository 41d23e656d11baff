"""The Lambda entry point (``handlers.resource``) with protocol 2.0.0 payloads: templates that
break the resource schema fail InvalidRequest naming the property, before any SageMaker call."""

import pytest
from botocore.stub import ANY

from aws_sagemaker_modelpackage import client as clients
from aws_sagemaker_modelpackage.handlers import resource
from local.invoke import event
from tests.support.templates import NAME, inference_spec, unversioned
from tests.unit.stubbing import ARN, description


@pytest.fixture
def entry(api, monkeypatch):
    """The entry point, its SageMaker client being the stubbed one (any call not stubbed fails
    the test, and ``clients_made`` shows whether a client was even asked for)."""
    made = []

    def stubbed_client(session, region=None, _policy=None):
        made.append(region)
        return api.client

    monkeypatch.setattr(clients, "sagemaker", stubbed_client)
    return lambda payload: (resource(payload, None), made)


BAD = [
    ("bad-enum", {"ModelApprovalStatus": "Maybe"}, "ModelApprovalStatus"),
    ("bad-pattern", {"ModelPackageName": "bad_name!"}, "ModelPackageName"),
    ("unanchored-pattern", {"ModelPackageGroupName": "grp_1"}, "ModelPackageGroupName"),
    ("unknown-property", {"Colour": "blue"}, "Colour"),
    ("wrong-type-object", {"InferenceSpecification": "a string"}, "InferenceSpecification"),
    ("wrong-type-array", {"Tags": {"Key": "a", "Value": "b"}}, "Tags"),
    ("wrong-type-boolean", {"CertifyForMarketplace": "perhaps"}, "CertifyForMarketplace"),
    ("nested-enum", {"ModelCard": {"ModelCardContent": "{}", "ModelCardStatus": "Lost"}}, "ModelCard/ModelCardStatus"),
    ("nested-unknown", {"InferenceSpecification": {**inference_spec(), "Extra": 1}}, "InferenceSpecification/Extra"),
]


@pytest.mark.parametrize("action", ["CREATE", "UPDATE"])
@pytest.mark.parametrize("case, change, named", BAD, ids=[b[0] for b in BAD])
def test_schema_violations_fail_invalid_request_naming_the_property_before_any_call(entry, action, case, change, named):
    properties = {**unversioned(), **change}
    previous = {**unversioned(), "ModelPackageArn": ARN} if action == "UPDATE" else None
    if action == "UPDATE":
        properties["ModelPackageArn"] = ARN

    progress, made = entry(event(action, properties, previous=previous))

    assert progress["status"] == "FAILED", case
    assert progress["errorCode"] == "InvalidRequest", progress
    assert named in progress["message"]
    assert "Traceback" not in progress["message"]
    assert made == []  # no client, so no call


def test_a_valid_create_reaches_sagemaker_with_scalars_cast_from_strings(entry, api):
    properties = unversioned(CertifyForMarketplace="true", ClientToken="tok-1")
    api.respond(
        "create_model_package",
        {"ModelPackageArn": ARN},
        {
            "ModelPackageName": NAME,
            "InferenceSpecification": inference_spec(),
            "CertifyForMarketplace": True,
            "ClientToken": ANY,  # derived from "tok-1" and the request (test_create_handler.py)
        },
    )
    api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    progress, made = entry(event("CREATE", properties))

    assert progress["status"] == "IN_PROGRESS", progress
    assert progress["callbackContext"]["arn"] == ARN
    assert progress["resourceModel"]["ModelPackageArn"] == ARN
    assert made == ["us-east-1"]  # the request's region


def test_reinvocation_through_the_entry_point_continues_from_the_callback_context(entry, api):
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    progress, _ = entry(
        event("CREATE", unversioned(), callback_context={"arn": ARN, "done": ["create_package", "after_create"]})
    )

    assert progress["status"] == "SUCCESS", progress
    assert progress["resourceModel"]["ModelPackageArn"] == ARN
    assert "ClientToken" not in progress["resourceModel"]


def test_list_through_the_entry_point_passes_the_next_token(entry, api):
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": [], "NextToken": "p3"},
        {"ModelPackageType": "Both", "NextToken": "p2", "SortBy": "CreationTime", "SortOrder": "Descending"},
    )

    progress, _ = entry(event("LIST", {}, next_token="p2"))

    assert progress["status"] == "SUCCESS", progress
    assert progress["nextToken"] == "p3"


def test_read_through_the_entry_point_maps_does_not_exist_to_not_found(entry, api):
    api.fail(
        "describe_model_package",
        "ValidationException",
        f"ModelPackage {ARN} does not exist.",
        {"ModelPackageName": ARN},
    )

    progress, _ = entry(event("READ", {"ModelPackageArn": ARN}))

    assert progress["errorCode"] == "NotFound"


def test_derived_client_token_is_sent_when_the_template_has_none(entry, api):
    api.respond(
        "create_model_package",
        {"ModelPackageArn": ARN},
        {"ModelPackageName": NAME, "InferenceSpecification": inference_spec(), "ClientToken": ANY},
    )
    api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    progress, _ = entry(event("CREATE", unversioned()))

    assert progress["status"] == "IN_PROGRESS", progress


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            {"ModelPackageDescriptoin": "d"},
            "ModelPackageDescriptoin is not a known property (did you mean ModelPackageDescription?)",
        ),
        (
            {"InferenceSpecification": {**inference_spec(), "SupportedContentType": ["text/csv"]}},
            "InferenceSpecification/SupportedContentType is not a known property (did you mean SupportedContentTypes?)",
        ),
        ({"Colour": "blue"}, "Colour is not a known property"),
    ],
    ids=["top-level", "nested", "nothing-close"],
)
def test_an_unknown_property_names_the_closest_schema_property(entry, change, expected):
    progress, made = entry(event("CREATE", {**unversioned(), **change}))

    assert progress["errorCode"] == "InvalidRequest", progress
    assert expected in progress["message"]
    assert "did you mean" not in progress["message"] or "Colour" not in change
    assert made == []
