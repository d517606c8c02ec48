"""What a user or an operator does to a job: start, cancel, retry.

The API (``api/routes/documents.py``, ``api/routes/jobs.py``), the ``/ops`` pages
(``api/routes/ops.py``, ``ops/requeue.py``) and the command line call these, so that each
action is written once. They take their collaborators (engine, settings, broker, events)
as arguments: callers own the process's objects, these own the order of the steps.
"""

from __future__ import annotations

import logging
from pathlib import Path

import dramatiq
import redis
from sqlalchemy import Engine, update
from sqlmodel import col

import storage
from config import Settings
from jobs.events import JobEvents
from jobs.transitions import cancel_job, prepare_retry
from models import Deck, Document, Job, utcnow
from models.db import session_scope
from taskqueue.broker import enqueue
from taskqueue.names import INGEST

logger = logging.getLogger(__name__)

__all__ = ["cancel_job", "retry_job", "start_job"]


def start_job(
    engine: Engine,
    settings: Settings,
    broker: dramatiq.Broker,
    document: Document,
    options: dict[str, object],
    stored: Path,
) -> tuple[Job, Deck]:
    """Store document (its bytes too, with UPLOAD_STORAGE=database), deck and job in one
    transaction, then enqueue the ingest message.

    If the queue is unreachable the job is kept (``enqueued_at`` stays empty) and
    the answer is still 202: the stuck-job reaper re-sends queued jobs whose
    message never reached the broker (``REAP_QUEUED_AFTER_S``), so nothing a user
    sent is lost to a brief Redis outage.
    """
    with session_scope(engine) as session:
        # No ORM relationships are declared, so flush in foreign-key order.
        session.add(document)
        session.flush()
        storage.keep(session, settings, document, stored)
        deck = Deck(user_id=document.user_id, document_id=document.id, title=str(options["title"]))
        session.add(deck)
        session.flush()
        job = Job(user_id=document.user_id, document_id=document.id, deck_id=deck.id, options=options)
        session.add(job)
    storage.after_commit(settings, stored)
    try:
        enqueue(broker, INGEST, job.id)
    except (redis.RedisError, OSError) as exc:
        logger.warning("enqueue failed; the reaper will re-send it job_id=%s error=%r", job.id, exc)
        return job, deck
    with session_scope(engine) as session:
        session.execute(update(Job).where(col(Job.id) == job.id).values(enqueued_at=utcnow()))
    return job, deck


def retry_job(engine: Engine, broker: dramatiq.Broker, events: JobEvents | None, job_id: str) -> list[int]:
    """Reset a failed or degraded job (:func:`jobs.transitions.prepare_retry`) and enqueue its
    ingest, which sends only the chunks to redo; returns their indexes.

    If the queue is unreachable the job stays queued and the stuck-job reaper sends it once
    the queue is back.

    :raise Conflict: when the job is not failed or degraded.
    """
    chunks = prepare_retry(engine, job_id, events)
    try:
        enqueue(broker, INGEST, job_id)
    except (redis.RedisError, OSError) as exc:
        logger.error("retry enqueue failed job_id=%s error=%r", job_id, exc)
    logger.info("job retried job_id=%s chunks_to_redo=%d", job_id, len(chunks))
    return chunks
