"""Fixtures shared by every test directory (``tests/`` and ``local/tests/``)."""

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
