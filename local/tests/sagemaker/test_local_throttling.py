"""Throttling as SageMaker answers it (callers.md §3: ThrottlingException, "Rate exceeded", HTTP 400;
sagemaker-python-sdk #645, #2293): token buckets per operation and outages, on the local clock.

Rates are small (one token per 1000 s), so that the real time a test takes refills nothing and only
``advance`` does.
"""

import pytest
from botocore.exceptions import ClientError
from botocore.retries.standard import RetryContext, ThrottledRetryableChecker
from sagemaker_helpers import client, error_of

from local.sagemaker.control import ControlError
from local.sagemaker.throttle import Throttle, parse_outages, parse_rate_limits

SLOW = 0.001  # tokens per second


def throttled(call, **request):
    """The ClientError of a call that must be throttled."""
    with pytest.raises(ClientError) as excinfo:
        call(**request)
    assert error_of(excinfo) == ("ThrottlingException", "Rate exceeded")
    return excinfo.value


def test_burst_then_refusal_then_refill_after_advance(sm_no_retries, control):
    control.rate_limit("ListModelPackages", SLOW, 3)
    for _ in range(3):
        sm_no_retries.list_model_packages()
    throttled(sm_no_retries.list_model_packages)
    control.advance(1 / SLOW)  # one token back
    sm_no_retries.list_model_packages()
    throttled(sm_no_retries.list_model_packages)
    control.advance(100 / SLOW)  # never more than the burst
    for _ in range(3):
        sm_no_retries.list_model_packages()
    throttled(sm_no_retries.list_model_packages)
    assert [c["fault"] for c in control.calls()].count("throttled") == 3


def test_limits_are_per_operation_and_can_be_removed(sm_no_retries, control):
    assert control.rate_limit("ListModelPackages", SLOW, 1) == {"ListModelPackages": {"rate": SLOW, "burst": 1}}
    sm_no_retries.list_model_packages()
    throttled(sm_no_retries.list_model_packages)
    sm_no_retries.list_model_package_groups()  # another operation is not limited
    assert control.rate_limit("ListModelPackages", None) == {}
    sm_no_retries.list_model_packages()
    assert control.rate_limits() == {}


def test_the_throttled_answer_is_sagemakers_and_botocore_retries_it(sm_no_retries, control):
    control.rate_limit("DescribeModelPackage", SLOW, 1)
    with pytest.raises(ClientError):  # the token is used even though the package does not exist
        sm_no_retries.describe_model_package(ModelPackageName="p")
    error = throttled(sm_no_retries.describe_model_package, ModelPackageName="p")
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["Error"]["Code"] == "ThrottlingException"
    checker = ThrottledRetryableChecker()
    assert checker.is_retryable(RetryContext(attempt_number=1, parsed_response=error.response))
    # A throttled call never reached SageMaker, and is recorded as such.
    assert [c["fault"] for c in control.calls()] == [None, "throttled"]
    assert control.calls()[-1]["params"] == {"ModelPackageName": "p"}


def test_a_throttled_create_makes_nothing(sm_no_retries, control, instant, group):
    control.rate_limit("CreateModelPackage", SLOW, 1)
    sm_no_retries.create_model_package(ModelPackageGroupName=group)
    throttled(sm_no_retries.create_model_package, ModelPackageGroupName=group)
    versions = sm_no_retries.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    assert [v["ModelPackageVersion"] for v in versions] == [1]


def test_outage_throttles_every_call_until_it_ends(sm_no_retries, control):
    assert control.outage("ListModelPackages", 1000) == {"ListModelPackages": pytest.approx(1000, abs=10)}
    for _ in range(5):
        throttled(sm_no_retries.list_model_packages)
    sm_no_retries.list_model_package_groups()
    control.advance(990)
    throttled(sm_no_retries.list_model_packages)
    control.advance(10)
    sm_no_retries.list_model_packages()
    assert control.outages() == {}


def test_an_outage_can_be_ended_and_wins_over_a_bucket(sm_no_retries, control):
    control.rate_limit("ListModelPackages", SLOW, 5)
    control.outage("ListModelPackages", 60)
    throttled(sm_no_retries.list_model_packages)
    control.outage("ListModelPackages", 0)
    for _ in range(5):  # the outage took no tokens
        sm_no_retries.list_model_packages()
    throttled(sm_no_retries.list_model_packages)


def test_query_protocol_calls_are_throttled_too(local_sagemaker, control):
    sts = client(local_sagemaker, "sts")
    control.outage("GetCallerIdentity", 10)
    error = throttled(sts.get_caller_identity)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(
    "request_",
    [
        {"ListModelPackages": {"rate": 0, "burst": 1}},
        {"ListModelPackages": {"rate": 1, "burst": 0}},
        {"ListModelPackages": {"rate": 1}},
    ],
)
def test_bad_rate_limits_are_refused(control, request_):
    with pytest.raises(ControlError):
        control._call("rate-limits", request_)
    assert control.rate_limits() == {}


def test_bad_outage_is_refused(control):
    with pytest.raises(ControlError):
        control.outage("ListModelPackages", -1)


def test_environment_variables_are_parsed():
    assert parse_rate_limits(" CreateModelPackage=2/5, DescribeModelPackage=20/40,") == {
        "CreateModelPackage": (2.0, 5.0),
        "DescribeModelPackage": (20.0, 40.0),
    }
    assert parse_outages("CreateModelPackage=150") == {"CreateModelPackage": 150.0}
    assert parse_rate_limits("") == {} and parse_outages("") == {}
    for bad in ("CreateModelPackage=2", "CreateModelPackage", "=2/5", "CreateModelPackage=0/5", "X=a/b"):
        with pytest.raises(ValueError):
            parse_rate_limits(bad)
    for bad in ("CreateModelPackage", "CreateModelPackage=-1", "CreateModelPackage=soon"):
        with pytest.raises(ValueError):
            parse_outages(bad)


def test_a_throttle_starts_from_its_environment():
    throttle = Throttle({"LOCAL_SAGEMAKER_RATE_LIMITS": "Op=0.001/2", "LOCAL_SAGEMAKER_OUTAGES": "Down=1000"})
    assert throttle.limits() == {"Op": {"rate": 0.001, "burst": 2}}
    assert [throttle.throttles("Op") for _ in range(3)] == [False, False, True]
    assert throttle.throttles("Down") and not throttle.throttles("Other")


def test_reset_returns_to_the_environments_values(sm_no_retries, control, monkeypatch):
    control.rate_limit("ListModelPackages", SLOW, 1)
    control.outage("ListModelPackageGroups", 60)
    control.reset()
    assert control.rate_limits() == {} and control.outages() == {}
    monkeypatch.setenv("LOCAL_SAGEMAKER_RATE_LIMITS", "ListModelPackages=0.001/1")
    monkeypatch.setenv("LOCAL_SAGEMAKER_OUTAGES", "ListModelPackageGroups=100000")  # from server start
    control.reset()
    assert control.rate_limits() == {"ListModelPackages": {"rate": SLOW, "burst": 1}}
    assert 0 < control.outages()["ListModelPackageGroups"] <= 100000
    sm_no_retries.list_model_packages()
    throttled(sm_no_retries.list_model_packages)
    throttled(sm_no_retries.list_model_package_groups)
    control.reset()  # full again
    sm_no_retries.list_model_packages()
