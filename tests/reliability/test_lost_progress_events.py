"""A progress event that never reaches CloudFormation (a Lambda timeout or a crash after the
handler did its work): CloudFormation calls again with the callback context of the last event
it received, the same request and credentials. Every event of create, update and delete is lost
once in turn, the final SUCCESS included; with statuses that take a few polls, so that each
operation answers several events. Each ends SUCCESS in the desired state, with exactly one
package (or none, for a delete).

The one loss no handler can survive: a delete's answer lost before any progress event reached
CloudFormation, when that answer was already the final SUCCESS. CloudFormation then asks to
delete a package that is gone, and has no context saying that this operation deleted it: the
contract requires NotFound there (``contract_delete_delete``). The package is gone all the same.
"""

import pytest

from tests.reliability.platform_scenarios import CREATES, DELETES, SLOW, UPDATES
from tests.reliability.test_lost_answers import run

SCENARIOS = {
    **CREATES,
    **UPDATES,
    **{name: DELETES[name] for name in ("delete-unversioned", "delete-approved-version")},
}
# Invocations of each scenario's clean run with the statuses of SLOW (checked below).
INVOCATIONS = {"CREATE": 4, "UPDATE": 4, "DELETE": 3}
CASES = [(name, k) for name, s in SCENARIOS.items() for k in range(1, INVOCATIONS[s.action] + 1)]


@pytest.fixture
def slow(server):
    server.control.configure(**SLOW)
    return server


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_clean_run_answers_the_events_the_cases_lose(slow, sm, name):
    scenario = SCENARIOS[name]
    events, _ = run(slow, sm, scenario)
    assert [e["status"] for e in events] == ["IN_PROGRESS"] * (INVOCATIONS[scenario.action] - 1) + ["SUCCESS"]
    scenario.check(sm, events[-1])


@pytest.mark.parametrize("name, k", CASES)
def test_each_progress_event_lost_once(slow, sm, name, k, record_property):
    scenario = SCENARIOS[name]

    events, _ = run(slow, sm, scenario, lost={k})

    assert len(events) > k, events  # CloudFormation called again after the lost one
    assert events[-1]["status"] == "SUCCESS", events[-1]
    scenario.check(sm, events[-1])
    record_property("platform", f"lost progress event ({scenario.action}): SUCCESS, as desired")


def test_a_delete_whose_only_answer_is_lost_ends_not_found_with_the_package_gone(instant, sm, record_property):
    scenario = DELETES["delete-unversioned"]

    events, _ = run(instant, sm, scenario, lost={1})

    assert [e["status"] for e in events] == ["SUCCESS", "FAILED"], events
    assert events[-1]["errorCode"] == "NotFound", events[-1]
    scenario.check(sm, events[-1])
    record_property("platform", "lost only answer of a delete: FAILED NotFound, nothing left (cannot be survived)")
