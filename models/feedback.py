"""Feedback a signed-in person sends from the web app; admins read it at ``/ops/feedback``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow

#: Longest message kept (the API refuses longer ones).
MESSAGE_MAX_CHARS = 2000
#: Longest page path kept (where in the app it was sent from).
PAGE_MAX_CHARS = 200


class Feedback(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    message: str = Field(sa_column=Column(Text, nullable=False))
    page: str | None = Field(default=None, max_length=PAGE_MAX_CHARS)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
