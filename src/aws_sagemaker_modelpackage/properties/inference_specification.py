"""InferenceSpecification: what SageMaker refuses in it, checked before any call, and the image
digests SageMaker fills in, which a template leaving them out does not ask to change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .names import UNVERSIONED_REFUSAL

if TYPE_CHECKING:
    from . import Model, State

INSTANCE_TYPES = ("SupportedRealtimeInferenceInstanceTypes", "SupportedTransformInstanceTypes")


def check(state: State) -> None:
    """What SageMaker refuses in the inference specification: an AdditionalS3DataSource (row 44);
    and for an unversioned package, a container's ModelDataSource (row 27) and either list of
    instance types missing or empty (row 28: the SDK requires both, non-empty)."""
    specification = state.desired.get("InferenceSpecification") or {}
    containers = list(enumerate(specification.get("Containers") or ()))
    for index, container in containers:
        if container.get("AdditionalS3DataSource"):
            raise InputError(
                f"InferenceSpecification/Containers[{index}]/AdditionalS3DataSource is refused by SageMaker "
                "(AdditionalS3DataSource is not allowed in InferenceSpecification); it may be given in "
                "AdditionalInferenceSpecifications"
            )
    if not specification or state.versioned:
        return
    for index, container in containers:
        if container.get("ModelDataSource"):
            raise InputError(
                f"InferenceSpecification/Containers[{index}]/ModelDataSource cannot be set on an unversioned "
                f"model package ({UNVERSIONED_REFUSAL}): give ModelDataUrl instead"
            )
    missing = [name for name in INSTANCE_TYPES if not specification.get(name)]
    if missing:
        raise InputError(
            f"InferenceSpecification/{' and '.join(missing)}: an unversioned model package needs at least one "
            f"instance type in both {' and '.join(INSTANCE_TYPES)} ({UNVERSIONED_REFUSAL} otherwise)"
        )


def with_digests(desired: Any, previous: Any) -> Any:
    """The specification with the ImageDigest SageMaker filled in (row 42) for each container the
    template leaves without one, where the previous model has the same image at the same place."""
    before = previous.get("Containers") if isinstance(previous, Mapping) else None
    if not isinstance(desired, Mapping) or not isinstance(desired.get("Containers"), list) or not before:
        return desired
    containers = [
        _with_digest(container, before[index] if index < len(before) else {})
        for index, container in enumerate(desired["Containers"])
    ]
    return {**desired, "Containers": containers}


def _with_digest(container: Model, before: Model) -> Model:
    if "ImageDigest" in container or not before.get("ImageDigest") or before.get("Image") != container.get("Image"):
        return container
    return {**container, "ImageDigest": before["ImageDigest"]}
