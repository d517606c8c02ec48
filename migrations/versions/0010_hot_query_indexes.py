"""indexes for the hot queries the EXPLAIN test found reading whole tables

Cleanup scans (expired uploads and tokens, old jobs), the /metrics window over finished jobs
and chunks, and the foreign keys a deck or document deletion checks (job.deck_id,
deck.document_id). tests/test_query_plans.py runs the code's own queries over 100,000 rows
per table on PostgreSQL and fails on a sequential scan of a big table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 09:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (index name, table, columns)
INDEXES = [
    ("ix_document_expires_at_created_at", "document", ["expires_at", "created_at"]),
    ("ix_job_finished_at", "job", ["finished_at"]),
    ("ix_job_deck_id", "job", ["deck_id"]),
    ("ix_chunkresult_finished_at", "chunkresult", ["finished_at"]),
    ("ix_apitoken_expires_at", "apitoken", ["expires_at"]),
    ("ix_apitoken_revoked_at", "apitoken", ["revoked_at"]),
    ("ix_deck_document_id", "deck", ["document_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
