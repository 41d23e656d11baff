"""LIST: one page per invocation, nextToken passed through."""

from cloudformation_cli_python_lib import OperationStatus

from aws_sagemaker_modelpackage.handlers import list_handler
from tests.support.templates import GROUP, NAME
from tests.unit.stubbing import ARN, CREATED, VERSION_ARN, model, request

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
        {"ModelPackageType": "Both"},
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
        {"ModelPackageType": "Both", "NextToken": "page-2"},
    )

    event = list_handler(api.session, request({}, next_token="page-2"), {})

    assert event.status is OperationStatus.SUCCESS
    assert event.nextToken is None
    assert [m._serialize()["ModelPackageArn"] for m in event.resourceModels] == [ARN]


def test_group_filter_comes_from_the_desired_model(api):
    api.respond(
        "list_model_packages",
        {"ModelPackageSummaryList": SUMMARIES[1:], "NextToken": "t2"},
        {"ModelPackageGroupName": GROUP, "NextToken": "t1"},
    )

    event = list_handler(api.session, request({"ModelPackageGroupName": GROUP}, next_token="t1"), {})

    assert event.nextToken == "t2"
    assert [m._serialize()["ModelPackageArn"] for m in event.resourceModels] == [VERSION_ARN]


def test_an_empty_page_lists_nothing(api):
    api.respond("list_model_packages", {"ModelPackageSummaryList": []}, {"ModelPackageType": "Both"})

    event = list_handler(api.session, request({}), {})

    assert event.status is OperationStatus.SUCCESS
    assert not event.resourceModels
    assert model(event) is None
