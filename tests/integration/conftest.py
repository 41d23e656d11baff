"""Integration tests: the real Lambda entrypoint (``local.invoke``) against the local SageMaker
over HTTP. Waits are simulated: the fake ``sleep`` handed to ``drive`` moves both the local
SageMaker's clock and the handler's clock, so minutes of Pending/InProgress take no real time."""

import time

import pytest

from local import invoke
from local.clock import Clock
from tests.support.fixtures import answer_open_questions_permissively

_open_questions_answered_permissively = pytest.fixture(autouse=True)(answer_open_questions_permissively)


@pytest.fixture
def clock(control):
    with Clock(time.time(), control=control).installed() as simulated:
        yield simulated


@pytest.fixture
def drive(clock):
    """``local.invoke.drive`` with simulated waits."""

    def run(action, properties=None, **event_args):
        event_args.setdefault("sleep", clock.sleep)
        return invoke.drive(action, properties, **event_args)

    return run
