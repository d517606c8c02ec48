"""provider usage records

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "usagerecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hour", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("calls", sa.BigInteger(), nullable=False),
        sa.Column("input_tokens", sa.BigInteger(), nullable=False),
        sa.Column("output_tokens", sa.BigInteger(), nullable=False),
        sa.Column("latency_ms_sum", sa.BigInteger(), nullable=False),
        sa.Column("latency_ms_max", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "hour", "provider", "model", "key_fingerprint", "outcome", name="uq_usagerecord_bucket"
        ),
    )
    with op.batch_alter_table("usagerecord", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usagerecord_hour"), ["hour"], unique=False)
        batch_op.create_index(batch_op.f("ix_usagerecord_provider"), ["provider"], unique=False)

    op.create_table(
        "usageflushbatch",
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("flushed_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("batch_id"),
    )
    with op.batch_alter_table("usageflushbatch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usageflushbatch_flushed_at"), ["flushed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("usageflushbatch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usageflushbatch_flushed_at"))
    op.drop_table("usageflushbatch")
    with op.batch_alter_table("usagerecord", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usagerecord_provider"))
        batch_op.drop_index(batch_op.f("ix_usagerecord_hour"))
    op.drop_table("usagerecord")
