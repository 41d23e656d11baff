"""Model package groups: what moto lacks of them.

- ``DeleteModelPackageGroup``: a group that still holds live versions is refused with a
  ConflictException (the one error the API declares for this operation). Versions already being
  deleted do not count: AWS's SDK integration tests delete a group immediately after
  DeleteModelPackage of its versions, against real AWS (ledger row 35, SDK
  ``tests/integ/test_model_package.py``).
- Resource policies, which share a group with other accounts (row 54): ``PutModelPackageGroupPolicy``,
  ``GetModelPackageGroupPolicy``, ``DeleteModelPackageGroupPolicy``, by the group's name in the
  caller's own account (BC: the member is a name, not an ``ArnOrName``). Without a policy, Get and
  Delete answer ValidationException "Cannot find resource policy for: <group ARN>" and an unknown
  group "Cannot find Model Package Group: <name>" (the texts AWS's own handler for
  AWS::SageMaker::ModelPackageGroup tests against, ``AbstractTestBase.java``, and that
  terraform-provider-aws matches as not found, TF-MPG ``model_package_group_policy.go``). What a
  policy allows is decided in ``accounts.py``.
- ``ListModelPackages`` by the ARN of a group in another account lists that account's versions,
  where the group's policy allows it (moto lists the caller's account only).
"""

from __future__ import annotations

import json
from typing import Any

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import ModelPackageGroup, SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from . import accounts, store
from ._patch import add, wrap
from .exceptions import ConflictException
from .store import forward_to_backend, live_model_packages


def delete_model_package_group(self: SageMakerModelBackend, ModelPackageGroupName: str) -> None:
    group = store.group(self, ModelPackageGroupName)
    owner = accounts.backend_of(self, group.arn)  # a group named by its ARN is its account's (row 54)
    name = group.model_package_group_name
    if any(
        package.model_package_group_name == name and package.deleting_until is None
        for package in live_model_packages(owner).values()
    ):
        raise ConflictException(
            f"Model Package Group {group.arn} cannot be deleted because it contains model package versions."
        )
    del owner.model_package_groups[name]


def _own_group(backend: SageMakerModelBackend, name: str) -> ModelPackageGroup:
    found = backend.model_package_groups.get(name)
    if found is None:
        raise ValidationError(f"Cannot find Model Package Group: {name}")
    return found


def put_model_package_group_policy(self: SageMakerModelBackend, ModelPackageGroupName: str, ResourcePolicy: str) -> str:
    group = _own_group(self, ModelPackageGroupName)
    try:
        accounts.statements(json.loads(ResourcePolicy))
    except (ValueError, TypeError, AttributeError) as error:
        # Local stand-in: SageMaker's wording for a malformed policy is not published; an IAM
        # policy document is an object whose Statement holds statements with an Effect.
        raise ValidationError(f"ResourcePolicy is not a valid JSON policy document: {error}") from None
    group.resource_policy = ResourcePolicy  # type: ignore[attr-defined]  # moto's group has no such field
    return str(group.arn)


def _policy(backend: SageMakerModelBackend, name: str) -> tuple[ModelPackageGroup, str]:
    group = _own_group(backend, name)
    policy = accounts.policy_of(group)
    if policy is None:
        raise ValidationError(f"Cannot find resource policy for: {group.arn}")
    return group, policy


def get_model_package_group_policy(self: SageMakerModelBackend, ModelPackageGroupName: str) -> str:
    return _policy(self, ModelPackageGroupName)[1]


def delete_model_package_group_policy(self: SageMakerModelBackend, ModelPackageGroupName: str) -> None:
    group, _ = _policy(self, ModelPackageGroupName)
    del group.resource_policy  # type: ignore[attr-defined]


def install() -> None:
    add(SageMakerModelBackend, "delete_model_package_group", delete_model_package_group)
    forward_to_backend(SageMakerResponse, "delete_model_package_group")
    add(SageMakerModelBackend, "put_model_package_group_policy", put_model_package_group_policy)
    forward_to_backend(SageMakerResponse, "put_model_package_group_policy", result_key="ModelPackageGroupArn")
    add(SageMakerModelBackend, "get_model_package_group_policy", get_model_package_group_policy)
    forward_to_backend(SageMakerResponse, "get_model_package_group_policy", result_key="ResourcePolicy")
    add(SageMakerModelBackend, "delete_model_package_group_policy", delete_model_package_group_policy)
    forward_to_backend(SageMakerResponse, "delete_model_package_group_policy")

    @wrap(SageMakerModelBackend, "list_model_packages")
    def list_model_packages(previous: Any, self: SageMakerModelBackend, **kwargs: Any) -> Any:
        named = kwargs.get("model_package_group_name") or ""
        if not named.startswith("arn:") or accounts.arn_account(named)[0] == self.account_id:
            return previous(self, **kwargs)
        return previous(accounts.backend_of(self, store.group(self, named).arn), **kwargs)
