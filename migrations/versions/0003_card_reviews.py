"""card reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cardschedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.String(length=32), nullable=False),
        sa.Column("deck_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("fsrs_card", sa.Text(), nullable=False),
        sa.Column("due", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("last_review_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"]),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "card_id", name="uq_cardschedule_user_card"),
    )
    with op.batch_alter_table("cardschedule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cardschedule_card_id"), ["card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cardschedule_deck_id"), ["deck_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cardschedule_due"), ["due"], unique=False)
        batch_op.create_index(batch_op.f("ix_cardschedule_user_id"), ["user_id"], unique=False)

    op.create_table(
        "reviewlog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.String(length=32), nullable=False),
        sa.Column("rating", sa.String(length=8), nullable=False),
        sa.Column("reviewed_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state_before", sa.String(length=16), nullable=True),
        sa.Column("state_after", sa.String(length=16), nullable=False),
        sa.Column("scheduled_due", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fsrs_log", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviewlog_card_id"), ["card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviewlog_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reviewlog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviewlog_user_id"))
        batch_op.drop_index(batch_op.f("ix_reviewlog_card_id"))
    op.drop_table("reviewlog")
    with op.batch_alter_table("cardschedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cardschedule_user_id"))
        batch_op.drop_index(batch_op.f("ix_cardschedule_due"))
        batch_op.drop_index(batch_op.f("ix_cardschedule_deck_id"))
        batch_op.drop_index(batch_op.f("ix_cardschedule_card_id"))
    op.drop_table("cardschedule")
