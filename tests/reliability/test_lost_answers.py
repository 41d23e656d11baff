"""A write applied by SageMaker whose answer is lost, at every write of create, update and delete.

The local SageMaker applies the N-th write of the operation and then loses its answer on the wire
(``Control.lose_answer``): the connection is reset, or the answer is held until the client's read
timeout gives up, or the network goes down for the rest of the invocation. botocore sends the
write again or the handler hands back, and CloudFormation calls back as it does
(``reliability_support.drive``). Each operation ends SUCCESS with exactly one package in the
desired state, or, for a delete, with nothing left: a delete whose answer was lost finds the
package gone when it asks again, which is the delete having worked (only a delete of a package
that did not exist when the request began ends NotFound, ``contract_delete_delete``).
"""

import pytest

from aws_sagemaker_modelpackage.client import READ_TIMEOUT_VARIABLE
from local.sagemaker.network import LOSSES
from tests.reliability.platform_scenarios import CREATES, DELETES, UPDATES, Scenario
from tests.reliability.reliability_support import SHORT_READ_TIMEOUT_SECONDS, drive
from tests.support.sagemaker import writes

SCENARIOS = {**CREATES, **UPDATES, **DELETES}


def lost_answer_cases(scenarios: dict[str, Scenario]) -> list[tuple[str, int, str]]:
    """Every (scenario, N-th write, how the answer is lost)."""
    return [(name, n, how) for name, s in scenarios.items() for n in range(1, len(s.writes) + 1) for how in LOSSES]


@pytest.fixture
def impatient(instant, monkeypatch):
    """Held answers time out quickly: each costs the client's read timeout in real time, once."""
    monkeypatch.setenv(READ_TIMEOUT_VARIABLE, SHORT_READ_TIMEOUT_SECONDS)
    return instant


def run(server, sm, scenario: Scenario, arm=lambda: None, **drive_args):
    """The scenario set up, ``arm`` called (to inject the fault), then driven: its events and
    calls on the wire (SageMaker's, and CloudWatch Logs' and CloudWatch's when it logs)."""
    if scenario.timings:
        server.control.configure(**scenario.timings)
    args = scenario.args(scenario.setup(sm))
    arm()
    before = len(server.control.calls(None))
    events = drive(server, scenario.action, args.pop("properties"), **args, **drive_args)
    return events, server.control.calls(None)[before:]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_clean_run_makes_exactly_the_writes_the_cases_cover(instant, sm, name):
    scenario = SCENARIOS[name]
    events, calls = run(instant, sm, scenario)
    assert events[-1]["status"] == "SUCCESS", events[-1]
    assert tuple(operation for operation, _ in writes(calls)) == scenario.writes
    scenario.check(sm, events[-1])


def lose_the_nth_write(server, sm, scenario: Scenario, n: int, how: str):
    """The scenario with the answer of its ``n``-th write lost ``how``, and a check that it was
    met on the wire: its events. The write is named by its operation and its occurrence among
    the writes of that operation, so that a second attempt of an earlier one (an answer that took
    longer than the short read timeout by chance) does not shift which write is lost."""
    operation = scenario.writes[n - 1]
    occurrence = scenario.writes[:n].count(operation)
    events, calls = run(server, sm, scenario, arm=lambda: server.control.lose_answer(occurrence, how, operation))
    assert server.control.network()["lost_answers"] == [], "the write was never sent"
    lost = [call for call in calls if call["fault"] == f"lost-{how}"]
    assert [call["operation"] for call in lost] == [scenario.writes[n - 1]], calls
    return events


@pytest.mark.parametrize("name, n, how", lost_answer_cases(SCENARIOS))
def test_lost_answer_of_every_write(impatient, sm, name, n, how, record_property):
    scenario = SCENARIOS[name]

    events = lose_the_nth_write(impatient, sm, scenario, n, how)

    assert events[-1]["status"] == "SUCCESS", events[-1]
    assert all(e["status"] in ("IN_PROGRESS", "SUCCESS") for e in events), events
    if how == "down":  # botocore's second attempt met the network down: handed back to CloudFormation
        assert events[0]["status"] == "IN_PROGRESS", events
    scenario.check(sm, events[-1])
    record_property("platform", f"lost answer ({scenario.action}): SUCCESS, the package as desired or gone")
