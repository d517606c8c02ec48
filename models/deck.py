from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, new_id, utcnow

#: Longest deck title (the column's length); titles derived from file names are cut to it.
TITLE_MAX_LENGTH = 200


class Deck(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    document_id: str | None = Field(default=None, foreign_key="document.id", index=True, max_length=32)
    title: str = Field(max_length=TITLE_MAX_LENGTH)
    card_count: int = 0
    ready: bool = False  # True once its job has finished (or for hand-made decks)
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Card(SQLModel, table=True):
    # One note per GUID in a deck: Anki would merge two notes that share one.
    __table_args__ = (Index("ux_card_deck_guid", "deck_id", "guid", unique=True),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    deck_id: str = Field(foreign_key="deck.id", index=True, max_length=32)
    job_id: str | None = Field(default=None, foreign_key="job.id", index=True, max_length=32)
    chunk_index: int | None = None
    position: int = 0  # order within its chunk
    kind: str = Field(max_length=16)  # basic | reversed | cloze
    front: str = Field(max_length=4000)
    back: str = Field(default="", max_length=4000)
    source: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source_span: str = Field(default="", max_length=1000)
    origin: str = Field(default="offline", max_length=16)  # llm | offline | manual
    provider: str | None = Field(default=None, max_length=64)
    model: str | None = Field(default=None, max_length=128)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    checks: dict[str, bool] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    guid: str = Field(max_length=64, index=True)  # stable Anki GUID
    content_changed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
