"""What the reliability tests share: templates, the driver, the state of the local SageMaker,
and the figures they report (written to ``build/reliability-figures.json``)."""

import copy
import json
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import boto3

from local import invoke
from tests.support.clock import Clock

WRITE_OPERATIONS = frozenset(
    {
        "CreateModelPackage",
        "UpdateModelPackage",
        "DeleteModelPackage",
        "AddTags",
        "DeleteTags",
        "CreateModelPackageGroup",
    }
)
FIGURES: dict[str, Any] = {
    "bad_inputs": Counter(),  # outcome -> count
    "bad_input_kinds": Counter(),  # schema / api-rule -> count
    "faults": Counter(),  # outcome -> count
    "fault_kinds": Counter(),
    "fault_positions": set(),  # (handler, position)
    "exactly_once": Counter(),
    "secret_scenarios": 0,
    "log_lines_checked": 0,
    "permissions_exercised": {},
}
FIGURES_PATH = Path(__file__).resolve().parents[2] / "build" / "reliability-figures.json"

CONTAINER = {
    "Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1",
    "ModelDataUrl": "s3://models/churn/model.tar.gz",
}
# Unversioned packages need both instance-type lists (fidelity ledger row 28).
INFERENCE = {
    "Containers": [CONTAINER],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedTransformInstanceTypes": ["ml.m5.large"],
}
GROUP = "reliability-group"


def spec(name: str) -> dict[str, Any]:
    return {
        "Name": name,
        "Containers": [dict(CONTAINER)],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv"],
    }


def unversioned(name: str = "reliability", **extra: Any) -> dict[str, Any]:
    return {"ModelPackageName": name, "InferenceSpecification": copy.deepcopy(INFERENCE), **extra}


def versioned(group: str = GROUP, **extra: Any) -> dict[str, Any]:
    return {"ModelPackageGroupName": group, "InferenceSpecification": copy.deepcopy(INFERENCE), **extra}


def sagemaker(server: Any) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=server.url,
        region_name=invoke.REGION,
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def drive(
    server: Any, action: str, properties: Mapping[str, Any] | None = None, **event_args: Any
) -> list[dict[str, Any]]:
    """The real entrypoint until it stops answering IN_PROGRESS; the wait CloudFormation would
    make is played by moving the simulated clock the handler and the local SageMaker share, so
    no test sleeps."""
    event_args.setdefault("max_invocations", 60)
    with Clock(time.time(), control=server.control).installed() as clock:
        return invoke.drive(action, properties, sleep=clock.sleep, **event_args)


def packages(sm: Any) -> list[dict[str, Any]]:
    """Every model package in the local SageMaker (both kinds, every page)."""
    found: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"ModelPackageType": "Both", "MaxResults": 100}
    while True:
        page = sm.list_model_packages(**kwargs)
        found += page["ModelPackageSummaryList"]
        if not page.get("NextToken"):
            return found
        kwargs["NextToken"] = page["NextToken"]


def writes(server: Any) -> list[str]:
    return [op for op in server.control.operations() if op in WRITE_OPERATIONS]


def save_figures() -> dict[str, Any]:
    figures = {
        key: (dict(value) if isinstance(value, (Counter, defaultdict)) else value) for key, value in FIGURES.items()
    }
    figures["fault_positions"] = sorted(f"{h}#{p}" for h, p in FIGURES["fault_positions"])
    FIGURES_PATH.parent.mkdir(exist_ok=True)
    FIGURES_PATH.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return figures
