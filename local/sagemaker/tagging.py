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

from . import settings, store
from ._patch import add

# AWS-PR25's wording for tag calls on versions.
VERSION_TAGS = "Tag operations are supported only on ModelPackage Group not on ModelPackage Versions."


def tag_holder(backend: SageMakerModelBackend, arn: str, writing: bool) -> Any:
    """The object whose tags a tag call on ``arn`` reads (or, ``writing``, changes): for a
    model-package ARN the package, or per ``version_tags`` the version's group; for any other ARN
    the resource moto finds."""
    if not arn.split(":")[-1].startswith("model-package/"):
        return _MOTO_LOOKUP(backend, arn)
    package = store.package(backend, arn)
    if not package.model_package_group_name:
        return package
    mode = settings.behaviour("version_tags")
    if mode == "refused" or (mode == "inherited" and writing):
        raise ValidationError(VERSION_TAGS)
    if mode == "inherited":
        return store.group(backend, package.model_package_group_name)
    return package


def add_tags(self: SageMakerModelBackend, arn: str, tags: list[dict[str, str]]) -> list[dict[str, str]]:
    """Row 10 (BC): a key already there gets the new value (moto would add a second tag)."""
    resource = tag_holder(self, arn, writing=True)
    keys = {tag["Key"] for tag in tags}
    resource.tags = [tag for tag in resource.tags or [] if tag["Key"] not in keys] + list(tags)
    return list(resource.tags)


def delete_tags(self: SageMakerModelBackend, arn: str, tag_keys: list[str]) -> None:
    resource = tag_holder(self, arn, writing=True)
    resource.tags = [tag for tag in resource.tags or [] if tag["Key"] not in tag_keys]


def _get_resource_from_arn(self: SageMakerModelBackend, arn: str) -> Any:
    """What moto's ListTags reads."""
    return tag_holder(self, arn, writing=False)


# moto's own lookup, kept before ``install()`` replaces it (this module is imported once).
_MOTO_LOOKUP = SageMakerModelBackend._get_resource_from_arn


def install() -> None:
    add(SageMakerModelBackend, "_get_resource_from_arn", _get_resource_from_arn)
    add(SageMakerModelBackend, "add_tags", add_tags)
    add(SageMakerModelBackend, "delete_tags", delete_tags)
