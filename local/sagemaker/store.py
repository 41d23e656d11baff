"""Model packages keep every field of their CreateModelPackage request and Describe returns them.

moto forwards a fixed list of CreateModelPackage parameters to its backend and Describe returns a
fixed list of attributes, so newer API fields (SourceUri, ModelCard, SecurityConfig, ModelLifeCycle,
ModelPackageRegistrationType, ...) are lost. Here the whole parsed request goes to the backend, is
kept in ``package.api_fields`` and is described for every member that botocore's
DescribeModelPackage output declares. Versions are numbered from a per-group counter, so a deleted
version's number is never reused, and versioned packages default to ``PendingManualApproval``.

Lookups leave out packages whose deletion has finished (``live_package()``); ``package()`` and ``group()`` turn a name or an ARN into a package or a group, or into the
ValidationException SageMaker answers.

Names keep their letter case in ARNs and are matched exactly (ledger row 6), and Describe fills in
what SageMaker fills in itself (row 42).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import get_service_model
from moto.sagemaker.exceptions import ResourceNotFound, ValidationError
from moto.sagemaker.models import ModelPackage, ModelPackageGroup, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse
from moto.sagemaker.utils import arn_formatter

from . import accounts, settings
from ._patch import add

DESCRIBE_MEMBERS = frozenset(
    get_service_model("sagemaker").operation_model("DescribeModelPackage").output_shape.members
)


@dataclass
class ModelPackageBookkeeping:
    """Per-backend state moto has no place for (lives on the backend, so moto's reset clears it)."""

    last_versions: dict[str, int] = field(default_factory=dict)
    last_created: dict[str, datetime] = field(default_factory=dict)  # group → its last version's creation
    client_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)  # token → (ARN, request)


def bookkeeping(backend: SageMakerModelBackend) -> ModelPackageBookkeeping:
    kept = backend.__dict__.setdefault("_model_package_bookkeeping", ModelPackageBookkeeping())
    return cast(ModelPackageBookkeeping, kept)


class LocalModelPackage(ModelPackage):
    """moto's ModelPackage plus what the additions keep on it (packages are created as this class)."""

    api_fields: dict[str, Any]  # the CreateModelPackage request, as updated since
    status_timings: tuple[float, float]  # Pending and InProgress seconds in force at creation
    fail_rule: settings.FailRule | None
    deleting_until: datetime | None


def all_model_packages(backend: SageMakerModelBackend) -> dict[str, LocalModelPackage]:
    """Every model package by ARN, as stored (packages whose deletion has finished included, until
    the life cycle purges them)."""
    return cast(dict[str, LocalModelPackage], backend.model_packages)


def deleted(package: LocalModelPackage, now: datetime) -> bool:
    """Whether the package's deletion has finished (rows 14 and 33: then it is gone from every API)."""
    return package.deleting_until is not None and package.deleting_until <= now


def live_package(backend: SageMakerModelBackend, arn: str) -> LocalModelPackage | None:
    """The package of this exact ARN, unless it is gone."""
    found = all_model_packages(backend).get(arn)
    return None if found is None or deleted(found, settings.now()) else found


def live_model_packages(backend: SageMakerModelBackend) -> dict[str, LocalModelPackage]:
    """Model packages by ARN, those whose deletion has finished left out."""
    now = settings.now()
    return {arn: each for arn, each in all_model_packages(backend).items() if not deleted(each, now)}


def model_package_arn(backend: SageMakerModelBackend, name: str) -> str:
    """The ARN of a package name (``name`` or ``group/version``), in the name's own letter case.

    Ledger row 6 (EXP172, EDGE18, DG): since 2022 SageMaker keeps the case of names in ARNs
    (``model-package/ModelGroup1/1``) and a wrongly-cased ARN does not exist (B4606); moto
    lower-cases them.
    """
    return arn_formatter("model-package", name, backend.account_id, backend.region_name)


def package(backend: SageMakerModelBackend, name_or_arn: str) -> LocalModelPackage:
    """The package named by name or ARN (exact case, row 6), or SageMaker's "does not exist" error.

    Row 16 (ACK, AWS-PR25, TF-MPG): a ValidationException ending in "does not exist.". Row 18 is
    open (AWS's own handler also catches ResourceNotFound): the ``missing_package`` switch. An
    ARN resolves in the account it names; from another account, the call must be one the policy of
    the group the ARN names allows (row 54, ``accounts.require``).
    """
    arn = name_or_arn if name_or_arn.startswith("arn:") else model_package_arn(backend, name_or_arn)
    owner = accounts.backend_of(backend, arn)
    group_arn = accounts.group_of_version(arn)
    held = next((each for each in owner.model_package_groups.values() if each.arn == group_arn), None)
    accounts.require(backend, owner, held, [arn], lambda: _missing_package(arn))
    found = live_package(owner, arn)
    if found is None:
        raise _missing_package(arn)
    return found


def _missing_package(arn: str) -> Exception:
    message = f"ModelPackage {arn} does not exist."
    if settings.behaviour("missing_package") == "resource-not-found":
        return ResourceNotFound(message)
    return ValidationError(message)


def group(backend: SageMakerModelBackend, name_or_arn: str) -> ModelPackageGroup:
    """The group named by name or ARN (rows 1 and 38: the member is an ``ArnOrName``), exact case, or
    a ValidationException saying it does not exist (row 19: the wording is not known exactly; the
    provider matches "does not exist" and "model package group"). An ARN resolves in the account it
    names; from another account, the call must be one the group's policy allows on the group or on
    its versions (row 54, ``accounts.require``)."""

    def missing() -> Exception:
        return ValidationError(f"Model Package Group {name_or_arn} does not exist.")

    if not name_or_arn.startswith("arn:"):
        found = backend.model_package_groups.get(name_or_arn)
    else:
        owner = accounts.backend_of(backend, name_or_arn)
        found = next((each for each in owner.model_package_groups.values() if each.arn == name_or_arn), None)
        # A group's own actions are allowed on the group, its versions' on model-package/<group>/*
        # (Developer Guide, "model-registry-version-xaccount": the policy names each resource).
        on_group = accounts.caller(backend).action.endswith("ModelPackageGroup")
        resource = name_or_arn if on_group else accounts.versions_of(name_or_arn)
        accounts.require(backend, owner, found, [resource], missing)
    if found is None:
        raise missing()
    return found


def home(backend: SageMakerModelBackend, group_name_or_arn: str | None) -> SageMakerModelBackend:
    """The backend a new package lives in: its group's account's (a group named by its ARN may be
    in another account; row 54), else the caller's."""
    if not group_name_or_arn or not group_name_or_arn.startswith("arn:"):
        return backend
    return accounts.backend_of(backend, group(backend, group_name_or_arn).arn)


def image_digest(image: str) -> str:
    """A stand-in for the digest of the image SageMaker resolves: stable per image URI."""
    return "sha256:" + hashlib.sha256(image.encode()).hexdigest()


def with_server_defaults(fields: dict[str, Any]) -> dict[str, Any]:
    """What Describe adds to the stored request (ledger row 42, ACK ``custom_delta.go`` and fixtures).

    Each ``InferenceSpecification`` container gets an ``ImageDigest`` when none was given, and each
    validation profile's ``TransformOutput`` a ``KmsKeyId`` of ``""``.
    """
    described = copy.deepcopy(fields)
    for container in described.get("InferenceSpecification", {}).get("Containers", []):
        container.setdefault("ImageDigest", image_digest(container.get("Image", "")))
    for profile in described.get("ValidationSpecification", {}).get("ValidationProfiles", []):
        output = profile.get("TransformJobDefinition", {}).get("TransformOutput")
        if output is not None:
            output.setdefault("KmsKeyId", "")
    return described


def new_package(backend: SageMakerModelBackend, request: dict[str, Any]) -> LocalModelPackage:
    """A package holding the whole request; versions numbered per group, ``PendingManualApproval``
    by default. Only moto's bookkeeping members go to moto's constructor."""
    group_name = request.get("ModelPackageGroupName")
    version = _next_version(backend, group_name, request) if group_name else None
    unused: dict[str, Any] = dict.fromkeys(MOTO_MEMBERS_KEPT_IN_API_FIELDS)
    created = LocalModelPackage(
        model_package_name=group_name or request["ModelPackageName"],
        model_package_group_name=group_name,
        model_package_version=version,
        **unused,
        certify_for_marketplace=False,
        model_approval_status=request.get("ModelApprovalStatus"),
        domain="",
        task="",
        sample_payload_url="",
        additional_inference_specifications=[],
        client_token=request.get("ClientToken", ""),
        region_name=backend.region_name,
        account_id=backend.account_id,
        model_package_type="Versioned" if group_name else "Unversioned",
        tags=list(request.get("Tags") or []),
    )
    created.arn = model_package_arn(backend, f"{group_name}/{version}" if group_name else request["ModelPackageName"])
    created.creation_time = settings.now()
    created.api_fields = dict(request)
    return created


def _next_version(backend: SageMakerModelBackend, group: str, request: dict[str, Any]) -> int:
    """The group's next version number; a version is ``PendingManualApproval`` unless the
    request says otherwise."""
    kept = bookkeeping(backend)
    version = kept.last_versions[group] = kept.last_versions.get(group, 0) + 1
    kept.last_created[group] = settings.now()
    request.setdefault("ModelApprovalStatus", "PendingManualApproval")
    return version


# moto's constructor arguments whose values live in ``api_fields`` instead.
MOTO_MEMBERS_KEPT_IN_API_FIELDS = (
    "model_package_description",
    "inference_specification",
    "source_algorithm_specification",
    "validation_specification",
    "metadata_properties",
    "model_metrics",
    "approval_description",
    "customer_metadata_properties",
    "drift_check_baselines",
)


def describe(package: LocalModelPackage) -> dict[str, Any]:
    """DescribeModelPackage's view (ListModelPackages' serializer picks the summary members); the
    life cycle adds the status."""
    response = {k: v for k, v in with_server_defaults(package.api_fields).items() if k in DESCRIBE_MEMBERS}
    response.update(
        ModelPackageArn=package.arn,
        CreationTime=package.creation_time,
        CreatedBy=package.created_by,
    )
    if not package.model_package_group_name or settings.behaviour("version_name") == "group-name":
        # Row 4 (open): AWS's handler and an ACK fixture see no name for a version, the output
        # shape marks it required; the ``version_name`` switch.
        response["ModelPackageName"] = package.model_package_name
    if package.model_package_group_name:
        # Row 3 (BC): always the group's name, even when it was created with the group's ARN.
        response.update(
            ModelPackageGroupName=package.model_package_group_name,
            ModelPackageVersion=package.model_package_version,
        )
    if package.last_modified_time:
        response.update(LastModifiedTime=package.last_modified_time, LastModifiedBy=package.last_modified_by)
    return response


def install() -> None:
    add(
        SageMakerModelBackend,
        "describe_model_package",
        lambda self, model_package_name: package(self, model_package_name),
    )
    add(ModelPackage, "gen_response_object", describe)


def forward_to_backend(cls: type, action: str, result_key: str | None = None) -> None:
    """Serve ``action`` by passing every parsed request parameter to the backend method of that name."""

    def handler(self: SageMakerResponse) -> ActionResult:
        result = getattr(self.sagemaker_backend, action)(**self.params)
        return ActionResult({result_key: result}) if result_key else EmptyResult()

    handler.__name__ = action
    add(cls, action, handler)
