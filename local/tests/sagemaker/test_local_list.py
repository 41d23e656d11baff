from moto.sagemaker.models import sagemaker_backends
from sagemaker_helpers import ACCOUNT, REGION


def arns(page):
    return [s["ModelPackageArn"].rsplit(":", 1)[-1] for s in page["ModelPackageSummaryList"]]


def test_model_package_type_and_group_filters(sm_no_retries, instant, group):
    sm_no_retries.create_model_package_group(ModelPackageGroupName="other")
    sm_no_retries.create_model_package(ModelPackageName="plain")
    sm_no_retries.create_model_package(ModelPackageGroupName=group)
    sm_no_retries.create_model_package(ModelPackageGroupName="other")
    assert arns(sm_no_retries.list_model_packages()) == ["model-package/plain"]
    assert arns(sm_no_retries.list_model_packages(ModelPackageType="Unversioned")) == ["model-package/plain"]
    assert arns(sm_no_retries.list_model_packages(ModelPackageType="Versioned")) == [
        f"model-package/{group}/1",
        "model-package/other/1",
    ]
    assert len(arns(sm_no_retries.list_model_packages(ModelPackageType="Both"))) == 3
    assert arns(sm_no_retries.list_model_packages(ModelPackageGroupName="other")) == ["model-package/other/1"]


def test_pagination(sm_no_retries, instant):
    for i in range(7):
        sm_no_retries.create_model_package(ModelPackageName=f"p{i}")
    first = sm_no_retries.list_model_packages(MaxResults=3)
    assert len(first["ModelPackageSummaryList"]) == 3 and first["NextToken"]
    pages = sm_no_retries.get_paginator("list_model_packages").paginate(PaginationConfig={"PageSize": 3})
    assert [a for page in pages for a in arns(page)] == [f"model-package/p{i}" for i in range(7)]


def test_listing_ten_thousand_packages_pages_through_every_one(sm_no_retries, instant):
    """How long it takes is a figure of ``make bench`` (list_10k_paginator_s), not a test."""
    backend = sagemaker_backends[ACCOUNT][REGION]
    for i in range(10_000):
        backend.create_model_package(ModelPackageName=f"bulk-{i}")
    pages = sm_no_retries.get_paginator("list_model_packages").paginate(
        ModelPackageType="Both", PaginationConfig={"PageSize": 100}
    )
    names = [summary["ModelPackageName"] for page in pages for summary in page["ModelPackageSummaryList"]]
    assert len(names) == len(set(names)) == 10_000


def test_row_38_approval_filter_and_newest_first_across_pages(sm, instant, control, group):
    """Row 38 (BC): ListModelPackages filters by ModelApprovalStatus and sorts by CreationTime,
    Descending on request; pages keep that order (moto's filter and sort on the local clock)."""
    approvals = ["Approved", "PendingManualApproval", "Approved", "Rejected", "Approved"]
    for approval in approvals:
        sm.create_model_package(ModelPackageGroupName=group, ModelApprovalStatus=approval)
        control.advance(1)
    sm.update_model_package(
        ModelPackageArn=f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{group}/2", ModelApprovalStatus="Approved"
    )
    pages = sm.get_paginator("list_model_packages").paginate(
        ModelPackageGroupName=group,
        ModelApprovalStatus="Approved",
        SortBy="CreationTime",
        SortOrder="Descending",
        PaginationConfig={"PageSize": 2},
    )
    listed = [summary for page in pages for summary in page["ModelPackageSummaryList"]]
    assert [s["ModelPackageVersion"] for s in listed] == [5, 3, 2, 1]
    assert {s["ModelApprovalStatus"] for s in listed} == {"Approved"}
    times = [s["CreationTime"] for s in listed]
    assert times == sorted(times, reverse=True)
