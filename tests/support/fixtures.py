"""Fixtures any suite may use (a pytest plugin: ``pytest_plugins`` in the root ``conftest.py``).

``server`` points the handler's client at the local SageMaker; a suite that needs more (the
reliability suite's short read timeout) overrides it, and the fixtures below use its version.
"""

from typing import Any

import pytest

from tests.support import sagemaker, templates


@pytest.fixture
def server(local_sagemaker: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The local SageMaker, with the handler's client pointed at it the standard way, and the
    log delivery and metrics clients at the CloudWatch Logs and CloudWatch it serves too."""
    for service in ("SAGEMAKER", "CLOUDWATCH_LOGS", "CLOUDWATCH"):
        monkeypatch.setenv(f"AWS_ENDPOINT_URL_{service}", local_sagemaker.url)
    # The region comes from the request alone, not from the process environment.
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    return local_sagemaker


@pytest.fixture
def control(server: Any) -> Any:
    """The local SageMaker's control: timings, faults, switches, the call log, its clock."""
    return server.control


@pytest.fixture
def instant(server: Any) -> Any:
    """``server`` with packages Completed and deletions done as soon as they are asked for (for
    tests about something other than waiting)."""
    server.control.configure(pending_seconds=0, in_progress_seconds=0, deleting_seconds=0)
    return server


@pytest.fixture
def sm(server: Any) -> Any:
    return sagemaker.client(server)


@pytest.fixture
def group(sm: Any) -> str:
    """The model package group ``templates.versioned`` puts versions in."""
    sm.create_model_package_group(ModelPackageGroupName=templates.GROUP, Tags=[{"Key": "owner", "Value": "ml-team"}])
    return templates.GROUP


def answer_open_questions_permissively(request: pytest.FixtureRequest) -> None:
    """For suites that update unversioned packages and read the tags of versions, which is only
    possible under the permissive answers to open questions of the fidelity ledger (rows 22
    and 8); a suite makes it an autouse fixture of its conftest. The strict answers (the local
    SageMaker's defaults) are exercised against the provider in tests/integration/test_fidelity.py."""
    if "local_sagemaker" in request.fixturenames:
        request.getfixturevalue("local_sagemaker").control.behave(update_unversioned="allowed", version_tags="own")
