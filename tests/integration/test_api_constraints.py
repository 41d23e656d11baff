"""SageMaker's constraints through the real entrypoint against the local SageMaker, which enforces
them server-side as SageMaker does (ledger row 56): templates the API allows create and read back
as they were, even where AWS's published schema was stricter; what it refuses fails
InvalidRequest before any call, so no version number is ever lost; instance types newer than
botocore go to SageMaker to judge; and line breaks under ``.*`` (row 55, open) under either
answer."""

import pytest

from tests.integration.integration_helpers import SET_UP, live_packages, succeeded, writes
from tests.support.edges import NEWER_INSTANCE_TYPE
from tests.support.templates import IMAGE, inference_spec, versioned

ROLE = "arn:aws:iam::123456789012:role/validation"


def validation(data_type="S3Prefix", environment=None):
    definition = {
        "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": data_type, "S3Uri": "s3://data/in/"}}},
        "TransformOutput": {"S3OutputPath": "s3://data/out/"},
        "TransformResources": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
        **({"Environment": environment} if environment else {}),
    }
    return {
        "ValidationRole": ROLE,
        "ValidationProfiles": [{"ProfileName": "check", "TransformJobDefinition": definition}],
    }


def with_container(**container):
    return versioned(InferenceSpecification={**inference_spec(), "Containers": [{"Image": IMAGE, **container}]})


FORMERLY_REFUSED = {
    # AWS's published schema allowed 16 entries; the API 100.
    "environment-100-entries": with_container(Environment={f"VARIABLE_{i}": str(i) for i in range(100)}),
    # 1,024 characters in AWS's schema; 16,384 in the API.
    "data-input-config-16384": with_container(ModelInput={"DataInputConfig": '{"input": "' + "x" * 16371 + '"}'}),
    # A transform Environment value: 1,024 characters in AWS's schema; 10,240 in the API.
    "transform-environment-10240": versioned(ValidationSpecification=validation(environment={"PROMPT": "p" * 10240})),
    # S3DataType Converse, missing from AWS's schema.
    "s3-data-type-converse": versioned(ValidationSpecification=validation(data_type="Converse")),
}


def last(events):
    return events[-1]


def refused_before_any_call(events, control):
    """The message of a refusal made before the provider called SageMaker at all (the test's
    own set-up calls aside)."""
    answer = last(events)
    assert (answer["status"], answer["errorCode"]) == ("FAILED", "InvalidRequest"), answer
    assert [call["operation"] for call in control.calls() if call["operation"] not in SET_UP] == []
    return answer["message"]


@pytest.mark.parametrize("template", FORMERLY_REFUSED.values(), ids=FORMERLY_REFUSED.keys())
def test_valid_templates_aws_schema_refused_create_and_read_back_unchanged(drive, instant, group, template):
    created = succeeded(drive("CREATE", template))
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    if "ValidationSpecification" in template:
        (profile,) = read["ValidationSpecification"]["ValidationProfiles"]
        (given,) = template["ValidationSpecification"]["ValidationProfiles"]
        for part in ("TransformInput", "TransformResources", "Environment"):
            assert profile["TransformJobDefinition"].get(part) == given["TransformJobDefinition"].get(part)
    else:
        container = read["InferenceSpecification"]["Containers"][0]
        assert {k: container[k] for k in template["InferenceSpecification"]["Containers"][0]} == template[
            "InferenceSpecification"
        ]["Containers"][0]


def instance_types(*types):
    return versioned(
        InferenceSpecification={**inference_spec(), "SupportedRealtimeInferenceInstanceTypes": list(types)}
    )


def test_an_instance_type_typo_fails_with_did_you_mean_before_any_call(drive, control, group):
    message = refused_before_any_call(drive("CREATE", instance_types("ml.m5.xlarg")), control)
    assert "InferenceSpecification/SupportedRealtimeInferenceInstanceTypes[0]" in message
    assert "did you mean ml.m5.xlarge?" in message


def test_an_instance_type_newer_than_botocore_creates_where_sagemaker_knows_it(drive, instant, control, sm, group):
    """The local SageMaker stands for one newer than the model (``Control.know``)."""
    control.know(ProductionVariantInstanceType=[NEWER_INSTANCE_TYPE])
    created = succeeded(drive("CREATE", instance_types(NEWER_INSTANCE_TYPE)))
    read = succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))
    assert read["InferenceSpecification"]["SupportedRealtimeInferenceInstanceTypes"] == [NEWER_INSTANCE_TYPE]


def test_an_instance_type_sagemaker_does_not_know_is_its_refusal_and_costs_nothing(drive, instant, control, sm, group):
    answer = last(drive("CREATE", instance_types(NEWER_INSTANCE_TYPE)))
    assert (answer["status"], answer["errorCode"]) == ("FAILED", "InvalidRequest"), answer
    assert "Member must satisfy enum value set" in answer["message"]  # SageMaker's own answer
    assert live_packages(sm, ModelPackageGroupName=group) == []
    assert succeeded(drive("CREATE", versioned()))["ModelPackageArn"].endswith(f"/{group}/1")


def test_a_bad_source_uri_beside_an_inference_specification_fails_before_create(drive, instant, control, group):
    """SourceUri is set by an update right after the create: checked first, no version number lost."""
    message = refused_before_any_call(drive("CREATE", versioned(SourceUri="s3://models/model.tar.gz\x07")), control)
    assert message.startswith("SourceUri must match")
    assert succeeded(drive("CREATE", versioned()))["ModelPackageArn"].endswith(f"/{group}/1")


# --- ledger row 55: a line break under "." ------------------------------------------------------

CARD = {"ModelCardContent": '{\n  "model_overview": {"model_description": "churn"}\n}', "ModelCardStatus": "Draft"}


@pytest.mark.parametrize("choice", ["refused", "allowed"])
def test_row_55_a_line_break_in_the_update_after_a_create_never_costs_a_version(drive, instant, control, group, choice):
    control.behave(line_breaks=choice)
    message = refused_before_any_call(
        drive("CREATE", versioned(ApprovalDescription="Approved.\nSee minutes.")), control
    )
    assert message.startswith("ApprovalDescription holds a line break")
    assert writes(control) == []
    created = succeeded(drive("CREATE", versioned(ApprovalDescription="Approved.")))
    assert created["ModelPackageArn"].endswith(f"/{group}/1")
    arn = created["ModelPackageArn"]
    previous = versioned(ApprovalDescription="Approved.", ModelPackageArn=arn)
    answer = last(drive("UPDATE", {**previous, "ApprovalDescription": "Approved.\nSee minutes."}, previous=previous))
    assert answer["status"] == ("SUCCESS" if choice == "allowed" else "FAILED"), answer


@pytest.mark.parametrize("choice", ["refused", "allowed"])
def test_row_55_a_line_break_sent_in_the_create_is_sagemakers_to_judge(drive, instant, control, sm, group, choice):
    control.behave(line_breaks=choice)
    answer = last(drive("CREATE", versioned(ModelCard=CARD)))
    if choice == "refused":
        assert (answer["status"], answer["errorCode"]) == ("FAILED", "InvalidRequest"), answer
        assert "at 'modelCard.modelCardContent' failed to satisfy constraint" in answer["message"]
        assert "model_description" not in answer["message"]  # the content never leaves, even echoed
        assert live_packages(sm, ModelPackageGroupName=group) == []
        assert succeeded(drive("CREATE", versioned()))["ModelPackageArn"].endswith(f"/{group}/1")
    else:
        created = succeeded([answer])
        assert succeeded(drive("READ", {"ModelPackageArn": created["ModelPackageArn"]}))["ModelCard"] == CARD
