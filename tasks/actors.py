"""Dramatiq actors: thin wrappers that load ids and call :mod:`tasks.pipeline`.

Every actor states its own retry policy, time limit and max age; Dramatiq's
defaults (20 retries over weeks, 10-minute limit) are wrong for us.

Whose fault decides where a failure goes. An error caused by the document or the
request (``DeckhandError.input_fault``: encrypted, no text layer, corrupt, too
large, no cards, ...) fails the job with its code and hint, and the message is
*acknowledged*: the dead-letter queues are for system trouble only.
Other Deckhand errors are in ``throws``: they fail the message at once (no retry
can help) and :class:`workers.middleware.JobTracking` fails the job and leaves the
message in the dead-letter queue with its error and traceback, as do unexpected
exceptions once their retries are spent. A database outage is waited out
(:mod:`tasks.outages`): the job goes on once the database answers again.

Imported only by :mod:`workers.main`, after the broker is set.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import dramatiq
from dramatiq.middleware import CurrentMessage

import tasks.maintenance  # declares cleanup, reap_stuck_jobs
import tasks.ops_tasks  # declares rollup_error_events (alerts, error pruning)
import tasks.provider_tasks  # noqa: F401 - declares validate_provider_keys, flush_provider_usage
from config import get_settings
from errors import DeckhandError
from jobs.transitions import fail_job, ready_to_finalize
from providers.types import AllProvidersUnavailable
from taskqueue import names
from taskqueue.broker import enqueue
from tasks import pipeline
from tasks.context import get_context
from tasks.outages import survive_database_outages

_settings = get_settings()
logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., None])


def acknowledge_input_faults(actor: F) -> F:
    """Fail the job (first argument) on an input-fault error and return: the message is acked."""

    @functools.wraps(actor)
    def run(job_id: str, *args: Any) -> None:
        try:
            actor(job_id, *args)
        except DeckhandError as exc:
            if not exc.input_fault:
                raise
            ctx = get_context()
            logger.info("job refused its input job_id=%s code=%s", job_id, exc.code)
            fail_job(ctx.engine, job_id, exc, ctx.events)

    return run  # type: ignore[return-value]


#: Provider outages handed back to the queue before the offline generator answers.
PROVIDER_RETRIES = 3
#: Longest wait for a provider to come back before retrying a chunk, in ms.
MAX_PROVIDER_WAIT_MS = 300_000


@dramatiq.actor(
    actor_name=names.INGEST.actor_name,
    queue_name=names.INGEST.queue_name,
    max_retries=2,
    min_backoff=5_000,
    max_backoff=60_000,
    time_limit=int((_settings.parse_timeout_s + 60) * 1000),
    max_age=_settings.job_max_age_s * 1000,
    throws=(DeckhandError,),
)
@survive_database_outages
@acknowledge_input_faults
def ingest_document(job_id: str) -> None:
    indexes = pipeline.ingest(get_context(), job_id)
    for index in indexes:
        enqueue(dramatiq.get_broker(), names.GENERATE, job_id, index)
    if not indexes and ready_to_finalize(get_context().engine, job_id):
        enqueue(dramatiq.get_broker(), names.FINALIZE, job_id)  # resumed with every chunk done


@dramatiq.actor(
    actor_name=names.GENERATE.actor_name,
    queue_name=names.GENERATE.queue_name,
    max_retries=PROVIDER_RETRIES + 2,
    min_backoff=5_000,
    max_backoff=MAX_PROVIDER_WAIT_MS,
    time_limit=_settings.chunk_time_limit_s * 1000,
    max_age=_settings.job_max_age_s * 1000,
    throws=(DeckhandError,),
)
@survive_database_outages
@acknowledge_input_faults
def generate_chunk(job_id: str, chunk_index: int) -> None:
    message = CurrentMessage.get_current_message()
    retries = int(message.options.get("retries", 0)) if message else 0
    ctx = get_context()
    try:
        # When waiting cannot help (a refusal, a context too long), the pipeline goes
        # offline at once with the attempts made; it raises only when a wait may help.
        last = pipeline.generate_chunk(
            ctx, job_id, chunk_index, allow_offline_fallback=retries >= PROVIDER_RETRIES
        )
    except AllProvidersUnavailable as exc:
        pipeline.record_attempts(ctx, job_id, chunk_index, exc.attempts)  # kept across the retry
        wait_s = exc.retry_after_s if exc.retry_after_s is not None else 1.0
        delay_ms = min(MAX_PROVIDER_WAIT_MS, max(1_000, int(wait_s * 1000)))
        raise dramatiq.Retry(str(exc), delay=delay_ms) from exc
    if last:
        enqueue(dramatiq.get_broker(), names.FINALIZE, job_id)


@dramatiq.actor(
    actor_name=names.FINALIZE.actor_name,
    queue_name=names.FINALIZE.queue_name,
    max_retries=3,
    min_backoff=2_000,
    max_backoff=30_000,
    time_limit=120_000,
    max_age=_settings.job_max_age_s * 1000,
    throws=(DeckhandError,),
)
@survive_database_outages
@acknowledge_input_faults
def finalize_job(job_id: str) -> None:
    pipeline.finalize(get_context(), job_id)
