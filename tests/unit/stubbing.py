"""Builders for requests and SageMaker answers shared by the handler unit tests."""

import uuid
from datetime import UTC, datetime

from cloudformation_cli_python_lib.interface import BaseResourceHandlerRequest

from aws_sagemaker_modelpackage.json_model import to_model
from tests.support.templates import GROUP, NAME, inference_spec

ACCOUNT = "123456789012"
REGION = "us-east-1"
ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{NAME}"
VERSION_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{GROUP}/1"
REQUEST_TOKEN = "11111111-2222-4333-8444-555555555555"
TOKEN = "template-client-token"
STACK_ID = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/s/00000000-0000-0000-0000-000000000000"
LOGICAL_ID = "ModelPackage"
# What CreateModelPackage receives for a template with ClientToken TOKEN: a UUID made from it and
# the request (template token, request token, stack id, logical id), in the provider's namespace.
SENT_TOKEN = str(
    uuid.uuid5(
        uuid.UUID("5b7f3c1e-6d1a-4b8e-9a57-2f0d7a9c4e11"), "|".join((TOKEN, REQUEST_TOKEN, STACK_ID, LOGICAL_ID))
    )
)
CREATED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
MODIFIED = datetime(2024, 5, 2, 12, 0, tzinfo=UTC)


def request(
    desired=None,
    previous=None,
    *,
    stack_tags=None,
    previous_stack_tags=None,
    system_tags=None,
    token=REQUEST_TOKEN,
    next_token=None,
):
    """The request the library builds from a CloudFormation payload."""
    return BaseResourceHandlerRequest(
        clientRequestToken=token,
        desiredResourceState=to_model(desired),
        previousResourceState=to_model(previous),
        desiredResourceTags=stack_tags,
        previousResourceTags=previous_stack_tags,
        systemTags=system_tags,
        previousSystemTags=system_tags,
        awsAccountId=ACCOUNT,
        logicalResourceIdentifier=LOGICAL_ID,
        typeConfiguration=None,
        nextToken=next_token,
        region=REGION,
        awsPartition="aws",
        stackId=STACK_ID,
    )


def description(arn=ARN, status="Completed", **extra):
    """A DescribeModelPackage answer: unversioned unless ModelPackageGroupName is given."""
    answer = {
        "ModelPackageName": NAME,
        "ModelPackageArn": arn,
        "CreationTime": CREATED,
        "LastModifiedTime": MODIFIED,
        "ModelPackageStatus": status,
        "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},
        "InferenceSpecification": inference_spec(),
        "CertifyForMarketplace": False,
    }
    if extra.get("ModelPackageGroupName"):
        answer["ModelPackageName"] = extra["ModelPackageGroupName"]
        answer["ModelPackageVersion"] = 1
    answer.update(extra)
    return answer


def version_description(status="Completed", **extra):
    return description(
        VERSION_ARN, status, **{"ModelPackageGroupName": GROUP, "ModelApprovalStatus": "PendingManualApproval", **extra}
    )


def not_found(arn=ARN):
    return f"ModelPackage {arn} does not exist."


def model(event):
    """The event's resource model as plain JSON (what CloudFormation receives)."""
    return dict(event.resourceModel._serialize()) if event.resourceModel is not None else None
