"""Fixtures of the reliability suite; installs the least-privilege call recorder at import."""

import pytest
from call_recorder import install
from reliability_support import FIGURES, FIGURES_PATH, sagemaker, save_figures

install()

READ_TIMEOUT_SECONDS = "0.5"


@pytest.fixture(autouse=True)
def _open_questions_answered_permissively(request):
    """These tests update unversioned packages and read the tags of versions, which is only possible under the permissive
    answer to open questions of the fidelity ledger (rows 22 and 8). The strict answers (the local
    SageMaker's defaults) are exercised against the provider in tests/integration/test_fidelity.py."""
    if "local_sagemaker" in request.fixturenames:
        request.getfixturevalue("local_sagemaker").control.behave(update_unversioned="allowed", version_tags="own")


@pytest.fixture
def server(local_sagemaker, monkeypatch):
    """The local SageMaker, reached by the handler's client through the standard variable, with
    the client's read timeout shortened so that a stalled answer times out quickly."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", local_sagemaker.url)
    monkeypatch.setenv("SAGEMAKER_READ_TIMEOUT_SECONDS", READ_TIMEOUT_SECONDS)
    return local_sagemaker


@pytest.fixture
def instant(server):
    """Statuses move on at once: each handler finishes in one invocation unless a fault stops it."""
    server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    return server


@pytest.fixture
def sm(server):
    return sagemaker(server)


def pytest_sessionfinish(session):
    if FIGURES["bad_inputs"] or FIGURES["faults"] or FIGURES["exactly_once"]:
        save_figures()


def pytest_terminal_summary(terminalreporter):
    if FIGURES["bad_inputs"] or FIGURES["faults"] or FIGURES["exactly_once"]:
        figures = save_figures()
        terminalreporter.write_line(f"reliability figures ({FIGURES_PATH}):")
        for key in ("bad_inputs", "bad_input_kinds", "faults", "fault_kinds", "exactly_once"):
            terminalreporter.write_line(f"  {key}: {figures[key]}")
        terminalreporter.write_line(f"  fault positions: {len(figures['fault_positions'])}")
