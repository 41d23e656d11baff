"""Clients and small helpers for the local SageMaker tests."""

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"
REGION = "us-east-1"


def client(server, service="sagemaker", **config):
    """A client of the local server; no retries unless ``retries`` says otherwise."""
    config.setdefault("retries", {"mode": "standard", "total_max_attempts": 1})
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(**config),
    )


def error_of(excinfo):
    """(code, message) of a botocore ClientError."""
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]
