"""The operations the platform's faults are played against (lost answers, lost progress events,
expired credentials, log delivery): each sets up what it needs, names the SageMaker writes of its
clean run, and checks the state it must end in. Shared by the reliability tests of the platform
(``test_lost_*.py``, ``test_expired_credentials_mid_operation.py``, ``test_log_delivery_faults.py``)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support.sagemaker import packages
from tests.support.templates import GROUP, spec, unversioned, versioned

STACK_TAGS = {"env": "dev", "aws:cloudformation:stack-name": "platform"}


def tags(sm: Any, arn: str) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}


def only(sm: Any, **where: Any) -> dict[str, Any]:
    """The one package there is (its description); it matches ``where``."""
    found = packages(sm)
    assert len(found) == 1, found
    for key, value in where.items():
        assert found[0].get(key) == value, found[0]
    described: dict[str, Any] = sm.describe_model_package(ModelPackageName=found[0]["ModelPackageArn"])
    return described


def spec_names(package: dict[str, Any]) -> list[str]:
    return [s["Name"] for s in package.get("AdditionalInferenceSpecifications", [])]


@dataclass(frozen=True)
class Scenario:
    """``setup(sm)`` makes what the operation needs and answers the ARN it acts on (or None);
    ``args(arn)`` are the arguments of ``drive`` (``properties`` first); ``writes`` are the
    SageMaker writes of its clean run, in order; ``check(sm, final)`` the state it ends in."""

    action: str
    writes: tuple[str, ...]
    setup: Callable[[Any], str | None]
    args: Callable[[str | None], dict[str, Any]]
    check: Callable[[Any, dict[str, Any]], None]
    timings: dict[str, float] = field(default_factory=dict)  # the local SageMaker's, when not instant


def _group(sm: Any) -> None:
    sm.create_model_package_group(ModelPackageGroupName=GROUP)


# --- create ------------------------------------------------------------------------------------

CREATED_UNVERSIONED = unversioned("platform-u", Tags=[{"Key": "team", "Value": "ml"}])


def _check_created_unversioned(sm: Any, final: dict[str, Any]) -> None:
    package = only(sm, ModelPackageName="platform-u")
    assert tags(sm, package["ModelPackageArn"]) == {"team": "ml", "env": "dev"}
    assert final["resourceModel"]["ModelPackageArn"] == package["ModelPackageArn"]


CREATED_VERSION = versioned(
    ModelApprovalStatus="Approved",
    ApprovalDescription="passed review",
    AdditionalInferenceSpecifications=[spec("gpu")],
)


def _check_created_version(sm: Any, final: dict[str, Any]) -> None:
    package = only(sm, ModelPackageGroupName=GROUP, ModelPackageVersion=1)
    assert package["ModelApprovalStatus"] == "Approved"
    assert package["ApprovalDescription"] == "passed review"
    assert spec_names(package) == ["gpu"]
    assert final["resourceModel"]["ModelPackageArn"] == package["ModelPackageArn"]


def _create_version_setup(sm: Any) -> None:
    _group(sm)


# --- update ------------------------------------------------------------------------------------

PREVIOUS_VERSION = versioned(CustomerMetadataProperties={"a": "1"})
UPDATED_VERSION = versioned(
    ModelApprovalStatus="Approved",
    ApprovalDescription="passed review",
    AdditionalInferenceSpecificationsToAdd=[spec("gpu")],
    CustomerMetadataProperties={"b": "2"},
)


def _version_setup(sm: Any) -> str:
    _group(sm)
    arn: str = sm.create_model_package(
        ModelPackageGroupName=GROUP,
        InferenceSpecification=PREVIOUS_VERSION["InferenceSpecification"],
        CustomerMetadataProperties={"a": "1"},
    )["ModelPackageArn"]
    return arn


def _check_updated_version(sm: Any, final: dict[str, Any]) -> None:
    package = only(sm, ModelPackageGroupName=GROUP)
    assert package["ModelApprovalStatus"] == "Approved"
    assert package["ApprovalDescription"] == "passed review"
    assert spec_names(package) == ["gpu"]
    assert package["CustomerMetadataProperties"] == {"b": "2"}


PREVIOUS_UNVERSIONED = unversioned(
    "platform-up", CustomerMetadataProperties={"a": "1"}, Tags=[{"Key": "old", "Value": "1"}]
)
UPDATED_UNVERSIONED = unversioned(
    "platform-up",
    CustomerMetadataProperties={"b": "2"},
    Tags=[{"Key": "new", "Value": "2"}],
    AdditionalInferenceSpecificationsToAdd=[spec("gpu")],
)


def _unversioned_setup(sm: Any) -> str:
    arn: str = sm.create_model_package(
        ModelPackageName="platform-up",
        InferenceSpecification=PREVIOUS_UNVERSIONED["InferenceSpecification"],
        CustomerMetadataProperties={"a": "1"},
        Tags=[{"Key": "old", "Value": "1"}],
    )["ModelPackageArn"]
    return arn


def _check_updated_unversioned(sm: Any, final: dict[str, Any]) -> None:
    package = only(sm, ModelPackageName="platform-up")
    assert package["CustomerMetadataProperties"] == {"b": "2"}
    assert spec_names(package) == ["gpu"]
    assert tags(sm, package["ModelPackageArn"]) == {"new": "2"}


def _update(previous: dict[str, Any], desired: dict[str, Any]) -> Callable[[str | None], dict[str, Any]]:
    return lambda arn: {
        "properties": dict(desired, ModelPackageArn=arn),
        "previous": dict(previous, ModelPackageArn=arn),
    }


# --- delete ------------------------------------------------------------------------------------


def _approved_version_setup(sm: Any) -> str:
    _group(sm)
    arn: str = sm.create_model_package(
        ModelPackageGroupName=GROUP,
        InferenceSpecification=PREVIOUS_VERSION["InferenceSpecification"],
        ModelApprovalStatus="Approved",
    )["ModelPackageArn"]
    return arn


def _unversioned_to_delete(sm: Any) -> str:
    arn: str = sm.create_model_package(
        ModelPackageName="platform-d", InferenceSpecification=PREVIOUS_VERSION["InferenceSpecification"]
    )["ModelPackageArn"]
    return arn


def _check_gone(sm: Any, final: dict[str, Any]) -> None:
    assert packages(sm) == []


def _delete(arn: str | None) -> dict[str, Any]:
    return {"properties": {"ModelPackageArn": arn}}


def _create(properties: dict[str, Any]) -> Callable[[str | None], dict[str, Any]]:
    return lambda _arn: {"properties": properties, "stack_tags": STACK_TAGS}


SLOW = {"pending_seconds": 1.0, "in_progress_seconds": 2.0, "deleting_seconds": 2.0}  # a few polls each

CREATES = {
    "create-unversioned-tagged": Scenario(
        "CREATE", ("CreateModelPackage",), lambda sm: None, _create(CREATED_UNVERSIONED), _check_created_unversioned
    ),
    "create-version-additional-spec": Scenario(
        "CREATE",
        ("CreateModelPackage", "UpdateModelPackage"),
        _create_version_setup,
        _create(CREATED_VERSION),
        _check_created_version,
    ),
}
UPDATES = {
    "update-version-approval-to-add-metadata": Scenario(
        "UPDATE",
        ("UpdateModelPackage",),
        _version_setup,
        _update(PREVIOUS_VERSION, UPDATED_VERSION),
        _check_updated_version,
    ),
    "update-unversioned-tags-to-add-metadata": Scenario(
        "UPDATE",
        ("UpdateModelPackage", "DeleteTags", "AddTags"),
        _unversioned_setup,
        _update(PREVIOUS_UNVERSIONED, UPDATED_UNVERSIONED),
        _check_updated_unversioned,
    ),
}
DELETES = {
    "delete-unversioned": Scenario("DELETE", ("DeleteModelPackage",), _unversioned_to_delete, _delete, _check_gone),
    "delete-unversioned-while-deleting": Scenario(
        "DELETE", ("DeleteModelPackage",), _unversioned_to_delete, _delete, _check_gone, SLOW
    ),
    "delete-approved-version": Scenario(
        "DELETE",
        ("DeleteModelPackage", "UpdateModelPackage", "DeleteModelPackage"),
        _approved_version_setup,
        _delete,
        _check_gone,
    ),
}
