"""DeleteModelPackageGroup, which moto does not implement.

A group that still holds live versions is refused with a ConflictException (the one error the API
declares for this operation). Versions already being deleted do not count: AWS's SDK integration
tests delete a group immediately after DeleteModelPackage of its versions, against real AWS
(ledger row 35, SDK ``tests/integ/test_model_package.py``).
"""

from __future__ import annotations

from moto.sagemaker.models import SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from . import store
from ._patch import add
from .exceptions import ConflictException
from .store import forward_to_backend, live_model_packages


def delete_model_package_group(self: SageMakerModelBackend, ModelPackageGroupName: str) -> None:
    group = store.group(self, ModelPackageGroupName)
    name = group.model_package_group_name
    if any(
        package.model_package_group_name == name and package.deleting_until is None
        for package in live_model_packages(self).values()
    ):
        raise ConflictException(
            f"Model Package Group {group.arn} cannot be deleted because it contains model package versions."
        )
    del self.model_package_groups[name]


def install() -> None:
    add(SageMakerModelBackend, "delete_model_package_group", delete_model_package_group)
    forward_to_backend(SageMakerResponse, "delete_model_package_group")
