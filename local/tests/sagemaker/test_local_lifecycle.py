import time

import pytest
from botocore.exceptions import ClientError
from sagemaker_helpers import ACCOUNT, error_of

MISSING = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/missing"


def status(sm_no_retries, name):
    return sm_no_retries.describe_model_package(ModelPackageName=name)["ModelPackageStatus"]


def test_default_timings_are_short_but_not_instant(sm_no_retries, control):
    timings = control.config()
    assert 0 < timings["pending_seconds"] <= 1 and 0 < timings["in_progress_seconds"] <= 1
    assert 0 < timings["deleting_seconds"] <= 1
    control.freeze()  # however slowly this test runs, only advance moves the statuses on
    sm_no_retries.create_model_package(ModelPackageName="p")
    assert status(sm_no_retries, "p") == "Pending"
    control.advance(timings["pending_seconds"])
    assert status(sm_no_retries, "p") == "InProgress"
    control.advance(timings["in_progress_seconds"])
    assert status(sm_no_retries, "p") == "Completed"


def test_pending_then_in_progress_then_completed_on_the_simulated_clock(sm_no_retries, control):
    control.freeze()
    control.configure(pending_seconds=5, in_progress_seconds=60)
    sm_no_retries.create_model_package(ModelPackageName="p")
    described = sm_no_retries.describe_model_package(ModelPackageName="p")
    assert described["ModelPackageStatus"] == "Pending"
    assert described["ModelPackageStatusDetails"]["ValidationStatuses"] == [{"Name": "p", "Status": "NotStarted"}]
    control.advance(5)
    assert status(sm_no_retries, "p") == "InProgress"
    control.advance(59)
    assert status(sm_no_retries, "p") == "InProgress"
    control.advance(1)
    described = sm_no_retries.describe_model_package(ModelPackageName="p")
    assert described["ModelPackageStatus"] == "Completed"
    assert described["ModelPackageStatusDetails"]["ImageScanStatuses"] == [{"Name": "p", "Status": "Completed"}]
    listed = sm_no_retries.list_model_packages()["ModelPackageSummaryList"]
    assert [s["ModelPackageStatus"] for s in listed] == ["Completed"]


def test_the_clock_is_real_time_plus_the_simulated_offset(control):
    """Statuses follow this clock (the tests above), so real time moves them too."""
    control.advance(100)
    before = time.time()
    now = control.config()["now"]
    after = time.time()
    assert before + 100 - 0.001 <= now <= after + 100 + 0.001  # the clock keeps microseconds


def test_a_frozen_clock_moves_only_when_advanced(sm_no_retries, control):
    control.freeze()
    frozen = control.config()["now"]
    sm_no_retries.create_model_package(ModelPackageName="p")
    assert control.config()["now"] == frozen
    assert control.advance(5)["now"] == frozen + 5
    before = time.time()
    control.reset()
    assert control.config()["now"] >= before - 0.001  # reset lets real time count again


def test_timings_apply_to_packages_created_afterwards(sm_no_retries, control):
    control.configure(pending_seconds=0, in_progress_seconds=0)
    sm_no_retries.create_model_package(ModelPackageName="early")
    control.configure(in_progress_seconds=100)
    assert status(sm_no_retries, "early") == "Completed"


def test_fail_rule_makes_matching_packages_fail_with_reasons(sm_no_retries, control, group):
    control.freeze()
    control.configure(pending_seconds=0, in_progress_seconds=10)
    control.fail_matching("^bad-", validation_reasons=["Image not found"], image_scan_reasons=["CVE found"])
    control.fail_matching(f"^{group}$")
    sm_no_retries.create_model_package(ModelPackageName="bad-one")
    sm_no_retries.create_model_package(ModelPackageName="good-one")
    version = sm_no_retries.create_model_package(ModelPackageGroupName=group)["ModelPackageArn"]
    assert status(sm_no_retries, "bad-one") == "InProgress"
    control.advance(10)
    described = sm_no_retries.describe_model_package(ModelPackageName="bad-one")
    assert described["ModelPackageStatus"] == "Failed"
    assert "FailureReason" not in described
    assert described["ModelPackageStatusDetails"] == {
        "ValidationStatuses": [{"Name": "bad-one", "Status": "Failed", "FailureReason": "Image not found"}],
        "ImageScanStatuses": [{"Name": "bad-one", "Status": "Failed", "FailureReason": "CVE found"}],
    }
    assert status(sm_no_retries, "good-one") == "Completed"
    details = sm_no_retries.describe_model_package(ModelPackageName=version)["ModelPackageStatusDetails"]
    assert details["ValidationStatuses"][0]["Status"] == "Failed"
    assert details["ValidationStatuses"][0]["FailureReason"]


def test_delete_goes_through_deleting_then_the_package_is_gone(sm_no_retries, control):
    control.freeze()
    control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=30)
    arn = sm_no_retries.create_model_package(ModelPackageName="d")["ModelPackageArn"]
    sm_no_retries.delete_model_package(ModelPackageName=arn)
    assert status(sm_no_retries, arn) == "Deleting"
    sm_no_retries.delete_model_package(ModelPackageName="d")
    assert [s["ModelPackageStatus"] for s in sm_no_retries.list_model_packages()["ModelPackageSummaryList"]] == [
        "Deleting"
    ]
    control.configure(deleting_seconds=0)
    assert status(sm_no_retries, arn) == "Deleting"
    control.advance(30)
    with pytest.raises(ClientError) as excinfo:
        sm_no_retries.describe_model_package(ModelPackageName=arn)
    assert error_of(excinfo) == ("ValidationException", f"ModelPackage {arn} does not exist.")
    assert sm_no_retries.list_model_packages()["ModelPackageSummaryList"] == []
    sm_no_retries.create_model_package(ModelPackageName="d")


@pytest.mark.parametrize(
    "call",
    [
        lambda sm_no_retries: sm_no_retries.describe_model_package(ModelPackageName="missing"),
        lambda sm_no_retries: sm_no_retries.describe_model_package(ModelPackageName=MISSING),
        lambda sm_no_retries: sm_no_retries.update_model_package(ModelPackageArn=MISSING, ApprovalDescription="x"),
        lambda sm_no_retries: sm_no_retries.delete_model_package(ModelPackageName=MISSING),
        lambda sm_no_retries: sm_no_retries.add_tags(ResourceArn=MISSING, Tags=[{"Key": "k", "Value": "v"}]),
        lambda sm_no_retries: sm_no_retries.list_tags(ResourceArn=MISSING),
        lambda sm_no_retries: sm_no_retries.delete_tags(ResourceArn=MISSING, TagKeys=["k"]),
    ],
)
def test_missing_package_is_a_validation_exception(sm_no_retries, call):
    with pytest.raises(ClientError) as excinfo:
        call(sm_no_retries)
    assert error_of(excinfo) == ("ValidationException", f"ModelPackage {MISSING} does not exist.")
