"""Fixtures shared by every test directory (``tests/`` and ``local/tests/``)."""

import threading
import time

import pytest

from local.sagemaker.server import start

pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture(scope="session")
def local_sagemaker():
    """The local SageMaker (moto + model-package additions), one server for the whole session."""
    with start() as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh_local_sagemaker(request):
    """Tests using ``local_sagemaker`` start from an empty server with default timings."""
    if "local_sagemaker" in request.fixturenames:
        request.getfixturevalue("local_sagemaker").control.reset()
    yield


LONGEST_REAL_SLEEP_SECONDS = 0.1


@pytest.fixture(autouse=True)
def _no_long_sleeps(monkeypatch):
    """A test that sleeps longer than 0.1 s in its own thread fails at that sleep: waits are
    played on the simulated clock (``local/clock.py``) or released by ``Control.served``.
    The local servers' threads are left alone (they are not the test's waits)."""
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        if seconds > LONGEST_REAL_SLEEP_SECONDS and threading.current_thread() is threading.main_thread():
            pytest.fail(f"a real sleep of {seconds} s: use the simulated clock (local/clock.py)")
        real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", sleep)
