"""The platform's faults around a call (``network.py``): answers lost after the write, a network
that goes down, expired credentials; the access key and region of each call; CloudWatch Logs
served and throttled like SageMaker; moto's state safe under concurrent calls."""

import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError
from sagemaker_helpers import client, error_of

from local.sagemaker.control import ControlError
from local.templates import inference_spec

UNVERSIONED = {"InferenceSpecification": inference_spec()}


def _names(sm_no_retries):
    return sorted(p["ModelPackageName"] for p in sm_no_retries.list_model_packages()["ModelPackageSummaryList"])


def _signed(server, key, region="us-east-1", service="sagemaker", **config):
    config.setdefault("retries", {"mode": "standard", "total_max_attempts": 1})
    return boto3.client(
        service,
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="secret",
        config=Config(**config),
    )


def test_a_lost_answer_is_reset_after_the_write_is_applied(sm_no_retries, control, instant):
    control.lose_answer(1, "reset")
    with pytest.raises(ConnectionClosedError):
        sm_no_retries.create_model_package(ModelPackageName="applied", **UNVERSIONED)
    assert _names(sm_no_retries) == ["applied"]
    assert [c["fault"] for c in control.calls()] == ["lost-reset", None]
    assert control.network()["lost_answers"] == []


def test_a_lost_answer_is_held_until_the_client_times_out(local_sagemaker, sm_no_retries, control, instant):
    impatient = client(local_sagemaker, read_timeout=0.1)
    control.lose_answer(1, "timeout")
    began = time.monotonic()
    with pytest.raises(ReadTimeoutError):
        impatient.create_model_package(ModelPackageName="applied", **UNVERSIONED)
    assert time.monotonic() - began < 5  # the client's timeout, not the server's hold
    assert _names(sm_no_retries) == ["applied"]


def test_the_network_goes_down_after_a_lost_answer_until_it_is_back(local_sagemaker, sm_no_retries, control, instant):
    logs = client(local_sagemaker, "logs")
    control.lose_answer(1, "down")
    with pytest.raises(ConnectionClosedError):
        sm_no_retries.create_model_package(ModelPackageName="applied", **UNVERSIONED)
    with pytest.raises(ConnectionClosedError):
        sm_no_retries.list_model_packages()
    with pytest.raises(ConnectionClosedError):
        logs.create_log_group(logGroupName="g")
    assert control.network()["down"] is True
    control.network_up()
    assert _names(sm_no_retries) == ["applied"]
    faults = [c["fault"] for c in control.calls(service=None)]
    assert faults == ["lost-down", "network-down", "network-down", None]


def test_the_nth_write_counts_sagemaker_writes_only(local_sagemaker, sm_no_retries, control, instant):
    control.lose_answer(2, "reset")
    arn = sm_no_retries.create_model_package(ModelPackageName="first", **UNVERSIONED)["ModelPackageArn"]
    sm_no_retries.describe_model_package(ModelPackageName="first")
    sm_no_retries.list_model_packages()
    client(local_sagemaker, "logs").create_log_group(logGroupName="g")
    assert control.network()["lost_answers"] == [{"nth": 2, "how": "reset", "operation": None, "seen": 1}]
    with pytest.raises(ConnectionClosedError):
        sm_no_retries.add_tags(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}])
    assert sm_no_retries.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "a", "Value": "1"}]


def test_the_nth_call_of_one_operation_counts_that_operation_only(sm_no_retries, control, instant):
    arn = sm_no_retries.create_model_package(ModelPackageName="first", **UNVERSIONED)["ModelPackageArn"]
    control.lose_answer(2, "reset", "AddTags")
    sm_no_retries.add_tags(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}])
    sm_no_retries.delete_tags(ResourceArn=arn, TagKeys=["a"])
    with pytest.raises(ConnectionClosedError):
        sm_no_retries.add_tags(ResourceArn=arn, Tags=[{"Key": "b", "Value": "2"}])
    assert sm_no_retries.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_a_key_expires_after_the_calls_it_still_serves(local_sagemaker, control, instant):
    expiring, other = _signed(local_sagemaker, "AKIAEXPIRING"), _signed(local_sagemaker, "AKIAOTHER")
    control.expire("AKIAEXPIRING", after_calls=1)
    expiring.list_model_packages()
    for call in (
        expiring.list_model_packages,
        lambda: expiring.create_model_package(ModelPackageName="p", **UNVERSIONED),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo) == ("ExpiredTokenException", "The security token included in the request is expired")
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    other.list_model_packages()
    assert _names(other) == []  # the refused create never reached SageMaker
    with pytest.raises(ClientError) as excinfo:
        _signed(local_sagemaker, "AKIAEXPIRING", service="sts").get_caller_identity()
    assert error_of(excinfo)[0] == "ExpiredToken"  # the query protocol's code
    control.reset()
    expiring.list_model_packages()


def test_each_call_records_its_access_key_and_region(local_sagemaker, control):
    _signed(local_sagemaker, "AKIAEAST", "us-east-1").list_model_packages()
    _signed(local_sagemaker, "AKIAWEST", "us-west-2").list_model_packages()
    _signed(local_sagemaker, "AKIALOGS", "eu-west-1", "logs").create_log_group(logGroupName="g")
    assert [(c["service"], c["access_key"], c["region"]) for c in control.calls(service=None)] == [
        ("sagemaker", "AKIAEAST", "us-east-1"),
        ("sagemaker", "AKIAWEST", "us-west-2"),
        ("logs", "AKIALOGS", "eu-west-1"),
    ]


def test_cloudwatch_logs_is_served_and_throttled_like_sagemaker(local_sagemaker, control):
    logs = client(local_sagemaker, "logs")
    logs.create_log_group(logGroupName="g")
    logs.create_log_stream(logGroupName="g", logStreamName="s")
    control.rate_limit("PutLogEvents", 0.001, 1)
    event = {"timestamp": int(time.time() * 1000), "message": "line"}
    logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[event])
    with pytest.raises(ClientError) as excinfo:
        logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[event])
    assert error_of(excinfo) == ("ThrottlingException", "Rate exceeded")
    assert [e["message"] for e in logs.get_log_events(logGroupName="g", logStreamName="s")["events"]] == ["line"]


def test_concurrent_creates_and_listings_are_served_one_at_a_time(local_sagemaker, control, instant):
    """moto's backends are plain dicts: a listing walking them while creates add to them raised
    "dictionary changed size during iteration" before calls into moto were serialised."""
    sm_no_retries = client(local_sagemaker, max_pool_connections=50)
    sm_no_retries.create_model_package_group(ModelPackageGroupName="concurrent")

    def create(number):
        sm_no_retries.create_model_package(ModelPackageGroupName="concurrent", InferenceSpecification=inference_spec())
        return len(
            sm_no_retries.list_model_packages(ModelPackageGroupName="concurrent", MaxResults=100)[
                "ModelPackageSummaryList"
            ]
        )

    with ThreadPoolExecutor(max_workers=50) as pool:
        listed = list(pool.map(create, range(100)))

    assert all(1 <= count <= 100 for count in listed)
    assert (
        len(
            sm_no_retries.list_model_packages(ModelPackageGroupName="concurrent", MaxResults=100)[
                "ModelPackageSummaryList"
            ]
        )
        == 100
    )
    assert [c["fault"] for c in control.calls()].count(None) == len(control.calls())


def test_bad_network_requests_are_refused(control):
    with pytest.raises(ControlError):
        control.lose_answer(1, "sideways")
    with pytest.raises(ControlError):
        control.lose_answer(0, "reset")
    with pytest.raises(ControlError):
        control.expire("AKIA", after_calls=-1)
