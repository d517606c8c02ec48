"""Cleanup: what Deckhand deletes, and when (the ``cleanup`` periodic task).

What cleanup keeps (the retention decision, docs/operations.md):

- An upload past ``UPLOAD_RETENTION_DAYS`` (or its ``expires_at``) whose jobs
  have all ended: the file is deleted, then the document row with its jobs and
  their chunk records. Finished decks made from it stay (the user's study
  material; ``deck.document_id`` becomes null); decks that never finished
  (failed or cancelled jobs) go, unless a card of theirs has a review history.
- A finished job past ``JOB_RETENTION_DAYS``: the job and its chunk records
  (its cards stay in their deck with ``job_id`` null), and its deck if unfinished.
- Tokens expired or revoked more than ``TOKEN_RETENTION_DAYS`` ago.
- Files under the uploads directory with no document row, older than
  ``ORPHAN_FILE_GRACE_S`` (an upload interrupted between file and row).
- Nothing that a queued or running job, or a finished deck, still needs.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, exists, or_, update
from sqlmodel import Session, col, select

import storage
from config import Settings
from jobs.transitions import ACTIVE_STATES
from models import ApiToken, Card, ChunkResult, Deck, Document, Job, JobState, utcnow
from models.db import session_scope
from models.review import CardSchedule, ReviewLog
from tasks.maintenance_jobs import BATCH, MaintenanceContext

logger = logging.getLogger(__name__)

TERMINAL = [s.value for s in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)]


def cleanup(ctx: MaintenanceContext, now: datetime | None = None) -> dict[str, int]:
    now = now or utcnow()
    counts: dict[str, int] = {}
    counts.update(cleanup_uploads(ctx.engine, ctx.settings, now))
    counts.update(cleanup_jobs(ctx.engine, ctx.settings, now))
    counts["tokens_deleted"] = cleanup_tokens(ctx.engine, ctx.settings, now)
    counts["orphan_files_deleted"] = cleanup_orphan_files(ctx.engine, ctx.settings, time.time())
    counts["scratch_files_deleted"] = cleanup_scratch_files(ctx.settings, time.time())
    return counts


def _no_active_job(document_id: Any) -> Any:
    return ~exists().where(col(Job.document_id) == document_id, col(Job.state).in_(ACTIVE_STATES))


def cleanup_uploads(engine: Engine, settings: Settings, now: datetime) -> dict[str, int]:
    """Expired uploads whose jobs have all ended: file, document, its jobs; finished decks stay."""
    cutoff = now - timedelta(days=settings.upload_retention_days)
    expired = or_(
        col(Document.expires_at) <= now,
        col(Document.expires_at).is_(None) & (col(Document.created_at) < cutoff),
    )
    with session_scope(engine) as session:
        docs = list(session.exec(select(Document).where(expired, _no_active_job(Document.id)).limit(BATCH)))
    counts = {"uploads_deleted": 0, "upload_files_deleted": 0, "jobs_deleted": 0, "decks_deleted": 0}
    for doc in docs:
        with session_scope(engine) as session:
            # Re-checked inside the transaction: a retry may have started meanwhile.
            if (
                session.exec(select(Document.id).where(Document.id == doc.id, _no_active_job(doc.id))).first()
                is None
            ):
                continue
            job_ids = list(session.exec(select(Job.id).where(Job.document_id == doc.id)))
            counts["decks_deleted"] += _delete_jobs(session, job_ids)
            counts["jobs_deleted"] += len(job_ids)
            session.execute(update(Deck).where(col(Deck.document_id) == doc.id).values(document_id=None))
            storage.forget(session, doc.id)
            session.execute(delete(Document).where(col(Document.id) == doc.id))
        counts["uploads_deleted"] += 1
        counts["upload_files_deleted"] += _remove_file(settings.uploads_dir, doc.storage_path)
    return counts


def cleanup_jobs(engine: Engine, settings: Settings, now: datetime) -> dict[str, int]:
    """Finished jobs past JOB_RETENTION_DAYS (their cards stay in their decks)."""
    cutoff = now - timedelta(days=settings.job_retention_days)
    with session_scope(engine) as session:
        job_ids = list(
            session.exec(
                select(Job.id).where(col(Job.state).in_(TERMINAL), col(Job.finished_at) < cutoff).limit(BATCH)
            )
        )
        decks = _delete_jobs(session, job_ids)
    return {"old_jobs_deleted": len(job_ids), "old_job_decks_deleted": decks}


def _delete_jobs(session: Session, job_ids: list[str]) -> int:
    """Delete ended jobs with their chunk records and unfinished decks; returns decks deleted."""
    if not job_ids:
        return 0
    deck_ids = [
        d
        for d in session.exec(
            select(Job.deck_id).where(col(Job.id).in_(job_ids), col(Job.state).in_(TERMINAL))
        )
        if d is not None
    ]
    session.execute(update(Card).where(col(Card.job_id).in_(job_ids)).values(job_id=None))
    session.execute(delete(ChunkResult).where(col(ChunkResult.job_id).in_(job_ids)))
    session.execute(delete(Job).where(col(Job.id).in_(job_ids), col(Job.state).in_(TERMINAL)))
    unfinished = list(
        session.exec(
            select(Deck.id).where(
                col(Deck.id).in_(deck_ids),
                col(Deck.ready).is_(False),
                ~exists().where(col(Job.deck_id) == Deck.id),  # another job still builds it
                ~exists().where(col(CardSchedule.deck_id) == Deck.id),
                ~exists().where(col(ReviewLog.card_id) == Card.id, col(Card.deck_id) == Deck.id),
            )
        )
    )
    if unfinished:
        session.execute(delete(Card).where(col(Card.deck_id).in_(unfinished)))
        session.execute(delete(Deck).where(col(Deck.id).in_(unfinished)))
    return len(unfinished)


def cleanup_tokens(engine: Engine, settings: Settings, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.token_retention_days)
    with session_scope(engine) as session:
        result = session.execute(
            delete(ApiToken).where(or_(col(ApiToken.expires_at) < cutoff, col(ApiToken.revoked_at) < cutoff))
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _remove_file(uploads_dir: Path, storage_path: str) -> int:
    path = (uploads_dir / storage_path).resolve()
    if uploads_dir.resolve() not in path.parents:  # never outside the uploads directory
        logger.error("refusing to delete outside the uploads directory path=%s", storage_path)
        return 0
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # the user's folder, once empty
    return 1


def cleanup_orphan_files(engine: Engine, settings: Settings, now_s: float) -> int:
    """Files under uploads/<user>/<document> with no document row, older than the grace period."""
    root = settings.uploads_dir
    if not root.is_dir():
        return 0
    candidates = [
        p
        for p in root.glob("*/*")
        if p.is_file() and now_s - p.stat().st_mtime > settings.orphan_file_grace_s
    ]
    deleted = 0
    for batch in _batches(candidates, BATCH):
        paths = [str(p.relative_to(root)) for p in batch]
        with session_scope(engine) as session:
            known = set(
                session.exec(select(Document.storage_path).where(col(Document.storage_path).in_(paths)))
            )
        for relative in paths:
            if relative not in known:
                deleted += _remove_file(root, relative)
    return deleted


def cleanup_scratch_files(settings: Settings, now_s: float) -> int:
    """Temporary copies of database-held uploads left by a worker killed while parsing."""
    root = storage.scratch_dir(settings)
    if not root.is_dir():
        return 0
    deleted = 0
    for path in root.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if path.is_file() and now_s - path.stat().st_mtime > settings.orphan_file_grace_s:
                path.unlink()
                deleted += 1
    return deleted


def _batches(items: list[Path], size: int) -> Iterable[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
