"""Helpers of the integration tests (the fixtures are in conftest.py)."""

from local import invoke

GROUP = "churn-models"
IMAGE = f"{invoke.ACCOUNT}.dkr.ecr.{invoke.REGION}.amazonaws.com/xgboost:1"
MODEL_DATA = "s3://models-bucket/churn/model.tar.gz"
WRITES = ("Create", "Update", "Delete", "AddTags", "DeleteTags")


def inference_spec(content_type="text/csv"):
    """Valid for versions and unversioned packages alike (these need instance types: fidelity ledger row 28)."""
    return {
        "Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL_DATA}],
        "SupportedContentTypes": [content_type],
        "SupportedResponseMIMETypes": [content_type],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
        "SupportedTransformInstanceTypes": ["ml.m5.large"],
    }


def additional_spec(name, content_type="application/json"):
    return {"Name": name, **inference_spec(content_type)}


def succeeded(events):
    last = events[-1]
    assert last["status"] == "SUCCESS", (last.get("errorCode"), last.get("message"))
    return last.get("resourceModel")


def writes(control):
    """The write calls SageMaker received, in order (operation, params)."""
    return [
        (call["operation"], call["params"])
        for call in control.calls()
        if call["operation"].startswith(WRITES) and call["operation"] != "CreateModelPackageGroup"
    ]


def tags_of(model):
    return {tag["Key"]: tag["Value"] for tag in model.get("Tags") or ()}


def live_packages(sm, **filters):
    """ARNs SageMaker lists (both kinds unless filtered), not counting packages being deleted."""
    filters = filters or {"ModelPackageType": "Both"}
    summaries = sm.list_model_packages(**filters)["ModelPackageSummaryList"]
    return [s["ModelPackageArn"] for s in summaries if s["ModelPackageStatus"] != "Deleting"]
