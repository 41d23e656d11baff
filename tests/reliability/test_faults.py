"""Fault injection at every SageMaker call position of every handler.

A scenario's clean run makes a known sequence of calls (checked first); each position
(operation, n-th call of it) then meets each fault kind on every botocore attempt of that call.
A mutating handler must hand back IN_PROGRESS with a delay and finish on re-invocation, or fail
with the code of the error table; read and list fail with that code at once. Afterwards there is
exactly the package there should be: no duplicate, nothing leaked, the desired state reached.
"""

import pytest

from aws_sagemaker_modelpackage import retries
from aws_sagemaker_modelpackage.client import READ_TIMEOUT_VARIABLE
from tests.reliability.reliability_support import SHORT_READ_TIMEOUT_SECONDS, drive
from tests.support.sagemaker import packages
from tests.support.templates import GROUP, spec, unversioned, versioned

# A stall outlasting both of botocore's attempts at the read-timeout cases' short timeout.
STALL_SECONDS = float(SHORT_READ_TIMEOUT_SECONDS) * 2
STACK_TAGS = {"env": "dev", "aws:cloudformation:stack-name": "reliability"}
ATTEMPTS = (
    retries.DEFAULT.botocore_attempts
)  # botocore attempts per call, but for throttling (one: handed back at once)


def _tags(sm, arn):
    return {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}


def _only(sm, **where):
    found = packages(sm)
    assert len(found) == 1, found
    for key, value in where.items():
        assert found[0].get(key) == value, found[0]
    return sm.describe_model_package(ModelPackageName=found[0]["ModelPackageArn"])


class Scenario:
    action = ""
    calls = ()

    def setup(self, sm):
        return None

    def event_args(self, arn):
        return {}

    def check_success(self, sm, final):
        raise NotImplementedError

    def check_failure(self, sm, final):
        """After a FAILED outcome: nothing leaked or duplicated."""
        raise NotImplementedError


class CreateUnversioned(Scenario):
    action, calls = "CREATE", ("CreateModelPackage", "DescribeModelPackage", "ListTags")
    props = unversioned("fault-u", Tags=[{"Key": "team", "Value": "ml"}])

    def event_args(self, arn):
        return {"properties": self.props, "stack_tags": STACK_TAGS}

    def check_success(self, sm, final):
        package = _only(sm, ModelPackageName="fault-u")
        assert _tags(sm, package["ModelPackageArn"]) == {"team": "ml", "env": "dev"}
        assert final["resourceModel"]["ModelPackageArn"] == package["ModelPackageArn"]

    def check_failure(self, sm, final):
        assert packages(sm) == []


class CreateVersioned(Scenario):
    # SourceUri is set by an update right after the create (SageMaker refuses it with an
    # inference specification on create, and on unversioned packages: ledger rows 26, 27).
    action, calls = "CREATE", ("CreateModelPackage", "UpdateModelPackage", "DescribeModelPackage")
    props = versioned(ModelApprovalStatus="Approved", SourceUri="s3://models/churn/source")

    def setup(self, sm):
        sm.create_model_package_group(ModelPackageGroupName=GROUP)

    def event_args(self, arn):
        return {"properties": self.props, "stack_tags": STACK_TAGS}

    def check_success(self, sm, final):
        package = _only(sm, ModelPackageGroupName=GROUP, ModelPackageVersion=1)
        assert package["ModelApprovalStatus"] == "Approved"
        assert package["SourceUri"] == "s3://models/churn/source"
        assert final["resourceModel"]["ModelPackageArn"] == package["ModelPackageArn"]

    def check_failure(self, sm, final):
        assert packages(sm) == []


class UpdateUnversioned(Scenario):
    action = "UPDATE"
    # No ListTags before the tag calls: the previous state says what the stack's tags were.
    calls = ("UpdateModelPackage", "DeleteTags", "AddTags", "DescribeModelPackage", "ListTags")
    previous = unversioned("fault-up", CustomerMetadataProperties={"a": "1"}, Tags=[{"Key": "old", "Value": "1"}])
    desired = unversioned(
        "fault-up",
        CustomerMetadataProperties={"b": "2"},
        Tags=[{"Key": "new", "Value": "2"}],
        AdditionalInferenceSpecifications=[spec("gpu")],
    )

    def setup(self, sm):
        return sm.create_model_package(
            ModelPackageName="fault-up",
            InferenceSpecification=self.previous["InferenceSpecification"],
            CustomerMetadataProperties={"a": "1"},
            Tags=[{"Key": "old", "Value": "1"}],
        )["ModelPackageArn"]

    def event_args(self, arn):
        return {
            "properties": dict(self.desired, ModelPackageArn=arn),
            "previous": dict(self.previous, ModelPackageArn=arn),
        }

    def check_success(self, sm, final):
        package = _only(sm, ModelPackageName="fault-up")
        assert package["CustomerMetadataProperties"] == {"b": "2"}
        assert [s["Name"] for s in package["AdditionalInferenceSpecifications"]] == ["gpu"]
        assert _tags(sm, package["ModelPackageArn"]) == {"new": "2"}

    def check_failure(self, sm, final):
        _only(sm, ModelPackageName="fault-up")


class UpdateVersioned(Scenario):
    action, calls = "UPDATE", ("UpdateModelPackage", "DescribeModelPackage")
    previous = versioned()
    # No ModelCard here: adding one sends its content and status in one call, which SageMaker
    # refuses (fidelity ledger row 30; tests/integration/test_fidelity.py keeps that case).
    desired = versioned(ModelApprovalStatus="Approved", ApprovalDescription="passed review")

    def setup(self, sm):
        sm.create_model_package_group(ModelPackageGroupName=GROUP)
        return sm.create_model_package(
            ModelPackageGroupName=GROUP, InferenceSpecification=self.previous["InferenceSpecification"]
        )["ModelPackageArn"]

    def event_args(self, arn):
        return {
            "properties": dict(self.desired, ModelPackageArn=arn),
            "previous": dict(self.previous, ModelPackageArn=arn),
            "stack_tags": STACK_TAGS,
        }

    def check_success(self, sm, final):
        package = _only(sm, ModelPackageGroupName=GROUP)
        assert package["ModelApprovalStatus"] == "Approved"
        assert package["ApprovalDescription"] == "passed review"

    def check_failure(self, sm, final):
        _only(sm, ModelPackageGroupName=GROUP)


class UpdateAlreadyAdded(UpdateUnversioned):
    """The additional inference specification is already on the package (an earlier attempt
    whose answer was lost, or an outside change): SageMaker refuses the update, the handler
    describes the package and sends the rest of the plan."""

    calls = (
        "UpdateModelPackage",
        "DescribeModelPackage",
        "UpdateModelPackage",
        "DeleteTags",
        "AddTags",
        "DescribeModelPackage",
        "ListTags",
    )

    def setup(self, sm):
        arn = super().setup(sm)
        sm.update_model_package(ModelPackageArn=arn, AdditionalInferenceSpecificationsToAdd=[spec("gpu")])
        return arn


class Delete(Scenario):
    action, calls = "DELETE", ("DeleteModelPackage", "DescribeModelPackage")

    def setup(self, sm):
        return sm.create_model_package(
            ModelPackageName="fault-d", InferenceSpecification=versioned()["InferenceSpecification"]
        )["ModelPackageArn"]

    def event_args(self, arn):
        return {"properties": {"ModelPackageArn": arn}}

    def check_success(self, sm, final):
        assert packages(sm) == []

    def check_failure(self, sm, final):
        # either the delete never happened, or it did and the package is gone: never two
        assert len(packages(sm)) <= 1


class Read(Scenario):
    action, calls = "READ", ("DescribeModelPackage", "ListTags")

    def setup(self, sm):
        return sm.create_model_package(
            ModelPackageName="fault-r",
            InferenceSpecification=versioned()["InferenceSpecification"],
            Tags=[{"Key": "team", "Value": "ml"}],
        )["ModelPackageArn"]

    def event_args(self, arn):
        return {"properties": {"ModelPackageArn": arn}}

    def check_success(self, sm, final):
        assert final["resourceModel"]["Tags"] == [{"Key": "team", "Value": "ml"}]

    def check_failure(self, sm, final):
        _only(sm, ModelPackageName="fault-r")


class List(Scenario):
    action, calls = "LIST", ("ListModelPackages",)

    def setup(self, sm):
        return sm.create_model_package(
            ModelPackageName="fault-l", InferenceSpecification=versioned()["InferenceSpecification"]
        )["ModelPackageArn"]

    def event_args(self, arn):
        return {"properties": {}}

    def check_success(self, sm, final):
        assert [m["ModelPackageArn"] for m in final["resourceModels"]] == [p["ModelPackageArn"] for p in packages(sm)]

    def check_failure(self, sm, final):
        _only(sm, ModelPackageName="fault-l")


SCENARIOS = {
    cls.__name__: cls()
    for cls in (
        CreateUnversioned,
        CreateVersioned,
        UpdateUnversioned,
        UpdateVersioned,
        UpdateAlreadyAdded,
        Delete,
        Read,
        List,
    )
}


def positions():
    for name, scenario in SCENARIOS.items():
        seen = {}
        for operation in scenario.calls:
            seen[operation] = seen.get(operation, 0) + 1
            yield name, operation, seen[operation]


POSITIONS = list(positions())

# kind -> (how to inject on the n-th call, HandlerErrorCode if it outlasts botocore's retry, retryable)
FAULTS = {
    "throttling": (
        lambda c, op, _n: c.inject(op, "ThrottlingException", 400, "Rate exceeded", times=1),
        "Throttling",
        True,
    ),
    "http-500": (
        lambda c, op, n: c.inject(op, "InternalFailure", 500, "We encountered an internal error.", times=n),
        "ServiceInternalError",
        True,
    ),
    "http-503": (
        lambda c, op, n: c.inject(op, "ServiceUnavailable", 503, "Service is unavailable.", times=n),
        "ServiceInternalError",
        True,
    ),
    "connection-reset": (lambda c, op, n: c.drop_connection(op, times=n), "NetworkFailure", True),
    "read-timeout": (lambda c, op, n: c.stall(op, STALL_SECONDS, times=n), "NetworkFailure", True),
    "access-denied": (
        lambda c, op, n: c.inject(
            op,
            "AccessDeniedException",
            400,
            f"User: arn:aws:sts::123456789012:assumed-role/cfn/x is not authorized to perform: sagemaker:{op}",
            times=1,
        ),
        "AccessDenied",
        False,
    ),
}


def _run(server, sm, scenario):
    arn = scenario.setup(sm)
    args = scenario.event_args(arn)
    return drive(server, scenario.action, args.pop("properties"), **args)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_clean_run_makes_exactly_the_calls_the_positions_cover(instant, sm, name):
    scenario = SCENARIOS[name]
    args = scenario.event_args(scenario.setup(sm))
    before = len(instant.control.calls())
    events = drive(instant, scenario.action, args.pop("properties"), **args)
    assert events[-1]["status"] == "SUCCESS", events[-1]
    assert len(events) == 1
    assert tuple(instant.control.operations()[before:]) == scenario.calls
    scenario.check_success(sm, events[-1])


@pytest.mark.parametrize("kind", list(FAULTS))
@pytest.mark.parametrize("name, operation, occurrence", POSITIONS, ids=[f"{n}-{op}#{k}" for n, op, k in POSITIONS])
def test_fault_at_every_call_position(instant, sm, name, operation, occurrence, kind, record_property, monkeypatch):
    scenario = SCENARIOS[name]
    arn = scenario.setup(sm)
    args = scenario.event_args(arn)
    inject, code, retryable = FAULTS[kind]
    if kind == "read-timeout":  # each stalled attempt costs the read timeout in real time
        monkeypatch.setenv(READ_TIMEOUT_VARIABLE, SHORT_READ_TIMEOUT_SECONDS)
    if occurrence > 1:
        instant.control.stall(operation, 0, times=occurrence - 1)  # earlier calls pass untouched
    inject(instant.control, operation, ATTEMPTS)

    events = drive(instant, scenario.action, args.pop("properties"), max_invocations=20, **args)

    instant.app.faults.clear()  # faults botocore's retry did not reach must not hit the checks
    instant.control.advance(STALL_SECONDS)  # calls stalled by a read that failed at once are served
    instant.control.served()  # before the checks (and before the next test)
    final = events[-1]
    assert final.get("errorCode") != "InternalFailure", final
    waits = [e for e in events if e["status"] == "IN_PROGRESS"]
    mutating = scenario.action in ("CREATE", "UPDATE", "DELETE")
    if retryable and mutating:
        assert waits, events  # handed back to CloudFormation with a delay ...
        assert all(e["callbackDelaySeconds"] >= 1 for e in waits)
        assert final["status"] == "SUCCESS" or (scenario.action == "DELETE" and final.get("errorCode") == "NotFound"), (
            final
        )
        scenario.check_success(sm, final)
        outcome = "IN_PROGRESS with delay, then SUCCESS"
    elif retryable:
        assert final["status"] == "FAILED" and final["errorCode"] == code, final
        assert operation in final["message"] or " step " in final["message"], final  # what failed
        scenario.check_failure(sm, final)
        outcome = f"FAILED {code}"
    else:
        assert waits == []
        assert final["status"] == "FAILED" and final["errorCode"] == code, final
        assert operation in final["message"]
        scenario.check_failure(sm, final)
        outcome = f"FAILED {code}"
    record_property("faults", outcome + ", nothing lost")
    record_property("fault_kinds", kind)
    record_property("fault_positions", f"{name}#{operation}#{occurrence}")


@pytest.mark.parametrize("name", [n for n, s in SCENARIOS.items() if s.action in ("CREATE", "UPDATE", "DELETE")])
def test_persistent_throttling_backs_off_with_growing_delays_then_fails(instant, sm, name, record_property):
    scenario = SCENARIOS[name]
    arn = scenario.setup(sm)
    args = scenario.event_args(arn)
    operation = scenario.calls[0]
    instant.control.inject(operation, "ThrottlingException", 400, "Rate exceeded", times=1000)

    events = drive(instant, scenario.action, args.pop("properties"), max_invocations=100, **args)

    instant.app.faults.clear()
    delays = [e["callbackDelaySeconds"] for e in events if e["status"] == "IN_PROGRESS"]
    assert delays[:-1] == sorted(delays[:-1]) and delays[0] < delays[-2], delays  # the last one ends at the budget
    assert sum(delays) == retries.RETRY_BUDGET_SECONDS and max(delays) <= retries.DEFAULT.transient.cap
    assert events[-1]["status"] == "FAILED" and events[-1]["errorCode"] == "Throttling", events[-1]
    assert "still failing after 30 min of retries" in events[-1]["message"]
    scenario.check_failure(sm, events[-1])
    record_property("faults", "persistent: IN_PROGRESS with growing delays, then FAILED Throttling, nothing lost")
    record_property("fault_kinds", "throttling (persistent)")
