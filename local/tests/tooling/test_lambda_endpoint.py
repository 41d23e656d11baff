"""The local Lambda endpoint answers boto3's Lambda client the way Lambda does."""

import json
import os
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from local.lambda_endpoint import ROOT, load_functions, start, start_local_sagemaker

HERE = Path(__file__).resolve().parent
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def lambda_client(url):
    return boto3.client(
        "lambda",
        endpoint_url=url,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 0}),
        **CREDENTIALS,
    )


def invoke(client, name, event):
    response = client.invoke(FunctionName=name, Payload=json.dumps(event).encode())
    return response, json.load(response["Payload"])


@pytest.fixture(scope="module")
def sagemaker():
    server = start_local_sagemaker()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def provider(sagemaker):
    with start(port=0, sagemaker_url=sagemaker.url) as endpoint:
        yield lambda_client(endpoint.url)


@pytest.fixture
def fixture_functions(tmp_path):
    template = tmp_path / "template.yml"
    template.write_text(
        """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
Resources:
  Describe:
    Type: AWS::Serverless::Function
    Properties:
      Handler: lambda_fixture_functions.describe
      CodeUri: !Sub "${AWS::StackName}/build"
  Fail:
    Type: AWS::Serverless::Function
    Properties:
      Handler: lambda_fixture_functions.fail
  Missing:
    Type: AWS::Serverless::Function
    Properties:
      Handler: lambda_fixture_functions.absent
"""
    )
    with start(port=0, template=template, code_dir=HERE, sagemaker_url="http://sagemaker.test") as endpoint:
        yield lambda_client(endpoint.url)


def test_functions_and_handlers_come_from_the_template():
    config = json.loads((ROOT / ".rpdk-config").read_text())
    functions = load_functions(ROOT / "template.yml")
    assert functions["TypeFunction"].handler == config["entrypoint"]
    assert functions["TestEntrypoint"].handler == config["testEntrypoint"]
    assert functions["TypeFunction"].timeout == 180


def list_request():
    return {
        "awsAccountId": "123456789012",
        "bearerToken": "b1e2a3r4-token",
        "region": "us-east-1",
        "action": "LIST",
        "resourceType": "AWS::SageMaker::ModelPackage",
        "requestData": {
            "callerCredentials": {"accessKeyId": "testing", "secretAccessKey": "testing", "sessionToken": "t"},
            "resourceProperties": {},
            "logicalResourceId": "Package",
        },
        "callbackContext": None,
    }


def test_type_function_runs_the_real_entrypoint(provider):
    response, result = invoke(provider, "TypeFunction", list_request())
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert result["status"] == "SUCCESS", result
    assert isinstance(result["resourceModels"], list)


def test_malformed_request_is_answered_by_the_entrypoint_not_the_endpoint(provider):
    response, result = invoke(provider, "TypeFunction", {"action": "READ"})
    assert "FunctionError" not in response
    assert result["status"] == "FAILED"
    assert result["errorCode"]


def test_test_entrypoint_is_served_too(provider):
    response, result = invoke(provider, "TestEntrypoint", {"unexpected": True})
    assert "FunctionError" not in response
    assert result["status"] == "FAILED"
    assert result["errorCode"] == "InternalFailure"


def test_unknown_function_is_lambdas_resource_not_found(provider):
    with pytest.raises(provider.exceptions.ResourceNotFoundException) as caught:
        provider.invoke(FunctionName="NoSuchFunction", Payload=b"{}")
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert "function:NoSuchFunction" in error["Error"]["Message"]


def test_function_gets_event_context_and_endpoint_configuration(fixture_functions):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:Describe"
    response, result = invoke(fixture_functions, arn, {"thing": 1})
    assert "FunctionError" not in response
    assert result["event"] == {"thing": 1}
    assert result["function_name"] == "Describe"
    assert result["invoked_function_arn"] == arn
    assert result["aws_request_id"] == response["ResponseMetadata"]["RequestId"]
    assert 0 < result["remaining_time_in_millis"] <= 30_000
    assert result["sagemaker_endpoint"] == result["sts_endpoint"] == "http://sagemaker.test"
    assert result["region"] == "us-east-1"


def test_exception_in_handler_is_an_unhandled_function_error(fixture_functions):
    response, result = invoke(fixture_functions, "Fail", {"thing": "this"})
    assert response["StatusCode"] == 200
    assert response["FunctionError"] == "Unhandled"
    assert result["errorType"] == "ValueError"
    assert result["errorMessage"] == "cannot handle this"
    assert any("lambda_fixture_functions.py" in frame for frame in result["stackTrace"])


def test_missing_handler_is_reported_like_the_lambda_runtime(fixture_functions):
    response, result = invoke(fixture_functions, "Missing", {})
    assert response["FunctionError"] == "Unhandled"
    assert result["errorType"] == "Runtime.HandlerNotFound"


def test_payload_that_is_not_json_is_rejected(fixture_functions):
    with pytest.raises(fixture_functions.exceptions.InvalidRequestContentException):
        fixture_functions.invoke(FunctionName="Describe", Payload=b"{not json")


def test_endpoint_configuration_is_restored_on_stop(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL_SAGEMAKER", raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", "http://sts.before")
    with start(port=0, sagemaker_url="http://sagemaker.test") as endpoint:
        assert endpoint.url.startswith("http://127.0.0.1:")
    assert "AWS_ENDPOINT_URL_SAGEMAKER" not in os.environ
    assert "AWS_DEFAULT_REGION" not in os.environ
    assert os.environ["AWS_ENDPOINT_URL_STS"] == "http://sts.before"
