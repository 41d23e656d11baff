"""A DeleteModelPackage (or the withdrawal of an approval before it) applied by SageMaker whose
answer is lost, at every write of a delete; the same faults as ``test_lost_answers.py``.

A delete whose answer was lost finds the package gone when it asks again: that is the delete
having worked, and the operation ends SUCCESS with nothing left. Only a delete of a package that
did not exist when the request began ends NotFound (``contract_delete_delete``).
"""

import pytest

from tests.reliability.platform_scenarios import DELETES
from tests.reliability.test_lost_answers import impatient, lose_the_nth_write, lost_answer_cases, run
from tests.support.sagemaker import writes

__all__ = ["impatient"]  # the fixture, for the tests below


@pytest.mark.parametrize("name", list(DELETES))
def test_clean_run_makes_exactly_the_writes_the_cases_cover(instant, sm, name):
    scenario = DELETES[name]
    events, calls = run(instant, sm, scenario)
    assert events[-1]["status"] == "SUCCESS", events[-1]
    assert tuple(operation for operation, _ in writes(calls)) == scenario.writes
    scenario.check(sm, events[-1])


@pytest.mark.parametrize("name, n, how", lost_answer_cases(DELETES))
def test_lost_answer_of_every_write_of_a_delete(impatient, sm, name, n, how, record_property):
    scenario = DELETES[name]

    events = lose_the_nth_write(impatient, sm, scenario, n, how)

    assert events[-1]["status"] == "SUCCESS", events[-1]
    scenario.check(sm, events[-1])
    record_property("platform", "lost answer (DELETE): SUCCESS, nothing left")
