"""CreateModelPackage: the named checks and steps, in the order SageMaker's answers need them.

1. ``idempotency.first_arn``: a retry with the same ``ClientToken`` returns the first package. It
   comes first because a retry must succeed where the first attempt did: the first attempt's own
   package would otherwise make an unversioned retry "already exists" (ledger row 11).
2. ``create_rules.check``: what SageMaker refuses (each rule with its ledger row), creates into a
   group that count as concurrent among them (row 46); a group named by its ARN is replaced by its
   name.
3. ``store.new_package``: the package keeps the whole request; versions are numbered per group.
4. ``lifecycle.start``: its status timings and fail rule, fixed at creation.

All in the account of the group the request names (``store.home``): a version created from another
account into a group by the group's ARN lives in the group's account (row 54), if the group's
policy lets the caller create it.
"""

from __future__ import annotations

from typing import Any

from moto.sagemaker.models import SageMakerModelBackend
from moto.sagemaker.responses import SageMakerResponse

from . import create_rules, idempotency, lifecycle, store
from ._patch import add


def create_model_package(self: SageMakerModelBackend, **request: Any) -> str:
    home = store.home(self, request.get("ModelPackageGroupName"))
    first = idempotency.first_arn(home, request)
    if first is not None:
        return first
    package = store.new_package(home, create_rules.check(home, request))
    lifecycle.start(package)
    home.model_packages[package.arn] = package
    idempotency.remember(home, request, package.arn)
    return package.arn


def install() -> None:
    add(SageMakerModelBackend, "create_model_package", create_model_package)
    store.forward_to_backend(SageMakerResponse, "create_model_package", result_key="ModelPackageArn")
