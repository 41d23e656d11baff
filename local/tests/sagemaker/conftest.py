"""The local SageMaker's own tests use the shared fixtures (``tests/support/fixtures.py``:
``server``, ``control``, ``instant``, ``group``) and, in place of ``sm``, a client that makes each
call once."""

import pytest
from sagemaker_helpers import client


@pytest.fixture
def sm_no_retries(local_sagemaker):
    """A SageMaker client of the local server with no retries, so that a test sees each answer
    the server gives (an injected fault, a throttle) as it is."""
    return client(local_sagemaker)
