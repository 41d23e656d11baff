"""ModelCard: an Archived card's content cannot change; content and status are sent in separate
calls (SageMaker refuses both in one); the content is sensitive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from . import Part, State

SECRET = "ModelCardContent"
_PARTS = ("ModelCardContent", "ModelCardStatus")  # in the order they are sent


def check_not_archived(state: State) -> None:
    if state.creating:
        return
    card_before = state.known.get("ModelCard") or {}
    card_after = state.desired.get("ModelCard") or card_before
    archived = card_before.get("ModelCardStatus") == "Archived"
    if archived and card_after.get("ModelCardContent") != card_before.get("ModelCardContent"):
        raise InputError(
            "ModelCard: the model card is Archived and its content cannot change any more "
            "(SageMaker answers: Model Card is in Archived state)"
        )


def plan(state: State) -> list[Part]:
    """What changed of the card, content first, then status, one per UpdateModelPackage: SageMaker
    refuses both in one call (row 30). Content first because an Archived card takes no new
    content, so a move to Archived must come last (a card that is Archived already is refused
    by ``check_not_archived``). An unchanged part is never sent again."""
    before = state.previous.get("ModelCard") or {}
    after = state.desired.get("ModelCard") or {}
    return [
        {"ModelCard": {key: after[key]}}
        for key in _PARTS
        if after.get(key) is not None and after.get(key) != before.get(key)
    ]


def keep(state: State) -> tuple[Part, list[str]]:
    """On a rollback, a card SageMaker has archived stays as it is: its content cannot change
    any more, and an archive is not undone."""
    card = (state.current or {}).get("ModelCard") or {}
    if card.get("ModelCardStatus") != "Archived" or state.desired.get("ModelCard") == card:
        return {}, []
    return {"ModelCard": dict(card)}, [
        "ModelCard: kept Archived with its content (SageMaker cannot change an archived card)"
    ]
