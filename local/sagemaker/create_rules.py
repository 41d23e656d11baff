"""What SageMaker refuses on CreateModelPackage and moto accepts, each with its ledger row.

- both or neither of ``ModelPackageName`` / ``ModelPackageGroupName`` (row 21);
- ``Tags`` on a version: versions take their tags from the group (row 7);
- ``SourceUri`` together with ``InferenceSpecification`` (row 26; SDKs set SourceUri afterwards
  with UpdateModelPackage);
- on an unversioned package: ``SourceUri`` or ``ModelDataSource`` (row 27), an inference
  specification without both instance-type lists (row 28);
- ``AdditionalS3DataSource`` in ``InferenceSpecification`` (row 44);
- a version in a group that does not exist; the group may be named by its ARN (row 1);
- an unversioned name that is already taken (row 20; moto silently overwrites the package);
- a version created into a group while another create into it is in flight, per the
  ``concurrent_create`` switch (row 46, open).

A name that does not match SageMaker's pattern (row 47) is refused before any of these, with the
other constraints of the API's model (``constraints.py``).
"""

from __future__ import annotations

from typing import Any

from moto.sagemaker.exceptions import ResourceInUseException, ValidationError
from moto.sagemaker.models import SageMakerModelBackend

from . import settings, store
from .exceptions import ConflictException
from .store import live_package, model_package_arn

TAGS_ON_VERSION = "Tags are not supported in Model Package versions. Please add them to the Model Package Group."
# Row 21 (MOTO7165, quoting AWS's answers).
BOTH_NAMES = (
    "Both ModelPackageName and ModelPackageGroupName are provided in the input. Cannot determine which one to use."
)
NEITHER_NAME = "Missing ARN."
SOURCE_URI_WITH_INFERENCE = (
    "SourceUri cannot be specified together with InferenceSpecification in CreateModelPackage. "
    "Set SourceUri with UpdateModelPackage after the model package is created."
)
# Row 27: the SDK's wording (``get_create_model_package_request``), with the API's member names.
UNVERSIONED_WITH = "Un-versioned SageMaker Model Package currently cannot be created with {member}."
# Row 28: the SDK's wording (PR #3228), with the API's member names.
UNVERSIONED_INSTANCE_TYPES = (
    "SupportedRealtimeInferenceInstanceTypes and SupportedTransformInstanceTypes must be provided "
    "if ModelPackageGroupName is not present."
)
# Row 44 (B4510), SageMaker's own text.
ADDITIONAL_S3_DATA_SOURCE = "AdditionalS3DataSource is not allowed in InferenceSpecification"


def check_inference_specification(specification: dict[str, Any] | None) -> None:
    """Row 44 (B4510): SageMaker refuses ``AdditionalS3DataSource`` in the main specification."""
    containers = (specification or {}).get("Containers", [])
    if any("AdditionalS3DataSource" in container for container in containers):
        raise ValidationError(ADDITIONAL_S3_DATA_SOURCE)


def check_names(request: dict[str, Any]) -> None:
    name, group = request.get("ModelPackageName"), request.get("ModelPackageGroupName")
    if name and group:
        raise ValidationError(BOTH_NAMES)
    if not name and not group:
        raise ValidationError(NEITHER_NAME)


def check_unversioned(request: dict[str, Any]) -> None:
    """Rows 27 and 28 (SDK ``get_create_model_package_request``, PR #4492 and #3228)."""
    if request.get("SourceUri"):
        raise ValidationError(UNVERSIONED_WITH.format(member="SourceUri"))
    specification = request.get("InferenceSpecification") or {}
    if any("ModelDataSource" in container for container in specification.get("Containers", [])):
        raise ValidationError(UNVERSIONED_WITH.format(member="ModelDataSource"))
    instance_types = ("SupportedRealtimeInferenceInstanceTypes", "SupportedTransformInstanceTypes")
    # Row 28: the SDK checks the instance types where it builds an inference specification; a
    # package without one is not covered by that evidence, so it is not refused here.
    if specification and not all(specification.get(member) for member in instance_types):
        raise ValidationError(UNVERSIONED_INSTANCE_TYPES)


def check_name_free(backend: SageMakerModelBackend, name: str) -> None:
    """Row 20 (open, AWS-PR25 catches ResourceInUse and matches "already exists"): the
    ``duplicate_name`` switch chooses the code."""
    arn = model_package_arn(backend, name)
    if live_package(backend, arn) is not None:
        # Row 20: AWS-PR25 matches ".*Model Package already exists.*"; the exact wording is unverified.
        message = f"Model Package {arn} already exists."
        if settings.behaviour("duplicate_name") == "resource-in-use":
            raise ResourceInUseException(message)
        raise ValidationError(message)


# Row 46 is open: no public wording exists; this is the local stand-in.
CONCURRENT_CREATE = "Another CreateModelPackage into Model Package Group {group} is in progress. Try again later."


def check_not_concurrent(backend: SageMakerModelBackend, group: str) -> None:
    """Row 46 (open): SageMaker declares ConflictException on CreateModelPackage and
    UpdateModelPackage (BC) without saying when; concurrent changes to one group are the likely
    trigger (callers.md §3). The ``concurrent_create`` switch: ``conflict`` refuses, ``serialised``
    creates the next version as if the creates had come one after another.

    "Concurrent" is decided on the local clock, not by real overlap: two requests overlap on the
    threaded server for microseconds, which no test could arrange or repeat. Instead a version's
    creation counts as in flight for ``concurrent_create_seconds`` after it (0 by default, so
    nothing conflicts until a test or benchmark sets it), and a create into the same group in that
    window is the concurrent one; ``advance`` ends the window.
    """
    last = store.bookkeeping(backend).last_created.get(group)
    if last is None or settings.behaviour("concurrent_create") == "serialised":
        return
    if (settings.now() - last).total_seconds() < settings.current.concurrent_create_seconds:
        raise ConflictException(CONCURRENT_CREATE.format(group=group))


def check(backend: SageMakerModelBackend, request: dict[str, Any]) -> dict[str, Any]:
    """Refuse what SageMaker refuses; the request to store, where a group given by ARN is replaced
    by its name (row 1)."""
    check_names(request)
    group = request.get("ModelPackageGroupName")
    if group and request.get("Tags"):
        raise ValidationError(TAGS_ON_VERSION)
    if request.get("SourceUri") and request.get("InferenceSpecification"):
        raise ValidationError(SOURCE_URI_WITH_INFERENCE)
    check_inference_specification(request.get("InferenceSpecification"))
    if not group:
        check_unversioned(request)
        check_name_free(backend, request["ModelPackageName"])
        return dict(request)
    name = store.group(backend, group).model_package_group_name
    check_not_concurrent(backend, name)
    return {**request, "ModelPackageGroupName": name}
