"""The SageMaker client, configured for a Lambda handler.

Retries are bounded so that one invocation never outlives its budget: botocore's standard
mode with 3 attempts retries throttling and 5xx for a few seconds at most; anything still
failing is handed back to CloudFormation (IN_PROGRESS with a delay) by the chain.
Endpoints follow the standard ``AWS_ENDPOINT_URL_SAGEMAKER`` variable, so the same code
runs against AWS and a local SageMaker.
"""
from botocore.config import Config

RETRY_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=5,
    read_timeout=20,
    user_agent_extra="cfn-sagemaker-modelpackage",
)


def sagemaker(session):
    """A SageMaker client from the CloudFormation-provided session (caller credentials)."""
    return session.client("sagemaker", config=RETRY_CONFIG)
