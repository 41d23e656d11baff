"""The SageMaker client, configured for a Lambda handler.

Retry policy (see README, "Reliability"): botocore's standard mode with 2 attempts in all,
a 3 s connect timeout and a 10 s read timeout. One call that keeps failing costs at most
2 x (3 + 10) s plus one jittered back-off of at most 1 s, about 27 s; the first call that
still fails ends the invocation, so an invocation stays well below the Lambda timeout.
Throttling, 5xx and network failures that outlast botocore's retry are handed back to
CloudFormation by the chain (IN_PROGRESS with a delay of 2, 4, 8, 16, 32 s), then fail.
``SAGEMAKER_READ_TIMEOUT_SECONDS`` overrides the read timeout (read at client creation; the
reliability tests shorten it). Endpoints follow the standard ``AWS_ENDPOINT_URL_SAGEMAKER``
variable, so the same code runs against AWS and a local SageMaker. The region is the
request's, not the Lambda function's environment.
"""
import os
from typing import Optional

from botocore.config import Config

MAX_ATTEMPTS = 2
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
READ_TIMEOUT_VARIABLE = "SAGEMAKER_READ_TIMEOUT_SECONDS"


def retry_config() -> Config:
    return Config(
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=float(os.environ.get(READ_TIMEOUT_VARIABLE) or READ_TIMEOUT_SECONDS),
        user_agent_extra="cfn-sagemaker-modelpackage",
    )


RETRY_CONFIG = retry_config()


def sagemaker(session, region: Optional[str] = None):
    """A SageMaker client from the CloudFormation-provided session (caller credentials), in
    the region of the request (the library's session carries no region)."""
    kwargs = {"region_name": region} if region else {}
    return session.client("sagemaker", config=retry_config(), **kwargs)
