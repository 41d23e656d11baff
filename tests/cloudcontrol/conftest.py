"""The Cloud Control API (``local.cloudcontrol``) driving the real entrypoint against the local
SageMaker over HTTP, with its default answers to the fidelity ledger's open questions. Every flow
runs twice: UPDATE with READ's output as the previous state, and with none (what Cloud Control
passes is not documented). ``server``, ``control`` and ``sm`` are the shared fixtures
(tests/support/fixtures.py)."""

import pytest

from local.cloudcontrol import CloudControl
from tests.cloudcontrol.cloudcontrol_helpers import example


@pytest.fixture(params=[True, False], ids=["previous-state", "no-previous-state"])
def cloud(request, control):
    """Cloud Control, waiting on the local SageMaker's simulated clock."""
    return CloudControl(control.advance, previous_state=request.param)


@pytest.fixture
def group(sm):
    """The group examples/cloudcontrol/version.json names, by its name (awscc applies no
    propertyTransform, so the name is what READ answers and what the desired state must hold)."""
    name = example("version.json")["ModelPackageGroupName"]
    sm.create_model_package_group(ModelPackageGroupName=name)
    return name
