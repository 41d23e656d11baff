"""READ: what SageMaker really holds, with stable ordering."""

from cloudformation_cli_python_lib import HandlerErrorCode, OperationStatus

from aws_sagemaker_modelpackage.handlers import read_handler
from tests.support.templates import GROUP, inference_spec, spec
from tests.unit.stubbing import ARN, VERSION_ARN, description, model, request, version_description


def test_unversioned_reads_describe_and_every_list_tags_page_sorted(api):
    api.respond("describe_model_package", description(), {"ModelPackageName": ARN})
    api.respond(
        "list_tags",
        {
            "Tags": [{"Key": "zeta", "Value": "1"}, {"Key": "aws:cloudformation:stack-name", "Value": "s"}],
            "NextToken": "page-2",
        },
        {"ResourceArn": ARN},
    )
    api.respond("list_tags", {"Tags": [{"Key": "alpha", "Value": "2"}]}, {"ResourceArn": ARN, "NextToken": "page-2"})

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    assert model(event)["Tags"] == [{"Key": "alpha", "Value": "2"}, {"Key": "zeta", "Value": "1"}]


def test_versioned_reads_describe_only_and_does_not_echo_the_group_as_name(api):
    api.respond("describe_model_package", version_description(), {"ModelPackageName": VERSION_ARN})

    event = read_handler(api.session, request({"ModelPackageArn": VERSION_ARN}), {})

    assert event.status is OperationStatus.SUCCESS, event.message
    found = model(event)
    assert "ModelPackageName" not in found
    assert found["ModelPackageGroupName"] == GROUP
    assert found["ModelPackageVersion"] == 1
    assert found["ModelApprovalStatus"] == "PendingManualApproval"
    assert "Tags" not in found


def test_write_only_properties_are_absent_and_service_values_present(api):
    api.respond(
        "describe_model_package",
        description(AdditionalInferenceSpecifications=[spec("a"), spec("b")]),
        {"ModelPackageName": ARN},
    )
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})
    asked = {"ModelPackageArn": ARN, "ClientToken": "tok", "AdditionalInferenceSpecificationsToAdd": [spec("b")]}

    found = model(read_handler(api.session, request(asked), {}))

    assert "ClientToken" not in found
    assert "AdditionalInferenceSpecificationsToAdd" not in found
    assert found["AdditionalInferenceSpecifications"] == [spec("a"), spec("b")]
    assert "CreatedBy" not in found and "LastModifiedBy" not in found  # API fields outside the schema


def test_empty_values_sagemaker_holds_are_kept_and_metadata_sorted(api):
    """An empty list, map or string is a value a template may set: READ shows it, or drift
    detection would report a value the template set as missing."""
    specification = {**inference_spec(), "SupportedContentTypes": [], "SupportedResponseMIMETypes": []}
    specification["Containers"] = [
        {**inference_spec()["Containers"][0], "Environment": {}, "AdditionalModelDataSources": []}
    ]
    answer = description(
        CustomerMetadataProperties={"b": "2", "a": "1"},
        InferenceSpecification=specification,
        ApprovalDescription="",
    )
    api.respond("describe_model_package", answer, {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    found = model(read_handler(api.session, request({"ModelPackageArn": ARN}), {}))

    assert found["InferenceSpecification"] == specification
    assert found["ModelPackageStatusDetails"] == {"ValidationStatuses": [], "ImageScanStatuses": []}
    assert found["ApprovalDescription"] == ""
    assert found["Tags"] == []  # an unversioned package without tags: its tags are the empty list
    assert list(found["CustomerMetadataProperties"]) == ["a", "b"]


def test_status_details_with_content_are_kept(api):
    details = {"ValidationStatuses": [{"Name": "v", "Status": "Completed"}]}
    api.respond("describe_model_package", description(ModelPackageStatusDetails=details), {"ModelPackageName": ARN})
    api.respond("list_tags", {"Tags": []}, {"ResourceArn": ARN})

    found = model(read_handler(api.session, request({"ModelPackageArn": ARN}), {}))

    assert found["ModelPackageStatusDetails"] == details


def test_missing_package_fails_not_found(api):
    api.fail(
        "describe_model_package",
        "ValidationException",
        f"ModelPackage {ARN} does not exist.",
        {"ModelPackageName": ARN},
    )

    event = read_handler(api.session, request({"ModelPackageArn": ARN}), {})

    assert event.errorCode is HandlerErrorCode.NotFound
    assert ARN in event.message


def test_missing_arn_fails_not_found_without_any_call(api):
    event = read_handler(api.session, request({"ModelPackageName": "x"}), {})

    assert event.errorCode is HandlerErrorCode.NotFound
    assert api.session.clients_made == []
