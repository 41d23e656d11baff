"""Functions for the local Lambda endpoint's tests: one that reports what it was given, one that fails."""

import os


def describe(event, context):
    return {
        "event": event,
        "function_name": context.function_name,
        "invoked_function_arn": context.invoked_function_arn,
        "aws_request_id": context.aws_request_id,
        "remaining_time_in_millis": context.get_remaining_time_in_millis(),
        "sagemaker_endpoint": os.environ.get("AWS_ENDPOINT_URL_SAGEMAKER"),
        "sts_endpoint": os.environ.get("AWS_ENDPOINT_URL_STS"),
        "region": os.environ.get("AWS_DEFAULT_REGION"),
    }


def fail(event, context):
    raise ValueError(f"cannot handle {event['thing']}")
