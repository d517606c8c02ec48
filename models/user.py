from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    USER = "user"
    PREMIUM = "premium"
    ADMIN = "admin"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)  # stored lower-cased
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.USER.value, max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ApiToken(SQLModel, table=True):
    """A bearer token, stored only as an HMAC of its value."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    kind: str = Field(default="session", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
