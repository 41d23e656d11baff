"""Credentials that expire mid-operation, answered on the wire by the local SageMaker as AWS
answers them (ExpiredTokenException, HTTP 403: "The security token included in the request is
expired", AWS's Common Errors, https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html):
each operation is handed back and finishes with the next invocation's credentials."""

from tests.integration.integration_helpers import live_packages, succeeded
from tests.support.templates import GROUP, unversioned, versioned

EXPIRED = ("ExpiredTokenException", 403, "The security token included in the request is expired")


def test_a_create_whose_credentials_expire_after_the_create_finishes_with_one_package(drive, control, sm, instant):
    control.inject("DescribeModelPackage", *EXPIRED, times=1)

    events = drive("CREATE", unversioned("expiring"))

    created = succeeded(events)
    assert events[0]["status"] == "IN_PROGRESS"
    assert [c["operation"] for c in control.calls()].count("CreateModelPackage") == 1
    assert live_packages(sm) == [created["ModelPackageArn"]]


def test_an_update_whose_credentials_expire_is_applied_on_the_next_invocation(drive, control, sm, instant, group):
    created = succeeded(drive("CREATE", versioned(ModelApprovalStatus="PendingManualApproval")))
    control.inject("UpdateModelPackage", *EXPIRED, times=1)

    approved = dict(created, ModelApprovalStatus="Approved")
    events = drive("UPDATE", approved, previous=created)

    assert succeeded(events)["ModelApprovalStatus"] == "Approved"
    assert "IN_PROGRESS" in [event["status"] for event in events]


def test_a_delete_whose_credentials_expire_deletes_on_the_next_invocation(drive, control, sm, instant, group):
    created = succeeded(drive("CREATE", versioned()))
    control.inject("DeleteModelPackage", *EXPIRED, times=1)

    events = drive("DELETE", created)

    assert events[-1]["status"] == "SUCCESS", events[-1]
    assert live_packages(sm, ModelPackageGroupName=GROUP) == []
