"""Actor and queue names: the contract between producers (API, CLI) and workers.

Producers enqueue by name (see :func:`taskqueue.broker.enqueue`) so that they never
import actor modules, which bind to the process-wide broker at import time.
Actor signatures are an API: new arguments go last, with defaults.
"""

from __future__ import annotations

from typing import NamedTuple


class ActorRef(NamedTuple):
    actor_name: str
    queue_name: str


DOCUMENTS_QUEUE = "documents"  # parsing: CPU-heavy, runs in a child process
CARDS_QUEUE = "cards"  # card generation (LLM calls) and finalisation
MAINTENANCE_QUEUE = "maintenance"
ALL_QUEUES = (DOCUMENTS_QUEUE, CARDS_QUEUE, MAINTENANCE_QUEUE)

#: ingest_document(job_id)
INGEST = ActorRef("ingest_document", DOCUMENTS_QUEUE)
#: generate_chunk(job_id, chunk_index)
GENERATE = ActorRef("generate_chunk", CARDS_QUEUE)
#: finalize_job(job_id)
FINALIZE = ActorRef("finalize_job", CARDS_QUEUE)

# Maintenance (scheduled; see the scheduler). No arguments unless noted.
#: validate_provider_keys()
VALIDATE_PROVIDER_KEYS = ActorRef("validate_provider_keys", MAINTENANCE_QUEUE)
#: flush_provider_usage()
FLUSH_PROVIDER_USAGE = ActorRef("flush_provider_usage", MAINTENANCE_QUEUE)
#: rollup_error_events() (implemented with the error-event store)
ROLLUP_ERROR_EVENTS = ActorRef("rollup_error_events", MAINTENANCE_QUEUE)
#: cleanup() - expired uploads, tokens and old jobs (tasks/maintenance.py)
CLEANUP = ActorRef("cleanup", MAINTENANCE_QUEUE)
#: reap_stuck_jobs() - stale running jobs and lost queued messages (tasks/maintenance.py)
REAP_STUCK_JOBS = ActorRef("reap_stuck_jobs", MAINTENANCE_QUEUE)
