"""Requeueing one dead letter as an operator expects: the job it belongs to runs again, visibly.

Requeueing a job's dead message alone would not help: the job was failed when the
message died, so a fresh copy would find it ended and do nothing. For a message of a
job actor whose job is failed, the job is reset to ``queued`` (``jobs.use_cases.retry_job``:
only its missing chunks run again, ingest is enqueued); the dead letter is then removed.
Any other dead letter is requeued as it is (``ops.queues.requeue``). Either way the
caller logs and audits the :class:`Requeued` it gets back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import dramatiq
import redis
from sqlalchemy import Engine

from errors import Conflict, NotFound
from jobs.events import JobEvents
from jobs.use_cases import retry_job
from models import Job
from models.db import session_scope
from ops import queues
from taskqueue import names

logger = logging.getLogger(__name__)

JOB_ACTORS = frozenset({names.INGEST.actor_name, names.GENERATE.actor_name, names.FINALIZE.actor_name})


@dataclass(frozen=True)
class Requeued:
    message_id: str
    count: int
    job_id: str | None = None
    job_state: str | None = None  # the job's state afterwards

    def summary(self) -> str:
        """One sentence for the flash message and the audit trail."""
        if self.count == 0:
            return f"Message {self.message_id} was already gone; nothing was requeued."
        text = f"Requeued message {self.message_id}"
        if self.job_id:
            text += f"; job {self.job_id} is now {self.job_state or 'unknown'}"
        return text + "."


def requeue_dead_letter(
    *,
    broker: dramatiq.Broker,
    client: redis.Redis,
    engine: Engine,
    events: JobEvents | None,
    namespace: str,
    queue: str,
    ident: str,
) -> Requeued:
    """Requeue the dead letter ``ident`` (message id or Redis id). :raise NotFound: it is gone."""
    item = queues.find_dead_letter(client, namespace, queue, ident)
    if item is None:
        raise NotFound("That dead letter is gone (requeued, deleted or expired).")
    job_id = str(item.args[0]) if item.actor in JOB_ACTORS and item.args else None
    if job_id is not None:
        try:
            chunks = retry_job(engine, broker, events, job_id)
        except Conflict:
            pass  # the job is not failed (cancelled, or retried meanwhile): requeue the message as it is
        else:
            queues.delete(client, namespace, queue, [item.redis_id])
            logger.info(
                "dead letter requeued as a job retry queue=%s message_id=%s job_id=%s chunks=%d",
                queue, item.message_id, job_id, len(chunks),
            )  # fmt: skip
            return Requeued(item.message_id, 1, job_id, _state(engine, job_id))
    count = queues.requeue(broker, client, namespace, queue, [item.redis_id])
    logger.info("dead letter requeued queue=%s message_id=%s count=%d", queue, item.message_id, count)
    return Requeued(item.message_id, count, job_id, _state(engine, job_id) if job_id else None)


def _state(engine: Engine, job_id: str) -> str | None:
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        return job.state if job else None
