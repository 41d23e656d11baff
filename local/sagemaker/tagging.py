"""Tags on model packages: AddTags, ListTags (paginated) and DeleteTags accept model-package ARNs.

moto's ARN lookup knows no ``model-package`` resource type and cannot parse a version's ARN
(``model-package/<group>/<version>``). AddTags also replaces the value of a key that is already
there instead of adding a second tag with the same key, as SageMaker does (ledger row 10).

Tag calls on a *version's* ARN are open (rows 8 and 9): versions "use the tags associated with the
model group" (BC), ACK and AWS's own handler treat them as untaggable. The ``version_tags`` switch:
``refused`` (every tag call on a version is a ValidationException), ``own`` (the version keeps
tags of its own), ``inherited`` (ListTags answers the group's tags; AddTags/DeleteTags refused).
"""

from __future__ import annotations

from typing import Any

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import SageMakerModelBackend

from . import settings
from ._patch import wrap
from .store import find_model_package

# AWS-PR25's wording for tag calls on versions.
VERSION_TAGS = "Tag operations are supported only on ModelPackage Group not on ModelPackage Versions."


def tag_holder(backend: SageMakerModelBackend, arn: str, writing: bool) -> Any:
    """The object whose tags a tag call on a model-package ARN reads or changes."""
    package = find_model_package(backend, arn)
    if not package.model_package_group_name:
        return package
    mode = settings.behaviour("version_tags")
    if mode == "refused" or (mode == "inherited" and writing):
        raise ValidationError(VERSION_TAGS)
    if mode == "inherited":
        return backend.model_package_groups[package.model_package_group_name]
    return package


def _is_model_package(arn: str) -> bool:
    return arn.split(":")[-1].startswith("model-package/")


def install() -> None:
    @wrap(SageMakerModelBackend, "_get_resource_from_arn")
    def _get_resource_from_arn(previous: Any, self: SageMakerModelBackend, arn: str) -> Any:
        if _is_model_package(arn):
            return tag_holder(self, arn, writing=False)
        return previous(self, arn)

    @wrap(SageMakerModelBackend, "add_tags")
    def add_tags(previous: Any, self: SageMakerModelBackend, arn: str, tags: list[dict[str, str]]) -> Any:
        resource = tag_holder(self, arn, writing=True) if _is_model_package(arn) else self._get_resource_from_arn(arn)
        keys = {tag["Key"] for tag in tags}
        resource.tags = [tag for tag in resource.tags or [] if tag["Key"] not in keys] + list(tags)
        return resource.tags

    @wrap(SageMakerModelBackend, "delete_tags")
    def delete_tags(previous: Any, self: SageMakerModelBackend, arn: str, tag_keys: list[str]) -> None:
        if _is_model_package(arn):
            tag_holder(self, arn, writing=True)
        previous(self, arn, tag_keys)
