"""The SageMaker client, configured for a Lambda handler.

Timeouts: 3 s to connect, 10 s to read; with botocore's retries as ``retries.py`` configures
them (2 attempts in all for a 5xx or a network failure, one for throttling), one call that keeps
failing costs at most 2 x (3 + 10) s plus one jittered back-off of at most 1 s, about 27 s; the
first call that still fails ends the invocation, so an invocation stays well below the Lambda
timeout.
``SAGEMAKER_READ_TIMEOUT_SECONDS`` overrides the read timeout (read at client creation; the
reliability tests shorten it). Endpoints follow the standard ``AWS_ENDPOINT_URL_SAGEMAKER``
variable, so the same code runs against AWS and a local SageMaker. The region is the
request's, not the Lambda function's environment.
"""

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from botocore.config import Config
from cloudformation_cli_python_lib.boto3_proxy import SessionProxy, _get_boto_session
from cloudformation_cli_python_lib.utils import Credentials

from . import api_model, retries

if TYPE_CHECKING:  # the stubs are a development dependency: the artifact never imports them
    from types_boto3_sagemaker import SageMakerClient

CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
READ_TIMEOUT_VARIABLE = "SAGEMAKER_READ_TIMEOUT_SECONDS"


def retry_config(policy: retries.Policy = retries.DEFAULT) -> Config:
    return Config(
        retries=retries.botocore_retries(policy),
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=float(os.environ.get(READ_TIMEOUT_VARIABLE) or READ_TIMEOUT_SECONDS),
        user_agent_extra="cfn-sagemaker-modelpackage",
    )


def sagemaker(session: Any, region: str | None = None, policy: retries.Policy = retries.DEFAULT) -> "SageMakerClient":
    """A SageMaker client with the caller's credentials (a ``CallerSession``, or a boto3-backed
    ``SessionProxy``), in the region of the request (the caller's session carries none).

    A client made from a new boto3 session parses botocore's endpoint and SageMaker model files
    again (about half a second). So clients are made by one botocore session kept for the life
    of the execution environment, and the last few are kept per credentials, region and
    endpoint: a warm invocation (every page of a LIST, every callback of a stabilisation) reuses
    them. Any other session object is asked for a client directly. ``policy``: how botocore
    retries inside the invocation."""
    credentials = _credentials_of(session)
    if credentials is None:
        kwargs = {"region_name": region} if region else {}
        made = session.client("sagemaker", config=retry_config(policy), **kwargs)
        return retries.without_throttling_retries(cast("SageMakerClient", made), policy)
    return _client(credentials, region, tuple(os.environ.get(name) for name in _ENVIRONMENT_OF_A_CLIENT), policy)


# What else a client depends on: a cached one is reused only while these are unchanged.
_ENVIRONMENT_OF_A_CLIENT = (READ_TIMEOUT_VARIABLE, "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL")
CACHED_CLIENTS = 4


@lru_cache(maxsize=CACHED_CLIENTS)
def _client(
    credentials: tuple[str, str, str | None],
    region: str | None,
    _environment: tuple[str | None, ...],
    policy: retries.Policy,
) -> "SageMakerClient":
    """A client, cached by its arguments: ``_environment`` holds the values of the variables
    the client is made with (``_ENVIRONMENT_OF_A_CLIENT``), so that a changed one makes a new client."""
    access_key, secret_key, token = credentials
    made = api_model.session().create_client(
        "sagemaker",
        config=retry_config(policy),
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=token,
        **({"region_name": region} if region else {}),
    )
    return retries.without_throttling_retries(cast("SageMakerClient", made), policy)


def _credentials_of(session: Any) -> tuple[str, str, str | None] | None:
    if isinstance(session, CallerSession):
        found = session.credentials
        return found.accessKeyId, found.secretAccessKey, found.sessionToken
    boto3_session = getattr(session, "session", None)
    frozen = boto3_session.get_credentials() if boto3_session is not None else None
    if frozen is None:
        return None
    frozen = frozen.get_frozen_credentials()
    return frozen.access_key, frozen.secret_key, frozen.token


class CallerSession(SessionProxy):
    """The caller's credentials, standing where the library puts a boto3 session. The session
    is built only if something asks for it: building one per invocation (about 5 ms, the
    largest part of a warm LIST page) buys nothing when the client is reused."""

    def __init__(self, credentials: Credentials):
        self.credentials = credentials
        self._session: Any | None = None

    @property
    def session(self) -> Any:
        if self._session is None:
            proxy = _get_boto_session(self.credentials)
            if proxy is None:  # the library answers None only when given no credentials
                raise ValueError("no credentials to build a session from")
            self._session = proxy.session
        return self._session

    @property
    def client(self) -> Any:
        return self.session.client

    @property
    def resource(self) -> Any:
        return self.session.resource
