"""chunk timing and unique card GUIDs: chunkresult.started_at, one GUID per deck

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 12:00:00
"""

from collections.abc import Sequence

import genanki
import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_card = sa.table(
    "card",
    sa.column("id", sa.String),
    sa.column("deck_id", sa.String),
    sa.column("guid", sa.String),
    sa.column("created_at", sa.DateTime),
)


def _separate_shared_guids() -> None:
    """Give every card but the oldest of a (deck, GUID) pair a derived GUID, so the index can exist.

    Earlier GUIDs came from kind + front only, so two cards with the same question and different
    answers could share one. The suffix is deterministic (GUID + counter), like the pipeline's.
    """
    conn = op.get_bind()
    shared = conn.execute(
        sa.select(_card.c.deck_id, _card.c.guid)
        .group_by(_card.c.deck_id, _card.c.guid)
        .having(sa.func.count() > 1)
    ).all()
    for deck_id, guid in shared:
        taken = set(conn.execute(sa.select(_card.c.guid).where(_card.c.deck_id == deck_id)).scalars())
        ids = conn.execute(
            sa.select(_card.c.id)
            .where(_card.c.deck_id == deck_id, _card.c.guid == guid)
            .order_by(_card.c.created_at, _card.c.id)
        ).scalars()
        for card_id in list(ids)[1:]:
            counter = 1
            while (new := str(genanki.guid_for(guid, counter))) in taken:
                counter += 1
            taken.add(new)
            conn.execute(sa.update(_card).where(_card.c.id == card_id).values(guid=new))


def upgrade() -> None:
    with op.batch_alter_table("chunkresult", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", models.types.UTCDateTime(timezone=True), nullable=True))
    _separate_shared_guids()
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.create_index("ux_card_deck_guid", ["deck_id", "guid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_index("ux_card_deck_guid")
    with op.batch_alter_table("chunkresult", schema=None) as batch_op:
        batch_op.drop_column("started_at")
