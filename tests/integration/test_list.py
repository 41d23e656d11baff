"""LIST as deploy pipelines use it, through the real entrypoint over HTTP: "the latest approved
version of a group" is the first model of a LIST by the group and ``ModelApprovalStatus``,
whatever the number of pages."""

import pytest

pytestmark = pytest.mark.usefixtures("instant")

VERSIONS = 120  # ListModelPackages answers 100 summaries a page: two pages of approved versions


def pages(drive, model):
    """Every LIST page for ``model``, following nextToken as CloudFormation's callers do."""
    found, token = [], None
    while True:
        last = drive("LIST", model, **({"next_token": token} if token else {}))[-1]
        assert last["status"] == "SUCCESS", last
        found.append(last.get("resourceModels") or [])
        token = last.get("nextToken")
        if not token:
            return found


def test_approved_versions_newest_first_across_pages(drive, sm, group):
    """Every tenth version is left pending; one of those is approved afterwards by a reviewer."""
    for number in range(1, VERSIONS + 1):
        approval = "PendingManualApproval" if number % 10 == 0 else "Approved"
        sm.create_model_package(ModelPackageGroupName=group, ModelApprovalStatus=approval)
    reviewed = sm.list_model_packages(ModelPackageGroupName=group, SortBy="CreationTime", SortOrder="Ascending")
    sm.update_model_package(
        ModelPackageArn=reviewed["ModelPackageSummaryList"][49]["ModelPackageArn"], ModelApprovalStatus="Approved"
    )

    listed = pages(drive, {"ModelPackageGroupName": group, "ModelApprovalStatus": "Approved"})

    assert len(listed) == 2
    models = [model for page in listed for model in page]
    expected = [n for n in range(VERSIONS, 0, -1) if n % 10 or n == 50]
    assert [model["ModelPackageVersion"] for model in models] == expected
    assert {model["ModelApprovalStatus"] for model in models} == {"Approved"}
    assert [model["CreationTime"] for model in models] == sorted((m["CreationTime"] for m in models), reverse=True)
    latest = models[0]
    assert latest["ModelPackageArn"].endswith(f"/{group}/{VERSIONS - 1}")  # the last one is pending


def test_a_list_by_approval_alone_spans_groups_and_leaves_out_the_others(drive, sm, group):
    sm.create_model_package_group(ModelPackageGroupName="other-models")
    approved = sm.create_model_package(ModelPackageGroupName="other-models", ModelApprovalStatus="Approved")
    sm.create_model_package(ModelPackageGroupName=group, ModelApprovalStatus="Rejected")
    sm.create_model_package(ModelPackageGroupName=group)

    (only,) = [model for page in pages(drive, {"ModelApprovalStatus": "Approved"}) for model in page]

    assert only["ModelPackageArn"] == approved["ModelPackageArn"]
