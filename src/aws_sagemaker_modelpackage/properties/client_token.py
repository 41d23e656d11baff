"""ClientToken: write-only; what is sent to SageMaker is derived from it and from
CloudFormation's request, so that a re-sent create is recognised and a replacement is not."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Part, State

_NAMESPACE = uuid.UUID("5b7f3c1e-6d1a-4b8e-9a57-2f0d7a9c4e11")


def derived(state: State) -> str:
    """The ClientToken sent to SageMaker: derived from CloudFormation's request (its token, the
    stack and logical id, so two resources never share one) and the template's ClientToken if
    it has one. A create re-sent after a lost response or a timeout carries the same request,
    so SageMaker recognises it instead of making a second package; a replacement is a new
    request, so it makes a new package even with the template's token unchanged (sent as it is,
    SageMaker would answer with the live package, which CloudFormation then deletes as the old
    resource: row 12 of the fidelity ledger). A UUID: 36 characters of ``[a-zA-Z0-9-]``."""
    given = state.desired.get("ClientToken")
    parts = (given, *state.request_ids) if given else state.request_ids
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(part or "") for part in parts)))


def create(state: State) -> Part:
    return {"ClientToken": derived(state)}
