"""Helpers of the integration tests (the fixtures are in conftest.py and tests/support/fixtures.py)."""

from tests.support import sagemaker

# Write calls the tests make themselves to set up (the ``group`` fixture); the provider never does.
SET_UP = frozenset({"CreateModelPackageGroup"})


class Clock:
    """The time both sides see: real time at the start, then moved only by ``sleep``."""

    def __init__(self, control, start):
        self.control = control
        self.now = start
        self.slept = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds
        if seconds:
            self.control.advance(seconds)


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
