"""accounts and security events

API keys beside sign-in sessions (name, display prefix, optional expiry) and the
table of IP/account blocks. Expand-only: old code keeps working on the new schema.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("display_prefix", sa.String(length=16), nullable=True))
        batch_op.alter_column(
            "expires_at", existing_type=models.types.UTCDateTime(timezone=True), nullable=True
        )

    op.create_table(
        "securityblock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=254), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=254), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("securityblock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_securityblock_subject"), ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("securityblock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_securityblock_subject"))
    op.drop_table("securityblock")

    # Keys without an expiry cannot live in the old NOT NULL column: they expire now.
    op.execute("UPDATE apitoken SET expires_at = CURRENT_TIMESTAMP WHERE expires_at IS NULL")
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.alter_column(
            "expires_at", existing_type=models.types.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.drop_column("display_prefix")
        batch_op.drop_column("name")
