"""``ClientToken`` idempotency of CreateModelPackage: a retried request returns the first ARN.

moto ignores the token, so a retry after a lost response creates a second version (or, for an
unversioned name, hits "already exists"). The token is checked before any other rule, as a
retry must succeed where the first attempt did.
"""

from __future__ import annotations

from typing import Any

from moto.sagemaker.models import SageMakerModelBackend

from ._patch import wrap
from .store import bookkeeping


def install() -> None:
    @wrap(SageMakerModelBackend, "create_model_package")
    def create_model_package(previous: Any, self: SageMakerModelBackend, **request: Any) -> str:
        token = request.get("ClientToken")
        tokens = bookkeeping(self).client_tokens
        if token and tokens.get(token) in self.live_model_packages():
            return tokens[token]
        arn: str = previous(self, **request)
        if token:
            tokens[token] = arn
        return arn
