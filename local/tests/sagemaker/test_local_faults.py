import threading
import time

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError, ReadTimeoutError
from sagemaker_helpers import client, error_of

from local.sagemaker.control import ControlError

# The read timeout of a client that gives up on a stalled call: every stall here lasts until the
# local clock is advanced, so the client times out however short this is, and no test waits longer.
IMPATIENT_SECONDS = 0.1


def test_injected_error_is_answered_the_given_number_of_times(sm_no_retries, control):
    control.inject("ListModelPackages", error_code="ThrottlingException", status=400, message="Rate exceeded", times=2)
    for _ in range(2):
        with pytest.raises(ClientError) as excinfo:
            sm_no_retries.list_model_packages()
        assert error_of(excinfo) == ("ThrottlingException", "Rate exceeded")
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    sm_no_retries.list_model_packages()
    assert [c["fault"] for c in control.calls()] == ["error", "error", None]


def test_injected_server_error_is_retried_by_botocore(local_sagemaker, control):
    retrying = client(local_sagemaker, retries={"mode": "standard", "total_max_attempts": 3})
    control.inject("DescribeModelPackageGroup", error_code="InternalFailure", status=500, times=2)
    with pytest.raises(ClientError) as excinfo:
        retrying.describe_model_package_group(ModelPackageGroupName="none")
    assert error_of(excinfo)[0] == "ValidationException"
    assert control.operations() == ["DescribeModelPackageGroup"] * 3


def test_injected_error_for_query_protocol_sts(local_sagemaker, control):
    sts = client(local_sagemaker, "sts")
    control.inject("GetCallerIdentity", error_code="AccessDenied", status=403, message="no")
    with pytest.raises(ClientError) as excinfo:
        sts.get_caller_identity()
    assert error_of(excinfo) == ("AccessDenied", "no")
    assert sts.get_caller_identity()["Account"] == "123456789012"
    assert [c["operation"] for c in control.calls(service="sts")] == ["GetCallerIdentity"] * 2


def test_dropped_connection(sm_no_retries, control, instant):
    control.drop_connection("CreateModelPackage")
    with pytest.raises((ConnectionClosedError, EndpointConnectionError)):
        sm_no_retries.create_model_package(ModelPackageName="p")
    sm_no_retries.create_model_package(ModelPackageName="q")
    assert [p["ModelPackageName"] for p in sm_no_retries.list_model_packages()["ModelPackageSummaryList"]] == ["q"]


def test_stall_makes_the_client_time_out(local_sagemaker, control, sm_no_retries):
    impatient = client(local_sagemaker, read_timeout=IMPATIENT_SECONDS)
    control.stall("ListModelPackages", seconds=3600)  # an hour of the local clock: only advance ends it
    with pytest.raises(ReadTimeoutError):  # the client gave up before the answer came
        impatient.list_model_packages()
    control.advance(3600)
    sm_no_retries.list_model_packages()  # the stall is used up: the next call is answered


def test_stall_answers_once_the_clock_has_moved_on(sm_no_retries, control):
    control.stall("ListModelPackages", seconds=600)
    answers = []
    call = threading.Thread(target=lambda: answers.append(sm_no_retries.list_model_packages()))
    call.start()
    _until(lambda: control.operations() == ["ListModelPackages"])  # the call is in, and stalled
    assert call.is_alive() and not answers  # 600 s of the local clock cannot have passed
    control.advance(600)
    call.join(timeout=30)
    assert answers and answers[0]["ModelPackageSummaryList"] == []


def _until(condition, timeout=30):
    """Wait for something another thread is doing (not for time to pass)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_calls_record_parameters_in_order_and_reset_clears_them(sm_no_retries, control, instant):
    sm_no_retries.create_model_package(ModelPackageName="p", ModelPackageDescription="d")
    sm_no_retries.describe_model_package(ModelPackageName="p")
    calls = control.calls()
    assert calls[0]["params"].pop("ClientToken")  # botocore fills in the idempotency token
    assert calls == [
        {
            "service": "sagemaker",
            "operation": "CreateModelPackage",
            "params": {"ModelPackageName": "p", "ModelPackageDescription": "d"},
            "access_key": "testing",
            "region": "us-east-1",
            "fault": None,
        },
        {
            "service": "sagemaker",
            "operation": "DescribeModelPackage",
            "params": {"ModelPackageName": "p"},
            "access_key": "testing",
            "region": "us-east-1",
            "fault": None,
        },
    ]
    control.inject("DescribeModelPackage")
    control.reset()
    assert control.calls() == [] and control.faults() == {}
    with pytest.raises(ClientError):
        sm_no_retries.describe_model_package(ModelPackageName="p")


def test_bad_control_requests_are_refused(control):
    with pytest.raises(ControlError, match="unknown settings"):
        control.configure(speed=3)
    with pytest.raises(ControlError):
        control.fail_matching("(")
    with pytest.raises(ControlError):
        control.stall("X", seconds=1, times=0)
    with pytest.raises(ControlError):
        control.advance(-1)


def test_served_returns_once_a_stalled_call_released_by_advance_is_answered(local_sagemaker, control, sm_no_retries):
    impatient = client(local_sagemaker, read_timeout=IMPATIENT_SECONDS)
    control.freeze()
    control.stall("CreateModelPackageGroup", seconds=60)
    with pytest.raises(ReadTimeoutError):  # the client gives up; the call is still held
        impatient.create_model_package_group(ModelPackageGroupName="late")
    assert control.stalled() == 1
    with pytest.raises(ControlError, match="1 stalled calls not served"):
        control.served(timeout=0.01)  # the frozen clock has not reached the end of the stall
    control.advance(60)
    control.served()
    assert control.stalled() == 0
    groups = sm_no_retries.list_model_package_groups()["ModelPackageGroupSummaryList"]
    assert groups[0]["ModelPackageGroupName"] == "late"
