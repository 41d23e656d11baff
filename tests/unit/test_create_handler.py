"""CREATE: the exact SageMaker requests of every create path."""

import logging
import re

import pytest
from botocore.stub import ANY
from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage.handlers import create_handler
from local.clock import START
from tests.support.templates import GROUP, NAME, inference_spec, spec, unversioned, versioned
from tests.unit.stubbing import (
    ARN,
    REQUEST_TOKEN,
    SENT_TOKEN,
    TOKEN,
    VERSION_ARN,
    description,
    model,
    request,
    version_description,
)

SYSTEM_TAGS = {
    "aws:cloudformation:stack-name": "s",
    "aws:cloudformation:logical-id": "ModelPackage",
    "aws:cloudformation:stack-id": "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1",
}


def create_params(**fields):
    return {"ModelPackageName": NAME, "InferenceSpecification": inference_spec(), "ClientToken": SENT_TOKEN, **fields}


def version_params(**fields):
    return {
        "ModelPackageGroupName": GROUP,
        "InferenceSpecification": inference_spec(),
        "ClientToken": SENT_TOKEN,
        **fields,
    }


def captured_client_tokens(api):
    tokens = []
    api.client.meta.events.register(
        "before-parameter-build.sagemaker.CreateModelPackage",
        lambda params, **_: tokens.append(params.get("ClientToken")),
    )
    return tokens


# --- tags -------------------------------------------------------------------------------------


def test_unversioned_sends_template_and_stack_tags_inline_but_never_system_tags(api):
    desired = unversioned(ClientToken=TOKEN, Tags=[{"Key": "team", "Value": "ml"}, {"Key": "cost", "Value": "1"}])
    stack_tags = {"stack": "blue", "team": "platform", **SYSTEM_TAGS}
    sent_tags = [{"Key": "cost", "Value": "1"}, {"Key": "stack", "Value": "blue"}, {"Key": "team", "Value": "ml"}]
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(Tags=sent_tags))
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": sent_tags}, {"ResourceArn": ARN})

    event = create_handler(api.session, request(desired, stack_tags=stack_tags, system_tags=SYSTEM_TAGS), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == sent_tags
    assert model(event)["ModelPackageArn"] == ARN


def test_system_tag_keys_are_recognised_whatever_their_case(api):
    """A stack tag ``AWS:x`` is as reserved as ``aws:x``: it is neither sent to SageMaker nor read
    back from it (one rule, ``tags.is_reserved``, for the template check, the merge and the read)."""
    desired = unversioned(ClientToken=TOKEN, Tags=[{"Key": "team", "Value": "ml"}])
    stack_tags = {"AWS:cloudformation:stack-name": "s", "Aws:owner": "x", "stack": "blue"}
    sent_tags = [{"Key": "stack", "Value": "blue"}, {"Key": "team", "Value": "ml"}]
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(Tags=sent_tags))
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond(
        "list_tags",
        {"Tags": [*sent_tags, {"Key": "AWS:cloudformation:stack-name", "Value": "s"}]},
        {"ResourceArn": ARN},
    )

    event = create_handler(api.session, request(desired, stack_tags=stack_tags), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == sent_tags


def test_a_create_refused_before_the_package_is_made_runs_no_clean_up(api, caplog):
    """The clean-up is declared after create_package: a failure before it is not compensated."""
    with caplog.at_level(logging.INFO, logger="aws_sagemaker_modelpackage"):
        event = create_handler(api.session, request(versioned(Tags=[{"Key": "team", "Value": "ml"}])), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    steps = [r.getMessage().split(": ", 1)[1].split(" -> ")[0] for r in caplog.records if " -> " in r.getMessage()]
    assert steps == ["validate"]


def test_a_template_tag_with_a_system_prefix_in_any_case_is_refused_before_any_call(api):
    desired = unversioned(ClientToken=TOKEN, Tags=[{"Key": "AWS:x", "Value": "1"}])

    event = create_handler(api.session, request(desired), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "Tags: AWS:x" in event.message


def test_versioned_with_stack_tags_sends_no_tags_at_all(api):
    api.respond("create_model_package", {"ModelPackageArn": VERSION_ARN}, version_params())
    api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})
    # no ListTags: a version's tags are the group's

    event = create_handler(
        api.session, request(versioned(ClientToken=TOKEN), stack_tags={"stack": "blue", **SYSTEM_TAGS}), {}
    )

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["ModelPackageArn"] == VERSION_ARN
    assert model(event)["ModelPackageVersion"] == 1
    assert "Tags" not in model(event)


def test_explicit_tags_on_a_versioned_package_fail_invalid_request_without_any_call(api):
    desired = versioned(Tags=[{"Key": "team", "Value": "ml"}])

    event = create_handler(api.session, request(desired), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "Tags" in event.message and "ModelPackageGroupName" in event.message
    assert api.session.clients_made == []


@pytest.mark.parametrize(
    "names",
    [
        {"ModelPackageName": NAME, "ModelPackageGroupName": GROUP},
        {},
    ],
    ids=["both-names", "neither-name"],
)
def test_both_or_neither_name_fail_invalid_request_without_any_call(api, names):
    desired = {"InferenceSpecification": inference_spec(), **names}

    event = create_handler(api.session, request(desired), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "ModelPackageName" in event.message and "ModelPackageGroupName" in event.message
    assert api.session.clients_made == []


# --- ClientToken ---------------------------------------------------------------------------------


def test_client_token_is_derived_deterministically_from_the_request_token(api):
    tokens = captured_client_tokens(api)
    for _ in range(3):
        api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(ClientToken=ANY))
        api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    first = create_handler(api.session, request(unversioned(), token=REQUEST_TOKEN), {})
    again = create_handler(api.session, request(unversioned(), token=REQUEST_TOKEN), {})
    other = create_handler(api.session, request(unversioned(), token="99999999-2222-4333-8444-555555555555"), {})

    assert [e.status for e in (first, again, other)] == [OperationStatus.IN_PROGRESS] * 3
    assert tokens[0] == tokens[1] != tokens[2]
    assert all(re.fullmatch(r"[a-zA-Z0-9-]{1,36}", token) for token in tokens)
    assert REQUEST_TOKEN not in tokens  # derived, not the request token itself


def test_template_client_token_is_sent_combined_with_the_request(api):
    """A replacement re-sends the template's ClientToken with a new request token: SageMaker
    must see a new token then (row 12 of the fidelity ledger), and the same one on a retry."""
    tokens = captured_client_tokens(api)
    for _ in range(4):
        api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(ClientToken=ANY))
        api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    for template_token, request_token in (
        ("mine-1", REQUEST_TOKEN),
        ("mine-1", REQUEST_TOKEN),
        ("mine-1", "r2"),
        ("mine-2", REQUEST_TOKEN),
    ):
        event = create_handler(api.session, request(unversioned(ClientToken=template_token), token=request_token), {})
        assert event.status is OperationStatus.IN_PROGRESS

    assert tokens[0] == tokens[1] and len(set(tokens)) == 3
    assert all(re.fullmatch(r"[a-zA-Z0-9-]{1,36}", token) for token in tokens)


# --- SourceUri -------------------------------------------------------------------------------------


def test_source_uri_with_inference_specification_is_set_by_an_update_after_create(api):
    source = "s3://bucket/source.tar.gz"
    api.respond("create_model_package", {"ModelPackageArn": VERSION_ARN}, version_params())  # no SourceUri
    api.respond(
        "update_model_package", {"ModelPackageArn": VERSION_ARN}, {"ModelPackageArn": VERSION_ARN, "SourceUri": source}
    )
    api.respond("describe_model_package", version_description(SourceUri=source), {"ModelPackageName": VERSION_ARN})

    event = create_handler(api.session, request(versioned(ClientToken=TOKEN, SourceUri=source)), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["SourceUri"] == source


def test_approval_description_and_source_uri_are_set_by_one_update_after_create_once(api):
    """CreateModelPackage has no ApprovalDescription: it joins the deferred SourceUri in one
    UpdateModelPackage, which a re-invocation (still waiting) never sends again."""
    source = "s3://bucket/source.tar.gz"
    approval = {"ModelApprovalStatus": "Approved", "ApprovalDescription": "reviewed by risk"}
    desired = versioned(ClientToken=TOKEN, SourceUri=source, **approval)
    api.respond(
        "create_model_package",
        {"ModelPackageArn": VERSION_ARN},
        version_params(ModelApprovalStatus="Approved"),
    )
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "SourceUri": source, "ApprovalDescription": "reviewed by risk"},
    )
    api.respond("describe_model_package", version_description(status="Pending"), {"ModelPackageName": VERSION_ARN})
    api.respond(
        "describe_model_package",
        version_description(SourceUri=source, **approval),
        {"ModelPackageName": VERSION_ARN},
    )

    waiting = create_handler(api.session, request(desired), {})
    done = create_handler(api.session, request(desired), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert waiting.callbackContext["done"] == ["create_package", "after_create"]
    assert done.status is OperationStatus.SUCCESS, done.message
    assert model(done)["ApprovalDescription"] == "reviewed by risk"


def test_an_empty_approval_description_is_set_and_read_back_as_given(api):
    """ "" is a value SageMaker holds (its shape's minimum length is 0): never dropped."""
    api.respond("create_model_package", {"ModelPackageArn": VERSION_ARN}, version_params())
    api.respond(
        "update_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageArn": VERSION_ARN, "ApprovalDescription": ""},
    )
    api.respond(
        "describe_model_package", version_description(ApprovalDescription=""), {"ModelPackageName": VERSION_ARN}
    )

    event = create_handler(api.session, request(versioned(ClientToken=TOKEN, ApprovalDescription="")), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["ApprovalDescription"] == ""


def test_source_uri_without_inference_specification_is_sent_on_create(api):
    source = "arn:aws:sagemaker:us-east-1:123456789012:model/m"
    desired = {"ModelPackageGroupName": GROUP, "SourceUri": source, "ClientToken": TOKEN}
    api.respond(
        "create_model_package",
        {"ModelPackageArn": VERSION_ARN},
        {"ModelPackageGroupName": GROUP, "SourceUri": source, "ClientToken": SENT_TOKEN},
    )
    api.respond("describe_model_package", version_description(SourceUri=source), {"ModelPackageName": VERSION_ARN})

    event = create_handler(api.session, request(desired), {})

    assert event.status is OperationStatus.SUCCESS, event.message


# --- stabilisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["Pending", "InProgress"])
def test_pending_or_in_progress_hands_back_with_the_arn_in_context_and_model(api, status):
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params())
    api.respond("describe_model_package", description(status=status), {"ModelPackageName": ARN})

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.status is OperationStatus.IN_PROGRESS
    assert event.callbackContext["arn"] == ARN
    assert event.callbackDelaySeconds >= 1
    assert model(event)["ModelPackageArn"] == ARN
    assert model(event)["ModelPackageName"] == NAME


def test_completed_succeeds_with_the_read_model(api):
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params())
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": [{"Key": "team", "Value": "ml"}]}, {"ResourceArn": ARN})

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.status is OperationStatus.SUCCESS
    assert model(event) == {
        "ModelPackageName": NAME,
        "ModelPackageArn": ARN,
        "ModelPackageStatus": "Completed",
        "CreationTime": "2024-05-01T12:00:00+00:00",
        "LastModifiedTime": "2024-05-02T12:00:00+00:00",
        "InferenceSpecification": inference_spec(),
        "CertifyForMarketplace": False,
        "Tags": [{"Key": "team", "Value": "ml"}],
        "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},  # as SageMaker has it
    }  # no ClientToken (write-only)


def test_failed_fails_not_stabilized_quoting_the_reasons_and_deletes_the_package(api):
    details = {
        "ValidationStatuses": [
            {"Name": "validation-job", "Status": "Failed", "FailureReason": "container exited with 137"}
        ],
        "ImageScanStatuses": [
            {"Name": "model:1", "Status": "Failed", "FailureReason": "critical CVE found"},
            {"Name": "other:1", "Status": "Completed"},
        ],
    }
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params())
    api.respond(
        "describe_model_package",
        description(status="Failed", ModelPackageStatusDetails=details),
        {"ModelPackageName": ARN},
    )
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.NotStabilized
    assert "container exited with 137" in event.message and "critical CVE found" in event.message
    assert ARN in event.message
    assert "other:1" not in event.message


def test_reinvocation_with_the_callback_context_never_creates_again(api):
    context = {
        "arn": ARN,
        "done": ["create_package", "after_create"],
        "waiting_since": START - 100,
    }
    api.respond("describe_model_package", description(status="InProgress"), {"ModelPackageName": ARN})
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    waiting = create_handler(api.session, request(unversioned()), context)
    done = create_handler(api.session, request(unversioned()), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert waiting.callbackDelaySeconds > 1  # grows with the time already waited
    assert done.status is OperationStatus.SUCCESS
    assert model(done)["ModelPackageArn"] == ARN


def test_reinvocation_before_source_uri_was_set_sets_it_without_creating_again(api):
    source = "s3://bucket/source.tar.gz"
    api.respond(
        "update_model_package", {"ModelPackageArn": VERSION_ARN}, {"ModelPackageArn": VERSION_ARN, "SourceUri": source}
    )
    api.respond("describe_model_package", version_description(status="Pending"), {"ModelPackageName": VERSION_ARN})

    context = {"arn": VERSION_ARN, "done": ["create_package"], "retries": 1}
    event = create_handler(api.session, request(versioned(SourceUri=source)), context)

    assert event.status is OperationStatus.IN_PROGRESS
    assert event.callbackContext["done"] == ["create_package", "after_create"]


MODEL_DATA_SOURCE = {"S3DataSource": {"S3Uri": "s3://b/m", "S3DataType": "S3Object", "CompressionType": "None"}}


# --- what SageMaker refuses, refused before any call ---------------------------------------------


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SourceUri": "s3://bucket/source.tar.gz"}, "SourceUri cannot be set on an unversioned model package"),
        (
            {"Containers": [{**inference_spec()["Containers"][0], "ModelDataSource": MODEL_DATA_SOURCE}]},
            "InferenceSpecification/Containers[0]/ModelDataSource cannot be set on an unversioned model package",
        ),
        ({"SupportedTransformInstanceTypes": None}, "InferenceSpecification/SupportedTransformInstanceTypes: "),
        (
            {"SupportedRealtimeInferenceInstanceTypes": [], "SupportedTransformInstanceTypes": None},
            "InferenceSpecification/SupportedRealtimeInferenceInstanceTypes and SupportedTransformInstanceTypes: ",
        ),
    ],
    ids=["row-27-source-uri", "row-27-model-data-source", "row-28-missing", "row-28-empty-and-missing"],
)
def test_what_sagemaker_refuses_for_unversioned_packages_fails_invalid_request_without_any_call(api, change, named):
    desired = unversioned(ClientToken=TOKEN)
    if "SourceUri" in change:
        desired.update(change)
    else:
        specification = {**desired["InferenceSpecification"], **change}
        desired["InferenceSpecification"] = {k: v for k, v in specification.items() if v is not None}

    event = create_handler(api.session, request(desired), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert named in event.message
    assert api.session.clients_made == []


def test_the_same_specification_is_accepted_for_a_version(api):
    specification = {k: v for k, v in inference_spec().items() if not k.endswith("InstanceTypes")}
    container = {**inference_spec()["Containers"][0], "ModelDataSource": MODEL_DATA_SOURCE}
    desired = versioned(ClientToken=TOKEN, InferenceSpecification={**specification, "Containers": [container]})
    api.respond("create_model_package", {"ModelPackageArn": VERSION_ARN}, {**desired, "ClientToken": SENT_TOKEN})
    api.respond("describe_model_package", version_description(status="Pending"), {"ModelPackageName": VERSION_ARN})

    event = create_handler(api.session, request(desired), {})

    assert event.status is OperationStatus.IN_PROGRESS, event.message


def test_additional_s3_data_source_in_the_inference_specification_fails_invalid_request_without_any_call(api):
    container = {
        **inference_spec()["Containers"][0],
        "AdditionalS3DataSource": {"S3DataType": "S3Object", "S3Uri": "s3://b/x"},
    }
    desired = versioned(InferenceSpecification={**inference_spec(), "Containers": [container]})

    event = create_handler(api.session, request(desired), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "InferenceSpecification/Containers[0]/AdditionalS3DataSource" in event.message  # ledger row 44
    assert api.session.clients_made == []


# --- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["ValidationException", "ConflictException"])
def test_duplicate_unversioned_name_fails_already_exists(api, code):
    api.fail("create_model_package", code, f"Model Package {ARN} already exists.", create_params())

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.AlreadyExists
    assert "already exists" in event.message
    # nothing was created, so nothing is deleted (no DeleteModelPackage stubbed)


def test_throttling_hands_back_with_a_growing_delay_then_continues_with_the_same_token(api, clock):
    tokens = captured_client_tokens(api)
    for _ in range(3):
        api.fail("create_model_package", "ThrottlingException", "Rate exceeded", create_params(ClientToken=ANY))
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(ClientToken=ANY))
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    events, context = [], {}
    for _ in range(4):
        events.append(create_handler(api.session, request(unversioned()), context))
        context = events[-1].callbackContext
        clock.sleep(events[-1].callbackDelaySeconds or 0)

    assert [e.status for e in events[:3]] == [OperationStatus.IN_PROGRESS] * 3
    assert events[0].callbackContext.get("arn") is None
    # the top of each window (the test clock's draw): twice as long as the step has been failing, from 12 s
    assert [e.callbackDelaySeconds for e in events[:3]] == [12, 24, 60]
    assert events[3].status is OperationStatus.SUCCESS, events[3].message
    assert len(set(tokens)) == 1


def test_throttling_longer_than_botocore_and_the_old_62_s_still_creates_one_package(api, clock):
    """Five minutes of throttling (the old policy gave up after five hand-backs, 62 s): the
    create goes through once the throttling ends, with the same ClientToken, one package."""
    tokens = captured_client_tokens(api)
    context, invocations = {}, 0
    while clock.now - START < 300:
        api.fail("create_model_package", "ThrottlingException", "Rate exceeded", create_params(ClientToken=ANY))
        event = create_handler(api.session, request(unversioned()), context)
        assert event.status is OperationStatus.IN_PROGRESS, event.message
        context, invocations = event.callbackContext, invocations + 1
        clock.sleep(event.callbackDelaySeconds)
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(ClientToken=ANY))
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    event = create_handler(api.session, request(unversioned()), context)

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["ModelPackageArn"] == ARN
    assert invocations > 5 and len(set(tokens)) == 1


def test_a_later_non_retryable_failure_deletes_the_created_package(api):
    source = "s3://bucket/source.tar.gz"
    api.respond("create_model_package", {"ModelPackageArn": VERSION_ARN}, version_params())
    api.fail(
        "update_model_package",
        "ValidationException",
        "SourceUri is not a valid URI",
        {"ModelPackageArn": VERSION_ARN, "SourceUri": source},
    )
    api.respond("delete_model_package", {}, {"ModelPackageName": VERSION_ARN})

    event = create_handler(api.session, request(versioned(ClientToken=TOKEN, SourceUri=source)), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "SourceUri is not a valid URI" in event.message


def failed_validation(api):
    details = {"ValidationStatuses": [{"Name": "v", "Status": "Failed", "FailureReason": "bad model"}]}
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params())
    api.respond(
        "describe_model_package",
        description(status="Failed", ModelPackageStatusDetails=details),
        {"ModelPackageName": ARN},
    )


def test_a_throttled_clean_up_is_retried_and_then_reports_the_original_failure(api, clock):
    failed_validation(api)
    api.fail("delete_model_package", "ThrottlingException", "Rate exceeded", {"ModelPackageName": ARN})
    api.respond("delete_model_package", {}, {"ModelPackageName": ARN})

    waiting = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})
    clock.sleep(waiting.callbackDelaySeconds)
    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), waiting.callbackContext)

    assert waiting.status is OperationStatus.IN_PROGRESS
    assert waiting.callbackContext["failure"]["code"] == HandlerErrorCode.NotStabilized.value
    assert event.status is OperationStatus.FAILED
    assert event.errorCode is HandlerErrorCode.NotStabilized
    assert "bad model" in event.message
    assert "could not be deleted" not in event.message


def test_a_clean_up_refused_for_good_reports_the_original_failure_and_names_what_was_left(api):
    failed_validation(api)
    api.fail("delete_model_package", "AccessDeniedException", "not authorized", {"ModelPackageName": ARN})

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.NotStabilized
    assert "bad model" in event.message
    assert f"the package {ARN} could not be deleted (" in event.message
    assert "AccessDeniedException: not authorized): delete it by hand" in event.message


def test_a_clean_up_finding_the_package_gone_reports_the_original_failure(api):
    """The clean-up's delete went through in an earlier invocation whose answer was lost."""
    failed_validation(api)
    api.fail(
        "delete_model_package", "ValidationException", f"ModelPackage {ARN} does not exist.", {"ModelPackageName": ARN}
    )

    event = create_handler(api.session, request(unversioned(ClientToken=TOKEN)), {})

    assert event.errorCode is HandlerErrorCode.NotStabilized
    assert "could not be deleted" not in event.message


def test_additional_inference_specifications_to_add_join_the_create_request(api):
    desired = unversioned(
        ClientToken=TOKEN,
        AdditionalInferenceSpecifications=[spec("a")],
        AdditionalInferenceSpecificationsToAdd=[spec("b")],
    )
    api.respond(
        "create_model_package",
        {"ModelPackageArn": ARN},
        create_params(AdditionalInferenceSpecifications=[spec("a"), spec("b")]),
    )
    api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    event = create_handler(api.session, request(desired), {})

    assert event.status is OperationStatus.IN_PROGRESS


def test_a_specification_listed_in_both_lists_is_sent_once(api):
    same = {**spec("a"), "Containers": [{**spec("a")["Containers"][0], "IsCheckpoint": "false"}]}
    desired = unversioned(
        ClientToken=TOKEN,
        AdditionalInferenceSpecifications=[{**same, "Containers": [{**same["Containers"][0], "IsCheckpoint": False}]}],
        AdditionalInferenceSpecificationsToAdd=[same, spec("b")],
    )
    sent = [{**spec("a"), "Containers": [{**spec("a")["Containers"][0], "IsCheckpoint": False}]}, spec("b")]
    api.respond("create_model_package", {"ModelPackageArn": ARN}, create_params(AdditionalInferenceSpecifications=sent))
    api.respond("describe_model_package", description(status="Pending"), {"ModelPackageName": ARN})

    event = create_handler(api.session, request(desired), {})

    assert event.status is OperationStatus.IN_PROGRESS


def test_different_specifications_under_one_name_fail_invalid_request_without_any_call(api):
    other = {**spec("a"), "Description": "another one"}
    desired = unversioned(AdditionalInferenceSpecifications=[spec("a")], AdditionalInferenceSpecificationsToAdd=[other])

    event = create_handler(api.session, request(desired), {})

    assert event.errorCode is HandlerErrorCode.InvalidRequest
    assert "AdditionalInferenceSpecifications: Name a is used more than once" in event.message
