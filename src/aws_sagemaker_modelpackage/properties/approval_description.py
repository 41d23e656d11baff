"""ApprovalDescription: CreateModelPackage has no such member, so it is set by the
UpdateModelPackage right after the create."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Part, State


def not_on_create(_state: State) -> Part:
    """CreateModelPackage has no such member: nothing in the create request."""
    return {}


def deferred(state: State) -> Part:
    """Set by the UpdateModelPackage right after the create (with a deferred SourceUri); an
    empty description is a value SageMaker holds too (its shape's minimum length is 0)."""
    given = state.desired.get("ApprovalDescription")
    return {"ApprovalDescription": given} if given is not None else {}
