"""Security blocks. Owned by `api/` (accounts and limits).

Security *events* are counted in Redis and logged, not stored as rows: under an
attack every failed sign-in or 404 would otherwise become a database write. A
*block* is rare and must survive a Redis restart and be visible to an admin, so
it is a row here (and mirrored in Redis for the per-request check).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, utcnow


class BlockSubject(enum.StrEnum):
    IP = "ip"
    ACCOUNT = "account"  # subject is the account's email


class SecurityBlock(SQLModel, table=True):
    """An IP address or an account refused (403 ``blocked``) until ``expires_at`` or lifted."""

    id: int | None = Field(default=None, primary_key=True)
    subject_kind: str = Field(max_length=16)
    subject: str = Field(max_length=254, index=True)
    reason: str = Field(max_length=200)
    events: int = 0  # security events counted in the window that triggered it
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    lifted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    lifted_by: str | None = Field(default=None, max_length=254)
