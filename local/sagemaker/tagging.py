"""Tags on model packages: AddTags, ListTags (paginated) and DeleteTags accept model-package ARNs.

moto's ARN lookup knows no ``model-package`` resource type and cannot parse a version's ARN
(``model-package/<group>/<version>``). AddTags also replaces the value of a key that is already
there instead of adding a second tag with the same key, as SageMaker does (for every resource).
"""

from __future__ import annotations

from typing import Any

from moto.sagemaker.models import SageMakerModelBackend

from ._patch import wrap
from .store import find_model_package


def install() -> None:
    @wrap(SageMakerModelBackend, "_get_resource_from_arn")
    def _get_resource_from_arn(previous: Any, self: SageMakerModelBackend, arn: str) -> Any:
        if arn.split(":")[-1].startswith("model-package/"):
            return find_model_package(self, arn)
        return previous(self, arn)

    @wrap(SageMakerModelBackend, "add_tags")
    def add_tags(previous: Any, self: SageMakerModelBackend, arn: str, tags: list[dict[str, str]]) -> Any:
        resource = self._get_resource_from_arn(arn)
        keys = {tag["Key"] for tag in tags}
        resource.tags = [tag for tag in resource.tags or [] if tag["Key"] not in keys] + list(tags)
        return resource.tags
