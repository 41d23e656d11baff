"""What SageMaker refuses on CreateModelPackage and moto accepts.

- a ``ModelPackageName`` that does not match SageMaker's name pattern;
- both or neither of ``ModelPackageName`` / ``ModelPackageGroupName``;
- ``Tags`` on a version (versions take their tags from the group);
- ``SourceUri`` together with ``InferenceSpecification`` (SDKs set SourceUri afterwards with
  UpdateModelPackage);
- a version in a group that does not exist;
- an unversioned name that is already taken (moto silently overwrites the existing package).
"""

from __future__ import annotations

import re
from typing import Any

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import SageMakerModelBackend

from ._patch import wrap
from .store import model_package_arn

TAGS_ON_VERSION = "Tags are not supported in Model Package versions. Please add them to the Model Package Group."
BOTH_NAMES = (
    "Both ModelPackageName and ModelPackageGroupName are provided in the input. Cannot determine which one to use."
)
NEITHER_NAME = "Missing ARN. Provide either ModelPackageName or ModelPackageGroupName."
SOURCE_URI_WITH_INFERENCE = (
    "SourceUri cannot be specified together with InferenceSpecification in CreateModelPackage. "
    "Set SourceUri with UpdateModelPackage after the model package is created."
)


NAME_PATTERN = r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"


def check(backend: SageMakerModelBackend, request: dict[str, Any]) -> None:
    name, group = request.get("ModelPackageName"), request.get("ModelPackageGroupName")
    if name and group:
        raise ValidationError(BOTH_NAMES)
    if not name and not group:
        raise ValidationError(NEITHER_NAME)
    if name and not re.match(NAME_PATTERN, name):
        raise ValidationError(
            f"1 validation error detected: Value '{name}' at 'modelPackageName' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {NAME_PATTERN}"
        )
    if group and request.get("Tags"):
        raise ValidationError(TAGS_ON_VERSION)
    if request.get("SourceUri") and request.get("InferenceSpecification"):
        raise ValidationError(SOURCE_URI_WITH_INFERENCE)
    if group and group not in backend.model_package_groups:
        raise ValidationError(f"Model Package Group {group} does not exist.")
    if name:
        arn = model_package_arn(backend, name)
        if arn in backend.live_model_packages():
            raise ValidationError(f"Model Package {arn} already exists.")


def install() -> None:
    @wrap(SageMakerModelBackend, "create_model_package")
    def create_model_package(previous: Any, self: SageMakerModelBackend, **request: Any) -> str:
        check(self, request)
        return previous(self, **request)
