"""Clients and small helpers for the local SageMaker tests."""

import boto3
from botocore.config import Config

ACCOUNT = "123456789012"
REGION = "us-east-1"


def client(server, service="sagemaker", **config):
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"mode": "standard", "max_attempts": 1}, **config),
    )


def error_of(excinfo):
    """(code, message) of a botocore ClientError."""
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]
