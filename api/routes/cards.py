"""Cards: edit, add, delete, study and review (spaced repetition with FSRS). Owned by `cards/`.

Every route needs a bearer token (the blueprint is in ``api.PROTECTED``); a card
or deck of another account answers 404 exactly like a missing one, and so does
a deck whose job is still running.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.auth import current_user
from api.openapi_operation import Reply, operation
from api.owned import get_owned, ready_deck
from api.schemas import CardOut, Strict
from api.serializers import card_detail_json, review_json, study_item_json
from api.state import state
from api.validation import MultiLine, SingleLine, json_body, parse_model
from cards.editing import BACK_MAX_CHARS, FRONT_MAX_CHARS, TAG_MAX_CHARS, TAGS_MAX
from cards.schema import CardKind
from cards.store import add_card, delete_card, edit_card, record_review, study_queue
from cards.study import RATINGS
from errors import Conflict, NotFound, ValidationFailed
from models import Card, Deck, utcnow
from models.db import session_scope
from models.review import ReviewLog

bp = Blueprint("cards", __name__)

Tag = Annotated[SingleLine, StringConstraints(strip_whitespace=True, min_length=1, max_length=TAG_MAX_CHARS)]
Front = Annotated[MultiLine, Field(min_length=1, max_length=FRONT_MAX_CHARS)]
Back = Annotated[MultiLine, Field(max_length=BACK_MAX_CHARS)]


class CardPatch(BaseModel):
    """Fields a person may change; kind, source and GUID stay as generated."""

    model_config = ConfigDict(extra="forbid")

    front: Front | None = None
    back: Back | None = None
    tags: list[Tag] | None = Field(None, max_length=TAGS_MAX)

    @field_validator("front", "back", "tags", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("must not be null; leave the field out to keep it")
        return value


class NewCard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["basic", "reversed", "cloze"] = "basic"
    front: Front
    back: Back = ""
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Literal["again", "hard", "good", "easy"] = Field(
        description="How well the answer was recalled: " + ", ".join(RATINGS)
    )


class StudyParams(BaseModel):
    """Query of ``GET /api/v1/decks/{id}/study``."""

    limit: int = Field(50, ge=1, le=500, description="Most cards in the answer (due ones first).")
    new: int = Field(20, ge=0, le=500, description="Most never-reviewed cards among them.")


# --- response shapes (mirror api/serializers.py: card_detail_json, study_item_json, review_json) ---


class CardLinks(Strict):
    self_: str = Field(alias="self")
    deck: str


class CardProblem(Strict):
    rule: str = Field(description="Rubric rule id (Q1…Q13), see docs/cards.md.")
    severity: Literal["E", "W"]
    detail: str


class CardDetailOut(CardOut):
    deck_id: str
    content_changed_at: datetime = Field(description="Last content change; the Anki note's mod time.")
    created_at: datetime
    problems: list[CardProblem] = Field(description="Quality checks the card fails (it is kept anyway).")
    links: CardLinks


class StudyState(Strict):
    new: bool
    state: Literal["new", "learning", "review", "relearning"]
    due: datetime
    reps: int = Field(ge=0)
    lapses: int = Field(ge=0)
    last_review_at: datetime | None


class StudyLinks(Strict):
    review: str


class StudyCardOut(CardOut):
    study: StudyState
    links: StudyLinks


class StudyQueueOut(Strict):
    deck_id: str
    now: datetime
    due_total: int = Field(ge=0, description="Reviewed cards due now (the answer may hold fewer).")
    new_total: int = Field(ge=0, description="Cards never reviewed.")
    cards: list[StudyCardOut]


class ReviewOut(Strict):
    card_id: str
    rating: Literal["again", "hard", "good", "easy"]
    reviewed_at: datetime
    state_before: Literal["new", "learning", "review", "relearning"]
    state: Literal["learning", "review", "relearning"]
    due: datetime = Field(description="When the card is next due (UTC).")
    interval_seconds: int


CARD_ID = "The card's id."
#: ``Idempotency-Key`` of a review: what an offline client generates per review (a UUID fits).
KEY_RULE = "8 to 64 letters, digits, '.', '_', ':' or '-'"
IDEMPOTENCY_KEY = re.compile(r"\A[A-Za-z0-9._:-]{8,64}\Z")
DECK_ID = "The deck's id."


def _owned_card(session: Session, card_id: str) -> Card:
    card = get_owned(session, Card, card_id, current_user())
    deck = session.get(Deck, card.deck_id)
    if deck is None or not deck.ready:  # the finalizer may still drop it as a duplicate
        raise NotFound(f"No card with id {card_id!r}.")
    return card


@bp.patch("/api/v1/cards/<card_id>")
@operation(
    summary="Edit a card",
    description="Change front, back or tags; the quality checks run again and the Anki GUID stays.",
    tags=("cards",),
    path_params={"card_id": CARD_ID},
    body=CardPatch,
    responses={200: CardDetailOut},
)
def update_card(card_id: str) -> ResponseReturnValue:
    body = json_body(CardPatch)
    with session_scope(state().engine) as session:
        card = _owned_card(session, card_id)
        checked = edit_card(session, card, body.model_dump(exclude_unset=True))
        payload = card_detail_json(card, checked.problems)
    return jsonify(payload)


@bp.delete("/api/v1/cards/<card_id>")
@operation(
    summary="Delete a card and its review history",
    tags=("cards",),
    path_params={"card_id": CARD_ID},
    responses={204: Reply(description="Deleted.")},
)
def remove_card(card_id: str) -> ResponseReturnValue:
    with session_scope(state().engine) as session:
        delete_card(session, _owned_card(session, card_id))
    return "", 204


@bp.post("/api/v1/decks/<deck_id>/cards")
@operation(
    summary="Add a card by hand",
    tags=("cards",),
    path_params={"deck_id": DECK_ID},
    body=NewCard,
    responses={201: Reply(model=CardDetailOut, headers={"Location": "The new card's URL."})},
)
def create_card(deck_id: str) -> ResponseReturnValue:
    body = json_body(NewCard)
    with session_scope(state().engine) as session:
        deck = ready_deck(session, deck_id, current_user())
        card, checked = add_card(
            session, deck, kind=CardKind(body.kind), front=body.front, back=body.back, tags=body.tags
        )
        payload = card_detail_json(card, checked.problems)
    return jsonify(payload), 201, {"Location": f"/api/v1/cards/{card.id}"}


@bp.get("/api/v1/decks/<deck_id>/study")
@operation(
    summary="Cards due for study",
    description="Due cards by due time, then never-reviewed ones, scheduled with FSRS per user.",
    tags=("study",),
    path_params={"deck_id": DECK_ID},
    query=StudyParams,
    responses={200: StudyQueueOut},
)
def study(deck_id: str) -> ResponseReturnValue:
    params = parse_model(StudyParams, dict(request.args))
    now = utcnow()
    user = current_user()
    with session_scope(state().engine) as session:
        deck = ready_deck(session, deck_id, current_user())
        assert user.id is not None
        queue = study_queue(session, deck, user.id, now=now, limit=params.limit, new_limit=params.new)
        cards = [study_item_json(item.card, item.schedule, item.due) for item in queue.items]
    return jsonify(
        deck_id=deck_id,
        now=now.isoformat().replace("+00:00", "Z"),
        due_total=queue.due_total,
        new_total=queue.new_total,
        cards=cards,
    )


@bp.post("/api/v1/cards/<card_id>/review")
@operation(
    summary="Record a review and schedule the next one",
    description="Send an `Idempotency-Key` header (8-64 of A-Z a-z 0-9 . _ : -, e.g. a UUID) to make a "
    "retried review safe: the same key answers the review stored the first time (409 if it named "
    "another card).",
    tags=("study",),
    path_params={"card_id": CARD_ID},
    body=Review,
    responses={200: ReviewOut},
    errors=(409,),
)
def review_card(card_id: str) -> ResponseReturnValue:
    """With an ``Idempotency-Key`` header, sending the same review again answers the stored one."""
    body = json_body(Review)
    key = _idempotency_key()
    user = current_user()
    assert user.id is not None
    if key is not None:
        earlier = _review_with_key(card_id, user.id, key)
        if earlier is not None:
            return jsonify(earlier)
    try:
        with session_scope(state().engine) as session:
            card = _owned_card(session, card_id)
            log = record_review(session, card, user.id, body.rating, now=utcnow())
            log.idempotency_key = key
            session.flush()
            payload = review_json(log)
    except IntegrityError:  # the same key stored meanwhile by a concurrent request
        earlier = _review_with_key(card_id, user.id, key) if key is not None else None
        if earlier is None:
            raise
        return jsonify(earlier)
    return jsonify(payload)


def _idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.match(key):
        raise ValidationFailed(
            "The Idempotency-Key header is malformed.",
            invalid_params=[{"name": "Idempotency-Key", "reason": KEY_RULE}],
        )
    return key


def _review_with_key(card_id: str, user_id: int, key: str) -> dict[str, object] | None:
    """The review stored under ``key``; 409 when that key was used for another card."""
    with session_scope(state().engine) as session:
        log = session.exec(
            select(ReviewLog).where(ReviewLog.user_id == user_id, ReviewLog.idempotency_key == key)
        ).first()
        if log is None:
            return None
        if log.card_id != card_id:
            raise Conflict(
                "This Idempotency-Key was already used for another card's review.",
                hint="Send a new key with each review.",
            )
        payload: dict[str, object] = review_json(log)
        return payload
