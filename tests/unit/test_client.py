"""The SageMaker client the handlers get: the caller's credentials, the request's region, and
one client reused per credentials, region and endpoint across warm invocations."""

from cloudformation_cli_python_lib.utils import Credentials

from aws_sagemaker_modelpackage import client as clients
from aws_sagemaker_modelpackage.client import CallerSession


def caller(key="AKIACLIENTTEST000001"):
    return CallerSession(Credentials(accessKeyId=key, secretAccessKey="secret", sessionToken="token"))


def test_client_carries_the_caller_credentials_and_the_request_region():
    made = clients.sagemaker(caller(), "eu-west-1")

    frozen = made._request_signer._credentials.get_frozen_credentials()
    assert (frozen.access_key, frozen.secret_key, frozen.token) == ("AKIACLIENTTEST000001", "secret", "token")
    assert made.meta.region_name == "eu-west-1"


def test_warm_invocations_reuse_the_client_and_new_credentials_get_their_own():
    first = clients.sagemaker(caller(), "us-east-1")

    assert clients.sagemaker(caller(), "us-east-1") is first
    assert clients.sagemaker(caller("AKIACLIENTTEST000002"), "us-east-1") is not first
    assert clients.sagemaker(caller(), "us-west-2") is not first


def test_a_changed_endpoint_gets_a_new_client(monkeypatch):
    first = clients.sagemaker(caller(), "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:1")

    other = clients.sagemaker(caller(), "us-east-1")

    assert other is not first
    assert other.meta.endpoint_url == "http://127.0.0.1:1"


def test_the_boto3_session_is_built_only_when_asked_for():
    session = caller()

    clients.sagemaker(session, "us-east-1")
    assert session._session is None
    assert session.session.get_credentials().access_key == "AKIACLIENTTEST000001"
