"""Credentials that expire in the middle of an operation. Each invocation carries credentials of
its own (CloudFormation's are temporary STS credentials); here the first invocation's expire
after a given number of calls, and the local SageMaker answers every later call signed with them
as AWS answers an expired session token (``ExpiredTokenException``). The operation is handed
back, and the next invocation, with fresh credentials, finishes it: the desired state, exactly
one package or none, and a failed create's clean-up never run with the credentials that expired.
"""

from typing import Any

import pytest

from tests.reliability.platform_scenarios import CREATES, DELETES, UPDATES, Scenario
from tests.reliability.test_lost_answers import run
from tests.support.sagemaker import packages


def credentials(number: int) -> dict[str, str]:
    """The credentials of the ``number``-th invocation: fresh ones each time."""
    return {"accessKeyId": f"AKIAINVOCATION{number:04d}", "secretAccessKey": f"s{number}", "sessionToken": f"t{number}"}


def fresh_credentials_each_invocation(number: int) -> dict[str, Any]:
    return {"credentials": credentials(number)}


# scenario -> the calls the first invocation's credentials serve before they expire
MIDWAY = {
    "mid-create": (CREATES["create-unversioned-tagged"], 1),  # CreateModelPackage; DescribeModelPackage meets it
    "mid-create-version": (CREATES["create-version-additional-spec"], 1),  # before the UpdateModelPackage after it
    "mid-update": (UPDATES["update-unversioned-tags-to-add-metadata"], 2),  # UpdateModelPackage, ListTags; DeleteTags
    "mid-delete": (DELETES["delete-unversioned"], 1),  # DeleteModelPackage; DescribeModelPackage meets it
    "mid-delete-approved": (DELETES["delete-approved-version"], 3),  # Delete, Describe, withdrawal; Delete meets it
}


def expiring_after(server: Any, served: int):
    return lambda: server.control.expire(credentials(1)["accessKeyId"], after_calls=served)


@pytest.mark.parametrize("name", list(MIDWAY))
def test_credentials_expiring_midway_are_handed_back_and_the_next_invocation_finishes(
    instant, sm, name, record_property
):
    scenario, served = MIDWAY[name]

    events, calls = run(
        instant, sm, scenario, arm=expiring_after(instant, served), each=fresh_credentials_each_invocation
    )

    assert [call["fault"] for call in calls].count("expired") >= 1, calls  # met on the wire
    assert events[0]["status"] == "IN_PROGRESS", events[0]
    assert events[-1]["status"] == "SUCCESS", events[-1]
    scenario.check(sm, events[-1])
    record_property("platform", f"expired credentials ({scenario.action}): handed back, SUCCESS on the next")


def test_a_failed_create_s_clean_up_waits_for_credentials_that_have_not_expired(server, sm, record_property):
    """The package ends Failed; the first invocation's credentials expire before its clean-up's
    DeleteModelPackage. The clean-up runs in the next invocation, and the create then fails with
    its own code, nothing left behind."""
    server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    server.control.fail_matching("platform-u", validation_reasons=["image not found"])
    scenario: Scenario = CREATES["create-unversioned-tagged"]

    events, calls = run(server, sm, scenario, arm=expiring_after(server, 2), each=fresh_credentials_each_invocation)

    deletes = [call for call in calls if call["operation"] == "DeleteModelPackage"]
    assert deletes and deletes[-1]["access_key"] != credentials(1)["accessKeyId"], deletes
    assert events[-1]["status"] == "FAILED" and events[-1]["errorCode"] == "NotStabilized", events[-1]
    assert "image not found" in events[-1]["message"]
    assert packages(sm) == []
    record_property("platform", "expired credentials before a clean-up: run on the next invocation, nothing left")
