"""The local SageMaker as a test sees it: a client, what it holds, which calls wrote."""

from typing import Any

import boto3
import botocore.session

from local import invoke

# SageMaker's operations that only read, by the verb their names start with.
_READS = ("Describe", "List", "Get", "Search", "BatchDescribe", "Query", "Render")
# Every other operation of botocore's SageMaker model may change something: one set for every
# check that "nothing was written".
WRITE_OPERATIONS = frozenset(
    name
    for name in botocore.session.get_session().get_service_model("sagemaker").operation_names
    if not name.startswith(_READS)
)


def client(server: Any) -> Any:
    """A SageMaker client of the local SageMaker ``server``, as a test (not the handler) uses it."""
    return boto3.client(
        "sagemaker",
        endpoint_url=server.url,
        region_name=invoke.REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def packages(sm: Any, **filters: Any) -> list[dict[str, Any]]:
    """The summaries of every model package listed (both kinds unless filtered), every page."""
    pages = sm.get_paginator("list_model_packages").paginate(**(filters or {"ModelPackageType": "Both"}))
    return [summary for page in pages for summary in page["ModelPackageSummaryList"]]


def writes(calls: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The write calls among ``calls`` (``Control.calls()``), in order: (operation, params)."""
    return [(call["operation"], call["params"]) for call in calls if call["operation"] in WRITE_OPERATIONS]
