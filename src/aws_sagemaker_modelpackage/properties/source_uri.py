"""SourceUri: refused by SageMaker together with InferenceSpecification on create (so set by an
update right after, as the SageMaker Python SDK does), and on unversioned packages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from .names import UNVERSIONED_REFUSAL

if TYPE_CHECKING:
    from . import Part, State


def deferred(state: State) -> Part:
    """SageMaker refuses SourceUri together with InferenceSpecification on create."""
    if state.desired.get("SourceUri") and state.desired.get("InferenceSpecification"):
        return {"SourceUri": state.desired["SourceUri"]}
    return {}


def create(state: State) -> Part:
    if deferred(state) or not state.desired.get("SourceUri"):
        return {}
    return {"SourceUri": state.desired["SourceUri"]}


def check(state: State) -> None:
    """SageMaker refuses SourceUri on an unversioned package (fidelity ledger row 27)."""
    if state.desired.get("SourceUri") and not state.versioned:
        raise InputError(
            f"SourceUri cannot be set on an unversioned model package ({UNVERSIONED_REFUSAL}): "
            "give ModelPackageGroupName instead of ModelPackageName to register a version with a SourceUri"
        )
