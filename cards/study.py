"""Spaced-repetition scheduling with FSRS (the ``fsrs`` package, v6).

A card's scheduling state is stored as the JSON of an ``fsrs.Card``; a card
with no state is new and due now. Only timezone-aware datetimes are accepted
(FSRS works in UTC); a naive one raises ``ValueError`` rather than being
silently misread.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

RATINGS: dict[str, Rating] = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}


STATE_NAMES: dict[State, str] = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}


@dataclass(frozen=True)
class ReviewOutcome:
    state_json: str  # the card's new FSRS state
    due: datetime  # UTC
    log_json: str  # the review log entry (keep it: it is what an optimizer learns from)
    state: str = ""  # learning | review | relearning, after the review
    state_before: str | None = None  # None: the card was new


@functools.cache
def scheduler() -> Scheduler:
    # Fuzzing off: the same review history always gives the same schedule (testable, explainable).
    return Scheduler(desired_retention=0.9, enable_fuzzing=False)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware (UTC); got a naive datetime")
    return moment.astimezone(UTC)


def _card(state_json: str | None) -> Card:
    return Card.from_json(state_json) if state_json else Card()


def due_at(state_json: str | None, now: datetime) -> datetime:
    """When a card is next due; a card with no state is due ``now``."""
    now = _utc(now)
    if not state_json:
        return now
    return _utc(_card(state_json).due)


def state_name(state_json: str | None) -> str | None:
    """``learning``/``review``/``relearning``; None for a new card (no state yet)."""
    return STATE_NAMES[_card(state_json).state] if state_json else None


def parse_rating(rating: str) -> str:
    """The canonical rating name; raises ``ValueError`` for anything else."""
    key = rating.strip().lower()
    if key not in RATINGS:
        raise ValueError(f"rating must be one of {', '.join(RATINGS)}; got {rating!r}")
    return key


def review(state_json: str | None, rating: str, now: datetime) -> ReviewOutcome:
    """Apply one review (``again``/``hard``/``good``/``easy``) made at ``now``."""
    key = parse_rating(rating)
    now = _utc(now)
    card = _card(state_json)
    if not state_json:
        card.due = now  # a new card is due when first seen, not when the object was made
    card, log = scheduler().review_card(card, RATINGS[key], review_datetime=now)
    return ReviewOutcome(
        state_json=card.to_json(),
        due=_utc(card.due),
        log_json=log.to_json(),
        state=STATE_NAMES[card.state],
        state_before=state_name(state_json),
    )
