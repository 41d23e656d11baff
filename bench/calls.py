"""SageMaker calls each operation makes, counted on the wire by the local SageMaker.

Statuses take no time here (the package is ``Completed`` when first described, a deletion is
over when first checked), so each count is the calls of the operation itself, not of waiting:
how many describes waiting costs is ``stabilise.py``'s subject. ``MINIMUM`` is the fewest calls
each outcome cannot do without; the README argues each one.
"""

import uuid
from collections.abc import Callable
from typing import Any

from . import env

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1"
GROUP = "bench-group"


def spec(name: str = "") -> dict[str, Any]:
    body = {
        "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://bench-bucket/model.tar.gz"}],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
        "SupportedTransformInstanceTypes": ["ml.m5.large"],
    }
    return {"Name": name, **body} if name else body


UNVERSIONED = {
    "ModelPackageName": "bench-unversioned",
    "InferenceSpecification": spec(),
    "Tags": [{"Key": "team", "Value": "ml"}],
    "CustomerMetadataProperties": {"owner": "ml", "stage": "dev"},
}
VERSIONED = {
    "ModelPackageGroupName": GROUP,
    "InferenceSpecification": spec(),
    "ModelApprovalStatus": "PendingManualApproval",
    "CustomerMetadataProperties": {"owner": "ml", "stage": "dev"},
}
APPROVED_WITH_CARD = {
    **VERSIONED,
    "ModelApprovalStatus": "Approved",
    "ApprovalDescription": "offline AUC 0.91",
    "ModelCard": {"ModelCardContent": "{}", "ModelCardStatus": "Draft"},
}
STACK_TAGS = {"env": "bench", "aws:cloudformation:stack-name": "bench"}

# op -> (fewest calls, the calls). The README's performance section argues each.
MINIMUM: dict[str, tuple[int, str]] = {
    "create_unversioned_tagged": (3, "CreateModelPackage (tags inline), DescribeModelPackage, ListTags"),
    "create_versioned": (2, "CreateModelPackage, DescribeModelPackage"),
    "create_versioned_approval_description": (
        3,
        "CreateModelPackage, UpdateModelPackage (ApprovalDescription, which CreateModelPackage lacks), "
        "DescribeModelPackage",
    ),
    "read_unversioned": (2, "DescribeModelPackage, ListTags"),
    "read_versioned": (1, "DescribeModelPackage"),
    "update_approval": (2, "UpdateModelPackage, DescribeModelPackage"),
    "update_metadata_remove": (3, "UpdateModelPackage, DescribeModelPackage, ListTags"),
    "update_add_inference_spec": (2, "UpdateModelPackage, DescribeModelPackage"),
    "update_noop": (1, "DescribeModelPackage"),
    "update_card_content_and_status": (
        3,
        "UpdateModelPackage (card content), UpdateModelPackage (card status: never both in one call), "
        "DescribeModelPackage",
    ),
    "delete": (2, "DeleteModelPackage, DescribeModelPackage (does not exist)"),
    "list_page": (1, "ListModelPackages"),
}


def _final(events: list[dict[str, Any]], op: str) -> dict[str, Any]:
    last = events[-1]
    if last.get("status") != "SUCCESS":
        raise RuntimeError(f"{op}: {last.get('errorCode')} {last.get('message')}")
    return last


def run(server: Any) -> dict[str, dict[str, Any]]:
    """{op: {"calls": n, "operations": [...], "minimum": m}} for every op of ``MINIMUM``."""
    from local import invoke

    control = server.control
    control.reset()
    control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    env.sagemaker(server.url).create_model_package_group(ModelPackageGroupName=GROUP)
    results: dict[str, dict[str, Any]] = {}
    state: dict[str, Any] = {}

    def measure(op: str, action: Callable[[], Any]) -> Any:
        before = len(control.calls())
        outcome = action()
        operations = [call["operation"] for call in control.calls()[before:]]
        results[op] = {"calls": len(operations), "operations": operations, "minimum": MINIMUM[op][0]}
        return outcome

    def drive(op: str, action: str, properties: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        # Each operation has its own request token, as CloudFormation gives it.
        token = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/{op}"))
        return _final(invoke.drive(action, properties, sleep=lambda _s: None, request_token=token, **kwargs), op)

    made = measure(
        "create_unversioned_tagged",
        lambda: drive("create_unversioned_tagged", "CREATE", UNVERSIONED, stack_tags=STACK_TAGS),
    )
    state["unversioned"] = {**UNVERSIONED, "ModelPackageArn": made["resourceModel"]["ModelPackageArn"]}
    made = measure("create_versioned", lambda: drive("create_versioned", "CREATE", VERSIONED))
    state["versioned"] = {**VERSIONED, "ModelPackageArn": made["resourceModel"]["ModelPackageArn"]}

    made = measure(
        "create_versioned_approval_description",
        lambda: drive("create_versioned_approval_description", "CREATE", APPROVED_WITH_CARD),
    )
    state["carded"] = {**APPROVED_WITH_CARD, "ModelPackageArn": made["resourceModel"]["ModelPackageArn"]}

    arn_of = {kind: {"ModelPackageArn": state[kind]["ModelPackageArn"]} for kind in ("unversioned", "versioned")}
    measure("read_unversioned", lambda: drive("read_unversioned", "READ", arn_of["unversioned"]))
    measure("read_versioned", lambda: drive("read_versioned", "READ", arn_of["versioned"]))

    def update(op: str, kind: str, changes: dict[str, Any], **kwargs: Any) -> None:
        previous = state[kind]
        desired = {**previous, **changes}
        desired = {key: value for key, value in desired.items() if value is not None}
        measure(op, lambda: drive(op, "UPDATE", desired, previous=previous, **kwargs))
        state[kind] = desired

    update("update_approval", "versioned", {"ModelApprovalStatus": "Approved"})
    update(
        "update_metadata_remove",
        "unversioned",
        {"CustomerMetadataProperties": {"owner": "ml"}},
        stack_tags=STACK_TAGS,
        previous_stack_tags=STACK_TAGS,
    )
    update("update_add_inference_spec", "versioned", {"AdditionalInferenceSpecifications": [spec("gpu")]})
    update("update_noop", "versioned", {})
    update(
        "update_card_content_and_status",
        "carded",
        {"ModelCard": {"ModelCardContent": '{"a": 1}', "ModelCardStatus": "PendingReview"}},
    )
    measure("delete", lambda: drive("delete", "DELETE", arn_of["unversioned"]))
    measure("list_page", lambda: drive("list_page", "LIST", {}))
    return results
