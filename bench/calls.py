"""SageMaker calls each operation makes, counted on the wire by the local SageMaker.

Statuses take no time here (the package is ``Completed`` when first described, a deletion is
over when first checked), so each count is the calls of the operation itself, not of waiting:
how many describes waiting costs is ``stabilise.py``'s subject. ``MINIMUM`` is the fewest calls
each outcome cannot do without; docs/performance.md argues each one.

The type has a LoggingConfig, as ``deploy/registration.yaml`` gives it: each operation's log
lines go to the local server's CloudWatch Logs, and its PutLogEvents calls are counted beside
its invocations (one per invocation; the stream exists, as it does after a resource's first)
and its lines (what the library sent, one PutLogEvents each).
"""

import logging
import uuid
from typing import Any

from local import invoke

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
LOG_GROUP = "/cloudformation/registry/bench"

# op -> (fewest calls, the calls). docs/performance.md argues each.
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
    "update_tags": (
        3,
        "AddTags (no ListTags first: the previous state says what the tags were), DescribeModelPackage, ListTags",
    ),
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


# (op, which package it makes, its properties, further event arguments), in this order.
CREATES: tuple[tuple[str, str, dict[str, Any], dict[str, Any]], ...] = (
    ("create_unversioned_tagged", "unversioned", UNVERSIONED, {"stack_tags": STACK_TAGS}),
    ("create_versioned", "versioned", VERSIONED, {}),
    ("create_versioned_approval_description", "carded", APPROVED_WITH_CARD, {}),
)
READS = (("read_unversioned", "unversioned"), ("read_versioned", "versioned"))
# (op, which package, the properties it changes (None: removed), further event arguments).
UPDATES: tuple[tuple[str, str, dict[str, Any], dict[str, Any]], ...] = (
    ("update_approval", "versioned", {"ModelApprovalStatus": "Approved"}, {}),
    (
        "update_metadata_remove",
        "unversioned",
        {"CustomerMetadataProperties": {"owner": "ml"}},
        {"stack_tags": STACK_TAGS, "previous_stack_tags": STACK_TAGS},
    ),
    (
        "update_tags",
        "unversioned",
        {"Tags": [{"Key": "team", "Value": "ml"}, {"Key": "tier", "Value": "gold"}]},
        {"stack_tags": STACK_TAGS, "previous_stack_tags": STACK_TAGS},
    ),
    ("update_add_inference_spec", "versioned", {"AdditionalInferenceSpecifications": [spec("gpu")]}, {}),
    ("update_noop", "versioned", {}, {}),
    (
        "update_card_content_and_status",
        "carded",
        {"ModelCard": {"ModelCardContent": '{"a": 1}', "ModelCardStatus": "PendingReview"}},
        {},
    ),
)


class _Counter:
    """Drives each operation through the Lambda entrypoint and records the SageMaker calls it
    made; ``packages`` holds each package's current properties, as CloudFormation would."""

    def __init__(self, control: Any) -> None:
        self.control = control
        self.results: dict[str, dict[str, Any]] = {}
        self.packages: dict[str, dict[str, Any]] = {}

    def drive(self, op: str, action: str, properties: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        from local import invoke

        # Each operation has its own request token, as CloudFormation gives it.
        token = str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/{op}"))
        before = len(self.control.calls(None))
        events = invoke.drive(
            action, properties, sleep=lambda _s: None, request_token=token, log_group=LOG_GROUP, **kwargs
        )
        calls = self.control.calls(None)[before:]
        operations = [call["operation"] for call in calls if call["service"] == "sagemaker"]
        self.results[op] = {
            "calls": len(operations),
            "operations": operations,
            "minimum": MINIMUM[op][0],
            "put_log_events": sum(call["operation"] == "PutLogEvents" for call in calls),
            "log_lines": sum(len(call["params"]["logEvents"]) for call in calls if call["operation"] == "PutLogEvents"),
            "invocations": len(events),
        }
        return _final(events, op)

    def create(self, op: str, kind: str, properties: dict[str, Any], **kwargs: Any) -> None:
        made = self.drive(op, "CREATE", properties, **kwargs)
        self.packages[kind] = {**properties, "ModelPackageArn": made["resourceModel"]["ModelPackageArn"]}

    def update(self, op: str, kind: str, changes: dict[str, Any], **kwargs: Any) -> None:
        previous = self.packages[kind]
        desired = {key: value for key, value in {**previous, **changes}.items() if value is not None}
        self.drive(op, "UPDATE", desired, previous=previous, **kwargs)
        self.packages[kind] = desired


def _final(events: list[dict[str, Any]], op: str) -> dict[str, Any]:
    last = events[-1]
    if last.get("status") != "SUCCESS":
        raise RuntimeError(f"{op}: {last.get('errorCode')} {last.get('message')}")
    return last


def run(server: Any) -> dict[str, dict[str, Any]]:
    """{op: {"calls": n, "operations": [...], "minimum": m, "put_log_events": p, "log_lines": l,
    "invocations": i}} for every op of ``MINIMUM``; the provider's lines at INFO meanwhile, as in
    production (the library sent one PutLogEvents per line: ``log_lines``)."""
    provider = logging.getLogger("aws_sagemaker_modelpackage")
    level = provider.level
    provider.setLevel(logging.INFO)
    try:
        return _counted(server)
    finally:
        provider.setLevel(level)


def _counted(server: Any) -> dict[str, dict[str, Any]]:
    server.control.reset()
    server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    # Whether SageMaker updates unversioned packages is open (fidelity ledger row 22; the local
    # default refuses): the calls are counted under the answer where update_metadata_remove succeeds.
    server.control.behave(update_unversioned="allowed")
    env.sagemaker(server.url).create_model_package_group(ModelPackageGroupName=GROUP)
    logs = env.client("logs", server.url)
    logs.create_log_group(logGroupName=LOG_GROUP)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=f"{invoke.STACK_ID}/ModelPackage".replace(":", "__"))
    counter = _Counter(server.control)
    for op, kind, properties, kwargs in CREATES:
        counter.create(op, kind, properties, **kwargs)
    arn_of = {kind: {"ModelPackageArn": package["ModelPackageArn"]} for kind, package in counter.packages.items()}
    for op, kind in READS:
        counter.drive(op, "READ", arn_of[kind])
    for op, kind, changes, kwargs in UPDATES:
        counter.update(op, kind, changes, **kwargs)
    counter.drive("delete", "DELETE", arn_of["unversioned"])
    counter.drive("list_page", "LIST", {})
    return counter.results
