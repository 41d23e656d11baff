"""``ClientToken`` idempotency of CreateModelPackage: a retried request returns the first ARN.

moto ignores the token, so a retry after a lost response creates a second version (or, for an
unversioned name, hits "already exists"). The token is checked before any other rule, as a
retry must succeed where the first attempt did (ledger row 11: remembered while the package lives).

The same token with *different* parameters is open (row 12): the ``client_token_reuse`` switch
either returns the first package as if nothing differed, or answers ConflictException, the one
error CreateModelPackage declares that fits (BC).
"""

from __future__ import annotations

import json
from typing import Any

from moto.sagemaker.models import SageMakerModelBackend

from . import settings
from ._patch import wrap
from .groups import ConflictException
from .store import bookkeeping, live_model_packages


def fingerprint(request: dict[str, Any]) -> str:
    """The request's parameters, token aside, in a comparable form."""
    return json.dumps({k: v for k, v in request.items() if k != "ClientToken"}, sort_keys=True, default=str)


def install() -> None:
    @wrap(SageMakerModelBackend, "create_model_package")
    def create_model_package(previous: Any, self: SageMakerModelBackend, **request: Any) -> str:
        token = request.get("ClientToken")
        tokens = bookkeeping(self).client_tokens
        if token and token in tokens and tokens[token][0] in live_model_packages(self):
            first_arn, first_request = tokens[token]
            if first_request != fingerprint(request) and settings.behaviour("client_token_reuse") == "error":
                # Row 12: the code is one CreateModelPackage declares (BC); the wording is a local stand-in.
                raise ConflictException(f"ClientToken {token} was already used with different parameters.")
            return first_arn
        arn: str = previous(self, **request)
        if token:
            tokens[token] = (arn, fingerprint(request))
        return arn
