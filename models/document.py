from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String
from sqlmodel import Column, Field, SQLModel

from models.types import UTCDateTime, new_id, utcnow


class Document(SQLModel, table=True):
    """An uploaded (or pasted) document; its bytes live under DATA_DIR/uploads or in DocumentBlob."""

    # The cleanup's scan: expired (expires_at) or, with no expiry, old (created_at).
    __table_args__ = (Index("ix_document_expires_at_created_at", "expires_at", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    filename: str = Field(max_length=255)  # sanitised, for display only
    kind: str = Field(max_length=16)  # documents.DocumentKind, sniffed from the bytes
    size_bytes: int
    sha256: str = Field(max_length=64, index=True)
    storage_path: str = Field(
        max_length=512
    )  # relative to the uploads directory (also with UPLOAD_STORAGE=database)
    page_count: int | None = None
    language: str | None = Field(default=None, max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))


class DocumentBlob(SQLModel, table=True):
    """One part of an uploaded file kept in the database (``UPLOAD_STORAGE=database``).

    For hosts where the API and the worker do not share a disk (Render): the
    worker reads the parts back into a temporary file to parse it. Parts are
    ``storage.PART_BYTES`` long, so neither side holds a whole file in memory.
    """

    document_id: str = Field(
        sa_column=Column(String(32), ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    )
    part: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary(), nullable=False))
