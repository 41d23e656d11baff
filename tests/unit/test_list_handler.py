"""LIST: one ListModelPackages page per invocation, newest first, nextToken passed through; the
model selects by group and approval."""

from cloudformation_cli_python_lib import OperationStatus

from aws_sagemaker_modelpackage.handlers import list_handler
from tests.support.templates import GROUP, NAME
from tests.unit.stubbing import ARN, CREATED, VERSION_ARN, model, request

NEWEST_FIRST = {"SortBy": "CreationTime", "SortOrder": "Descending"}
SUMMARIES = [
    {"ModelPackageName": NAME, "ModelPackageArn": ARN, "CreationTime": CREATED, "ModelPackageStatus": "Completed"},
    {
        "ModelPackageName": GROUP,
        "ModelPackageGroupName": GROUP,
        "ModelPackageVersion": 1,
        "ModelPackageArn": VERSION_ARN,
        "CreationTime": CREATED,
        "ModelPackageStatus": "Completed",
        "ModelApprovalStatus": "Approved",
    },
]


def test_lists_both_kinds_and_returns_the_next_token(api):
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": SUMMARIES, "NextToken": "next-page"},
        {"ModelPackageType": "Both", **NEWEST_FIRST},
    )

    event = list_handler(api.session, request(None), {})

    assert event.status is OperationStatus.SUCCESS
    assert event.nextToken == "next-page"
    arns = [m._serialize()["ModelPackageArn"] for m in event.resourceModels]
    assert arns == [ARN, VERSION_ARN]
    version = event.resourceModels[1]._serialize()
    assert "ModelPackageName" not in version and version["ModelPackageGroupName"] == GROUP


def test_next_token_is_passed_through(api):
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": SUMMARIES[:1]},
        {"ModelPackageType": "Both", "NextToken": "page-2", **NEWEST_FIRST},
    )

    event = list_handler(api.session, request({}, next_token="page-2"), {})

    assert event.status is OperationStatus.SUCCESS
    assert event.nextToken is None
    assert [m._serialize()["ModelPackageArn"] for m in event.resourceModels] == [ARN]


def test_group_filter_comes_from_the_desired_model(api):
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": SUMMARIES[1:], "NextToken": "t2"},
        {"ModelPackageGroupName": GROUP, "NextToken": "t1", **NEWEST_FIRST},
    )

    event = list_handler(api.session, request({"ModelPackageGroupName": GROUP}, next_token="t1"), {})

    assert event.nextToken == "t2"
    assert [m._serialize()["ModelPackageArn"] for m in event.resourceModels] == [VERSION_ARN]


def test_an_empty_page_lists_nothing(api):
    api.respond("list_model_packages", {"ModelPackageSummaryList": []}, {"ModelPackageType": "Both", **NEWEST_FIRST})

    event = list_handler(api.session, request({}), {})

    assert event.status is OperationStatus.SUCCESS
    assert not event.resourceModels
    assert model(event) is None


def test_the_latest_approved_version_is_the_first_model_of_a_list_by_group_and_approval(api):
    """One ListModelPackages call with SageMaker's own filters; each model carries the version,
    the approval and the creation time, so a caller picks one without a READ each."""
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": SUMMARIES[1:]},
        {"ModelPackageGroupName": GROUP, "ModelApprovalStatus": "Approved", **NEWEST_FIRST},
    )

    event = list_handler(api.session, request({"ModelPackageGroupName": GROUP, "ModelApprovalStatus": "Approved"}), {})

    assert event.status is OperationStatus.SUCCESS
    (latest,) = [m._serialize() for m in event.resourceModels]
    assert latest["ModelPackageArn"] == VERSION_ARN
    assert (latest["ModelPackageVersion"], latest["ModelApprovalStatus"]) == (1, "Approved")
    assert latest["CreationTime"] == CREATED.isoformat()


def test_approval_without_a_group_lists_both_kinds(api):
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": []},
        {"ModelApprovalStatus": "Rejected", "ModelPackageType": "Both", **NEWEST_FIRST},
    )

    event = list_handler(api.session, request({"ModelApprovalStatus": "Rejected"}), {})

    assert event.status is OperationStatus.SUCCESS
