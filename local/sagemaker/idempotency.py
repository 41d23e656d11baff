"""``ClientToken`` idempotency of CreateModelPackage: a retried request returns the first ARN.

moto ignores the token, so a retry after a lost response creates a second version (or, for an
unversioned name, hits "already exists"). The token is checked before any other rule (see
``create.py``), as a retry must succeed where the first attempt did (ledger row 11: remembered while
the package lives).

The same token with *different* parameters is open (row 12): the ``client_token_reuse`` switch
either returns the first package as if nothing differed, or answers ConflictException, the one
error CreateModelPackage declares that fits (BC).
"""

from __future__ import annotations

import json
from typing import Any

from moto.sagemaker.models import SageMakerModelBackend

from . import settings
from .exceptions import ConflictException
from .store import bookkeeping, live_package


def fingerprint(request: dict[str, Any]) -> str:
    """The request's parameters, token aside, in a comparable form."""
    return json.dumps({k: v for k, v in request.items() if k != "ClientToken"}, sort_keys=True, default=str)


def first_arn(backend: SageMakerModelBackend, request: dict[str, Any]) -> str | None:
    """The ARN a request with this ``ClientToken`` made, while that package lives (row 11)."""
    token = request.get("ClientToken")
    first = bookkeeping(backend).client_tokens.get(token) if token else None
    if first is None or live_package(backend, first[0]) is None:
        return None
    arn, first_request = first
    if first_request != fingerprint(request) and settings.behaviour("client_token_reuse") == "error":
        # Row 12: the code is one CreateModelPackage declares (BC); the wording is a local stand-in.
        raise ConflictException(f"ClientToken {token} was already used with different parameters.")
    return arn


def remember(backend: SageMakerModelBackend, request: dict[str, Any], arn: str) -> None:
    """Keep the token of a request that made ``arn``."""
    if request.get("ClientToken"):
        bookkeeping(backend).client_tokens[request["ClientToken"]] = (arn, fingerprint(request))
