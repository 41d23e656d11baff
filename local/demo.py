"""The provider at work, offline: ``make demo``.

Starts the local SageMaker with short but real status timings, creates a model package group,
then drives a versioned model package and an unversioned, tagged one through CREATE, READ,
UPDATE, LIST and DELETE. Every invocation goes through the real Lambda entrypoint
(``handlers.resource``) with protocol 2.0.0 payloads, re-invoked while it answers IN_PROGRESS,
and every progress event is printed. Exits non-zero if any step fails or any result is not
what was asked for.
"""

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

import boto3  # noqa: E402 - after the sys.path entry for src/ above

from local import invoke, templates  # noqa: E402 - after the sys.path entry for src/ above
from local.sagemaker.server import start  # noqa: E402 - after the sys.path entry for src/ above

GROUP = "demo-churn-models"
# What `ModelPackageGroupName: !Ref Group` passes: the group's ARN (as users write it).
GROUP_ARN = f"arn:aws:sagemaker:{invoke.REGION}:{invoke.ACCOUNT}:model-package-group/{GROUP}"
UNVERSIONED = "demo-fraud-model"
IMAGE = f"{invoke.ACCOUNT}.dkr.ecr.{invoke.REGION}.amazonaws.com/xgboost-inference:1.7-1"
MODEL_DATA = "s3://demo-models-bucket/churn/model.tar.gz"
TIMINGS = {"pending_seconds": 1.0, "in_progress_seconds": 1.0, "deleting_seconds": 1.0}


class StepFailed(Exception):
    """A step of the demo did not end as asked."""


# --- printing ----------------------------------------------------------------------------

KEY_FIELDS = (
    "ModelPackageArn",
    "ModelPackageName",
    "ModelPackageGroupName",
    "ModelPackageVersion",
    "ModelPackageStatus",
    "ModelApprovalStatus",
    "ApprovalDescription",
    "CertifyForMarketplace",
    "SourceUri",
)


def _summary(model: Mapping[str, Any] | None) -> list[str]:
    if not model:
        return []
    lines = [f"{name}: {model[name]}" for name in KEY_FIELDS if model.get(name) not in (None, "")]
    if model.get("CustomerMetadataProperties"):
        pairs = ", ".join(f"{k}={v}" for k, v in model["CustomerMetadataProperties"].items())
        lines.append(f"CustomerMetadataProperties: {pairs}")
    if model.get("Tags"):
        lines.append("Tags: " + ", ".join(f"{t['Key']}={t['Value']}" for t in model["Tags"]))
    specs = model.get("AdditionalInferenceSpecifications")
    if specs:
        lines.append("AdditionalInferenceSpecifications: " + ", ".join(s.get("Name", "?") for s in specs))
    return lines


def printer(action: str) -> Callable[[int, dict[str, Any]], None]:
    def show(number: int, progress: dict[str, Any]) -> None:
        status = progress.get("status")
        head = f"  {action} #{number}  {status}"
        if status == "IN_PROGRESS":
            head += f"  (call back in {progress.get('callbackDelaySeconds')}s)"
        print(head)
        if progress.get("errorCode"):
            print(f"      errorCode: {progress['errorCode']}")
        if progress.get("message"):
            print(f"      message: {progress['message']}")
        for line in _summary(progress.get("resourceModel")):
            print(f"      {line}")
        models = progress.get("resourceModels")
        if models is not None:
            print(f"      {len(models)} model(s) on this page")
            for model in models:
                print(f"        - {model.get('ModelPackageArn')}")
        if progress.get("nextToken"):
            print(f"      nextToken: {progress['nextToken']}")

    return show


def run(title: str, action: str, properties: Mapping[str, Any] | None = None, **event_args: Any) -> dict[str, Any]:
    """Drive one operation to its end, printing every event; the final event when it succeeded."""
    print(f"\n{title}")
    started = time.monotonic()
    events = invoke.drive(action, properties, on_event=printer(action), **event_args)
    final = events[-1]
    print(f"  -> {final.get('status')} after {len(events)} invocation(s), {time.monotonic() - started:.1f}s")
    if final.get("status") != "SUCCESS":
        raise StepFailed(f"{title}: {final.get('status')} {final.get('errorCode')}: {final.get('message')}")
    return final


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise StepFailed(f"expected, but not so: {what}")
    print(f"  ok: {what}")


def tags_of(model: Mapping[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in model.get("Tags") or ()}


def spec_names(model: Mapping[str, Any]) -> list[str]:
    return [spec.get("Name") for spec in model.get("AdditionalInferenceSpecifications") or ()]


# --- the two stories -----------------------------------------------------------------------


def sent(control: Any, operation: str) -> list[dict[str, Any]]:
    """The parameters of every ``operation`` call SageMaker received."""
    return [call["params"] for call in control.calls() if call["operation"] == operation]


def create(title: str, desired: Mapping[str, Any], stack_tags: Mapping[str, str], token: str) -> dict[str, Any]:
    """CREATE under the stack's tags; the model CloudFormation would record."""
    model: dict[str, Any] = run(title, "CREATE", desired, stack_tags=stack_tags, request_token=token)["resourceModel"]
    return model


def update(
    title: str, changes: Mapping[str, Any], previous: Mapping[str, Any], stack_tags: Mapping[str, str], token: str
) -> dict[str, Any]:
    """UPDATE from ``previous`` to ``previous`` with ``changes``, the stack's tags unchanged."""
    desired = {**previous, **changes}
    model: dict[str, Any] = run(
        title,
        "UPDATE",
        desired,
        previous=previous,
        stack_tags=stack_tags,
        previous_stack_tags=stack_tags,
        request_token=token,
    )["resourceModel"]
    return model


def delete(model: Mapping[str, Any], token: str) -> None:
    run("DELETE", "DELETE", {"ModelPackageArn": model["ModelPackageArn"]}, previous=model, request_token=token)


VERSIONED: dict[str, Any] = {
    "ModelPackageGroupName": GROUP_ARN,
    "ModelPackageDescription": "Churn model trained on the weekly snapshot",
    "InferenceSpecification": templates.inference_spec(image=IMAGE, model_data=MODEL_DATA),
    "ModelApprovalStatus": "PendingManualApproval",
    "CustomerMetadataProperties": {"dataset": "weekly-2024-06", "owner": "ml-team"},
}
VERSIONED_STACK_TAGS = {"project": "churn"}
APPROVAL: dict[str, Any] = {
    "ModelApprovalStatus": "Approved",
    "ApprovalDescription": "Offline AUC 0.91 on the holdout set",
    "CustomerMetadataProperties": {"dataset": "weekly-2024-06", "auc": "0.91"},  # owner removed, auc added
    "AdditionalInferenceSpecificationsToAdd": [
        {
            "Name": "json-endpoint",
            "Description": "The same model behind a JSON interface",
            "Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL_DATA}],
            "SupportedContentTypes": ["application/json"],
            "SupportedResponseMIMETypes": ["application/json"],
        }
    ],
}


def versioned_story(control: Any) -> None:
    print(f"\n=== A versioned model package in group {GROUP} ===")
    title = "CREATE (stack tags are accepted but never sent for a version)"
    created = create(title, VERSIONED, VERSIONED_STACK_TAGS, "demo-create-versioned")
    check_new_version(control, created)
    arn = created["ModelPackageArn"]
    read = run("READ", "READ", {"ModelPackageArn": arn})["resourceModel"]
    expect(read.get("ModelApprovalStatus") == "PendingManualApproval", "approval status is PendingManualApproval")
    expect(read.get("ModelPackageGroupName") == GROUP, "READ by ARN answers the group's name (propertyTransform)")
    title = "UPDATE: approve, change metadata, add an inference specification"
    updated = update(title, APPROVAL, created, VERSIONED_STACK_TAGS, "demo-update-versioned")
    check_approved(updated)
    listed = run(f"LIST (group {GROUP})", "LIST", {"ModelPackageGroupName": GROUP})
    expect(
        [m.get("ModelPackageArn") for m in listed.get("resourceModels") or ()] == [arn],
        "the group lists exactly this version",
    )
    delete(updated, "demo-delete-versioned")
    gone = invoke.drive("READ", {"ModelPackageArn": arn})[-1]
    expect(gone.get("errorCode") == "NotFound", "READ after DELETE answers NotFound")


def check_new_version(control: Any, created: Mapping[str, Any]) -> None:
    expect(created.get("ModelPackageStatus") == "Completed", "the new version is Completed")
    expect(created.get("ModelPackageVersion") == 1, "SageMaker assigned version 1")
    expect(created.get("ModelPackageGroupName") == GROUP_ARN, "the group comes back as the template gave it (!Ref)")
    expect(
        all("Tags" not in params for params in sent(control, "CreateModelPackage")) and not sent(control, "AddTags"),
        "no tags were sent for the version (it takes its tags from the group)",
    )


def check_approved(updated: Mapping[str, Any]) -> None:
    expect(updated.get("ModelApprovalStatus") == "Approved", "approval status is Approved")
    expect(updated.get("ApprovalDescription") == "Offline AUC 0.91 on the holdout set", "approval description set")
    expect(
        updated.get("CustomerMetadataProperties") == {"auc": "0.91", "dataset": "weekly-2024-06"},
        "metadata: auc added, owner removed, dataset kept",
    )
    expect(spec_names(updated) == ["json-endpoint"], "additional inference specification json-endpoint added")


UNVERSIONED_PACKAGE: dict[str, Any] = {
    "ModelPackageName": UNVERSIONED,
    "ModelPackageDescription": "Fraud model for the marketplace listing",
    "InferenceSpecification": templates.inference_spec(image=IMAGE, model_data=MODEL_DATA),
    "CertifyForMarketplace": False,
    "Tags": [{"Key": "team", "Value": "risk"}],
}
UNVERSIONED_STACK_TAGS = {"project": "fraud", "aws:cloudformation:stack-name": "local-stack"}
# Only tags: whether SageMaker updates unversioned packages at all is open (fidelity ledger
# row 22), and the local SageMaker refuses it by default.
RETAG = {"Tags": [{"Key": "team", "Value": "risk-platform"}, {"Key": "tier", "Value": "gold"}]}


def unversioned_story(control: Any) -> None:
    print(f"\n=== An unversioned model package {UNVERSIONED} with tags ===")
    title = "CREATE (resource tags + stack tags; CloudFormation's aws: tags left out)"
    created = create(title, UNVERSIONED_PACKAGE, UNVERSIONED_STACK_TAGS, "demo-create-unversioned")
    expect(created.get("ModelPackageStatus") == "Completed", "the package is Completed")
    expect(tags_of(created) == {"project": "fraud", "team": "risk"}, "tags: team=risk and project=fraud")
    expect(
        not any(
            tag["Key"].startswith("aws:")
            for params in sent(control, "CreateModelPackage")
            for tag in params.get("Tags") or ()
        ),
        "no aws: tag was sent",
    )
    updated = update("UPDATE: retag", RETAG, created, UNVERSIONED_STACK_TAGS, "demo-update-unversioned")
    expect(
        tags_of(updated) == {"project": "fraud", "team": "risk-platform", "tier": "gold"},
        "tags: team changed, tier added, project kept",
    )
    delete(updated, "demo-delete-unversioned")


def prepare(server: Any) -> None:
    """Point the provider at the local SageMaker, give it the demo's timings and the group the
    versioned story uses."""
    os.environ["AWS_ENDPOINT_URL_SAGEMAKER"] = server.url
    server.control.configure(**TIMINGS)
    print(
        f"Local SageMaker on {server.url}: Pending {TIMINGS['pending_seconds']:g}s, "
        f"InProgress {TIMINGS['in_progress_seconds']:g}s, Deleting {TIMINGS['deleting_seconds']:g}s"
    )
    sagemaker = boto3.client(
        "sagemaker",
        endpoint_url=server.url,
        region_name=invoke.REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    sagemaker.create_model_package_group(
        ModelPackageGroupName=GROUP,
        ModelPackageGroupDescription="Churn models of the demo",
        Tags=[{"Key": "project", "Value": "churn"}],
    )
    print(f"Created model package group {GROUP}")


def print_writes(control: Any) -> None:
    writes = [call["operation"] for call in control.calls() if not call["operation"].startswith(("Describe", "List"))]
    print(f"\nWrite calls SageMaker received: {', '.join(writes)}")


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = start()
    started = time.monotonic()
    try:
        prepare(server)
        versioned_story(server.control)
        unversioned_story(server.control)
        print_writes(server.control)
    except StepFailed as failure:
        print(f"\nDEMO FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    print(f"\nDemo finished: every step ended as asked ({time.monotonic() - started:.1f}s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
