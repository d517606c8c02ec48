from __future__ import annotations

import enum
from datetime import datetime
from typing import TypeVar

from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    USER = "user"
    PREMIUM = "premium"
    ADMIN = "admin"


Value = TypeVar("Value")


def by_role(role: str | None, user: Value, premium: Value, admin: Value) -> Value:
    """The one of a setting's three values (a plan per role) that applies to ``role``;
    an unknown role or none gets a plain user's."""
    if role == Role.ADMIN.value:
        return admin
    if role == Role.PREMIUM.value:
        return premium
    return user


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)  # stored lower-cased
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.USER.value, max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class TokenKind(enum.StrEnum):
    SESSION = "session"  # from sign-in; expires after TOKEN_TTL_HOURS
    API_KEY = "api_key"  # for scripts; optional name and expiry


class ApiToken(SQLModel, table=True):
    """A bearer token (web session or API key), stored only as an HMAC of its value."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    kind: str = Field(default=TokenKind.SESSION.value, max_length=16)
    #: An API key's label, chosen by its owner.
    name: str | None = Field(default=None, max_length=100)
    #: The key's first characters (e.g. ``dhk_AbC12345``), enough to recognise it, useless to use it.
    display_prefix: str | None = Field(default=None, max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    #: None only for an API key created without an expiry.
    expires_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True)
    )
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True, index=True)
    )
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
