"""error events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "errorevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("exception_type", sa.String(length=200), nullable=False),
        sa.Column("frames", sa.String(length=2000), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sample_request_id", sa.String(length=64), nullable=True),
        sa.Column("sample_path", sa.String(length=500), nullable=True),
        sa.Column("sample_message", sa.String(length=1000), nullable=True),
        sa.Column("sample_error_id", sa.String(length=32), nullable=True),
        sa.Column("sample_job_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("errorevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_errorevent_fingerprint"), ["fingerprint"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("errorevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_errorevent_fingerprint"))
    op.drop_table("errorevent")
