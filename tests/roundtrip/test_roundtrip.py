"""A seeded run of the round trip (``tests/roundtrip/harness.py``) on every ``make test``: the
same generated cases each time; ``make fuzz`` runs many more."""

import logging

import pytest

from local.sagemaker.server import LocalSageMaker
from tests.roundtrip.edges import KINDS as EDGE_KINDS
from tests.roundtrip.edges import EdgeRun
from tests.roundtrip.harness import RoundTrip, summary

CASES = 30
SEED = 20261201


@pytest.fixture
def roundtrip(server: LocalSageMaker) -> RoundTrip:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return RoundTrip(server)


def test_generated_templates_round_trip_without_drift(roundtrip: RoundTrip) -> None:
    findings = roundtrip.run(CASES, SEED)
    assert roundtrip.cases_run == CASES
    assert not findings, (
        summary(findings, roundtrip.cases_run)
        + "\n\nAll findings:\n"
        + "\n".join(finding.report() for finding in findings)
    )


def test_templates_at_each_limit_of_sagemakers_constraints_create_and_read_back_unchanged(roundtrip: RoundTrip) -> None:
    """Every edge at a limit (``make fuzz`` also runs those past one; the unit tests refuse those)."""
    at_the_edges = EdgeRun(roundtrip)
    findings = at_the_edges.all(accepted=True)
    assert at_the_edges.run > 200
    assert not findings, summary(findings, at_the_edges.run, kinds=EDGE_KINDS)
