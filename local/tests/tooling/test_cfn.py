"""cfn-cli's STS calls reach the STS configured by AWS_ENDPOINT_URL_STS once local.cfn has patched it."""

import boto3
import pytest
from rpdk.core import boto_helpers
from rpdk.core.boto_helpers import LOWER_CAMEL_CRED_KEYS

from local import cfn
from local.lambda_endpoint import start_local_sagemaker


@pytest.fixture
def patched(monkeypatch):
    monkeypatch.setattr(boto_helpers, "get_service_endpoint", boto_helpers.get_service_endpoint)
    cfn.patch()


def test_without_configuration_the_public_endpoint_is_kept(patched, monkeypatch):
    monkeypatch.delenv("AWS_ENDPOINT_URL_STS", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    assert boto_helpers.get_service_endpoint("sts", "us-east-1") == "https://sts.us-east-1.amazonaws.com"


def test_cfn_cli_gets_credentials_and_account_from_the_local_sts(patched, monkeypatch):
    sagemaker = start_local_sagemaker()
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL_STS", sagemaker.url)
        session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
        credentials = boto_helpers.get_temporary_credentials(session, LOWER_CAMEL_CRED_KEYS)
        assert set(credentials) == set(LOWER_CAMEL_CRED_KEYS)
        assert boto_helpers.get_account(session, credentials) == "123456789012"
    finally:
        sagemaker.stop()
