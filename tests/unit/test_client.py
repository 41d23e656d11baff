"""The SageMaker client the handlers get: the caller's credentials, the request's region, and
one client reused per credentials, region and endpoint across warm invocations; botocore's
retries inside an invocation for a 5xx, not for throttling (answered without a network)."""

import botocore.session
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.retries import standard
from cloudformation_cli_python_lib.utils import Credentials

from aws_sagemaker_modelpackage import api_model, retries
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


CODES = {400: "ThrottlingException", 429: "TooManyRequestsException", 500: "InternalFailure"}


def _answering(made, *statuses, codes=CODES):
    """``made`` answers each attempt with the next of ``statuses`` (an error body, with its code
    in ``codes``, for >= 400), without a network; returns the list of operations attempted."""
    attempts = []
    answers = iter(statuses)

    def send(request, **_kwargs):
        attempts.append(request.headers.get("X-Amz-Target", b"").decode().rsplit(".", 1)[-1])
        status = next(answers)
        code = codes.get(status)
        body = f'{{"__type": "{code}", "message": "Rate exceeded"}}' if code else '{"ModelPackageSummaryList": []}'
        return AWSResponse(request.url, status, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(body.encode()))

    made.meta.events.register("before-send.sagemaker", send)
    return attempts


class _Raw:
    def __init__(self, body):
        self._body = body

    def stream(self, **_kwargs):
        yield self._body


@pytest.fixture
def own_botocore_session(monkeypatch):
    """The retry tests make calls outside any handler: their clients come from a botocore
    session of their own, so that hooks on the shared one (the least-privilege recorder) miss them."""
    own = botocore.session.get_session()
    monkeypatch.setattr(api_model, "session", lambda: own)
    clients._client.cache_clear()
    yield
    clients._client.cache_clear()  # no client of the own session outlives the test


@pytest.mark.parametrize(
    "status, codes", [(400, CODES), (429, CODES), (429, {429: "RateExceeded"})], ids=["400", "429", "unmodelled-429"]
)
def test_throttling_is_not_retried_inside_the_invocation(status, codes, monkeypatch, own_botocore_session):
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda *_args: 0)
    made = clients.sagemaker(caller(f"AKIACLIENTTEST00000{status}"), "us-east-1")
    attempts = _answering(made, status, 200, codes=codes)

    with pytest.raises(ClientError):
        made.list_model_packages()
    assert attempts == ["ListModelPackages"]


def test_a_5xx_is_retried_once_inside_the_invocation(monkeypatch, own_botocore_session):
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda *_args: 0)
    made = clients.sagemaker(caller("AKIACLIENTTEST000004"), "us-east-1")
    attempts = _answering(made, 500, 500, 200)

    with pytest.raises(ClientError):
        made.list_model_packages()
    assert attempts == ["ListModelPackages"] * retries.DEFAULT.botocore_attempts


def test_a_5xx_then_success_inside_the_invocation_succeeds_and_a_client_handed_out_again_keeps_one_handler(
    monkeypatch, own_botocore_session
):
    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda *_args: 0)
    made = clients.sagemaker(caller("AKIACLIENTTEST000005"), "us-east-1")
    retries.without_throttling_retries(made, retries.DEFAULT)
    attempts = _answering(made, 500, 200)

    assert made.list_model_packages()["ModelPackageSummaryList"] == []
    assert len(attempts) == 2
