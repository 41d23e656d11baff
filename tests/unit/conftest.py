"""A real boto3 SageMaker client with botocore's Stubber, handed to the handlers through a
session object, so that every test pins the exact sequence of API requests a handler makes.

Retries: the client is built with the provider's own retry configuration
(``client.retry_config()``, standard mode, several attempts). The Stubber answers in botocore's
``before-call`` event, before the HTTP layer where the retry handler sits, so a stubbed
error is consumed by exactly one call and never retried by botocore: each error is stubbed
once. ``test_a_stubbed_error_is_consumed_once_despite_the_retry_config`` proves it.
"""

import boto3
import pytest
from botocore.stub import Stubber

from aws_sagemaker_modelpackage import client as clients
from local.clock import Clock


class FakeSession:
    """What CloudFormation passes as ``session``: only ``client`` is used by the provider."""

    def __init__(self, client):
        self._client = client
        self.clients_made = []

    def client(self, service_name, config=None, **kwargs):
        self.clients_made.append((service_name, config, kwargs))
        assert service_name == "sagemaker", service_name
        return self._client


class Api:
    """The stubbed SageMaker: ``stubber`` to queue answers, ``session`` for the handlers."""

    def __init__(self, boto_session):
        self.client = boto_session.client("sagemaker", config=clients.retry_config())
        self.stubber = Stubber(self.client)
        self.session = FakeSession(self.client)

    def respond(self, method, response, params):
        self.stubber.add_response(method, response, expected_params=params)

    def fail(self, method, code, message, params, status=400):
        self.stubber.add_client_error(
            method, service_error_code=code, service_message=message, http_status_code=status, expected_params=params
        )


@pytest.fixture(scope="session")
def boto_session():
    """One boto3 session for the run: its loader keeps SageMaker's large service model, so a
    fresh client per test costs milliseconds."""
    return boto3.session.Session(
        aws_access_key_id="AKIAUNITTEST00000000", aws_secret_access_key="unit-test-secret", region_name="us-east-1"
    )


@pytest.fixture
def api(boto_session):
    stubbed = Api(boto_session)
    with stubbed.stubber:
        yield stubbed
        # Every queued answer was asked for, in order, with the expected request.
        stubbed.stubber.assert_no_pending_responses()


@pytest.fixture(autouse=True)
def clock():
    """The handlers' clock, simulated (``local/clock.py``): delays are the top of each
    window, so a test can name them, and time passes only when a test moves it."""
    with Clock().installed() as simulated:
        yield simulated
