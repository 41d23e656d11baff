"""Fixtures of the reliability suite (the shared ones are in tests/support/fixtures.py)."""

import pytest

from tests.reliability.reliability_support import READ_TIMEOUT_SECONDS
from tests.support.fixtures import answer_open_questions_permissively

_open_questions_answered_permissively = pytest.fixture(autouse=True)(answer_open_questions_permissively)


@pytest.fixture
def server(server, monkeypatch):
    """The shared ``server``, with the handler client's read timeout shortened so that a stalled
    answer times out quickly, and the local clock frozen: only the waits ``drive`` plays move
    it, so a stall lasts until CloudFormation's wait, however slowly the test runs."""
    monkeypatch.setenv("SAGEMAKER_READ_TIMEOUT_SECONDS", READ_TIMEOUT_SECONDS)
    server.control.freeze()
    return server
