"""Spaced-repetition state and review logs. Owned by `cards/`.

``CardSchedule`` is one user's FSRS state for one card (a card without a row is
new). ``ReviewLog`` keeps every review, append-only: it is what an FSRS
optimizer learns from, so it is never rewritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow


class CardSchedule(SQLModel, table=True):
    """A user's FSRS scheduling state for one card; ``due`` in UTC."""

    __table_args__ = (UniqueConstraint("user_id", "card_id", name="uq_cardschedule_user_card"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    card_id: str = Field(foreign_key="card.id", index=True, max_length=32)
    deck_id: str = Field(foreign_key="deck.id", index=True, max_length=32)
    state: str = Field(max_length=16)  # learning | review | relearning
    fsrs_card: str = Field(sa_column=Column(Text, nullable=False))  # fsrs.Card.to_json()
    due: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    reps: int = 0
    lapses: int = 0  # "again" given in the review state
    last_review_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ReviewLog(SQLModel, table=True):
    """One review of one card by one user.

    ``idempotency_key`` is the client's key for the review (``Idempotency-Key``): a review
    sent again after a lost answer (an offline queue syncing) finds it instead of counting twice.
    """

    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key", name="uq_reviewlog_user_idempotency_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    card_id: str = Field(foreign_key="card.id", index=True, max_length=32)
    rating: str = Field(max_length=8)  # again | hard | good | easy
    reviewed_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    state_before: str | None = Field(default=None, max_length=16)  # None: the card was new
    state_after: str = Field(max_length=16)
    scheduled_due: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    fsrs_log: str = Field(sa_column=Column(Text, nullable=False))  # fsrs.ReviewLog.to_json()
    idempotency_key: str | None = Field(default=None, max_length=64)
