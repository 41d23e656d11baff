"""Helpers of the integration tests (the fixtures are in conftest.py and tests/support/fixtures.py)."""

from tests.support import sagemaker

# Write calls the tests make themselves to set up (the ``group`` fixture); the provider never does.
SET_UP = frozenset({"CreateModelPackageGroup"})


def succeeded(events):
    last = events[-1]
    assert last["status"] == "SUCCESS", (last.get("errorCode"), last.get("message"))
    return last.get("resourceModel")


def writes(control):
    """The write calls SageMaker received from the provider, in order (operation, params)."""
    return [(operation, params) for operation, params in sagemaker.writes(control.calls()) if operation not in SET_UP]


def tags_of(model):
    return {tag["Key"]: tag["Value"] for tag in model.get("Tags") or ()}


def live_packages(sm, **filters):
    """ARNs SageMaker lists (both kinds unless filtered), not counting packages being deleted."""
    return [s["ModelPackageArn"] for s in sagemaker.packages(sm, **filters) if s["ModelPackageStatus"] != "Deleting"]
