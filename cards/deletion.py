"""Deleting a whole deck: its cards, their review history, its jobs, its document and stored file.

A deck still being built (a job of it queued or running, e.g. a re-run of the offline
chunks) cannot be deleted: the worker would write into rows that are gone. The file on
disk goes after the transaction commits, so a rolled-back delete never loses it.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import Session, col, select

import storage
from errors import Conflict
from models import TERMINAL_STATES, Card, ChunkResult, Deck, Document, Job
from models.review import CardSchedule, ReviewLog

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeletedDeck:
    cards: int
    #: Storage paths (relative to the uploads directory) to remove once committed.
    files: list[str]


def delete_deck(session: Session, deck: Deck) -> DeletedDeck:
    """Delete ``deck`` and everything only it uses, in the caller's transaction.

    :raise Conflict: while one of its jobs is queued or running.
    """
    jobs = list(session.exec(select(Job).where(Job.deck_id == deck.id)))
    if any(job.state not in TERMINAL_STATES for job in jobs):
        raise Conflict(
            "This deck is still being built.",
            hint="Cancel its job, or wait for it to finish, then delete the deck.",
        )
    card_ids = select(Card.id).where(Card.deck_id == deck.id)
    session.execute(delete(ReviewLog).where(col(ReviewLog.card_id).in_(card_ids)))
    session.execute(delete(CardSchedule).where(col(CardSchedule.deck_id) == deck.id))
    cards = len(list(session.exec(select(Card.id).where(Card.deck_id == deck.id))))
    session.execute(delete(Card).where(col(Card.deck_id) == deck.id))
    job_ids = [job.id for job in jobs]
    if job_ids:
        session.execute(delete(ChunkResult).where(col(ChunkResult.job_id).in_(job_ids)))
        session.execute(delete(Job).where(col(Job.id).in_(job_ids)))
    document_ids = {job.document_id for job in jobs} | ({deck.document_id} if deck.document_id else set())
    session.execute(delete(Deck).where(col(Deck.id) == deck.id))
    files: list[str] = []
    for document_id in document_ids:
        document = session.get(Document, document_id)
        if document is None or _still_used(session, document_id):
            continue
        storage.forget(session, document_id)
        files.append(document.storage_path)
        session.delete(document)
    session.flush()
    return DeletedDeck(cards=cards, files=files)


def _still_used(session: Session, document_id: str) -> bool:
    """Another deck or job refers to the document (a second upload of the same file is its own row)."""
    other_deck = session.exec(select(Deck.id).where(Deck.document_id == document_id)).first()
    other_job = session.exec(select(Job.id).where(Job.document_id == document_id)).first()
    return other_deck is not None or other_job is not None


def remove_files(uploads_dir: Path, storage_paths: list[str]) -> int:
    """After commit: unlink each stored file (never outside ``uploads_dir``); returns how many went."""
    removed = 0
    root = uploads_dir.resolve()
    for storage_path in storage_paths:
        path = (uploads_dir / storage_path).resolve()
        if root not in path.parents:
            logger.error("refusing to delete outside the uploads directory path=%s", storage_path)
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the document's folder, once empty
    return removed


__all__ = ["DeletedDeck", "delete_deck", "remove_files"]
