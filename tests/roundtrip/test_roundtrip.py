"""A seeded run of the round trip (``tests/roundtrip/harness.py``) on every ``make test``: the
same generated cases each time; ``make fuzz`` runs many more."""

import logging

import pytest

from local.sagemaker.server import LocalSageMaker
from tests.roundtrip.harness import RoundTrip, summary

CASES = 30
SEED = 20261201


@pytest.fixture
def roundtrip(local_sagemaker: LocalSageMaker, monkeypatch: pytest.MonkeyPatch) -> RoundTrip:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_sagemaker.url)
    # The region comes from the request alone, not from the process environment.
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    return RoundTrip(local_sagemaker)


def test_generated_templates_round_trip_without_drift(roundtrip: RoundTrip) -> None:
    findings = roundtrip.run(CASES, SEED)
    assert roundtrip.cases_run == CASES
    assert not findings, (
        summary(findings, roundtrip.cases_run)
        + "\n\nAll findings:\n"
        + "\n".join(finding.report() for finding in findings)
    )
