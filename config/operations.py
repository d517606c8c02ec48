"""Live progress, the scheduler, retention and maintenance. Owned by `tasks/` and `workers/`."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings


class OperationsSettings(BaseSettings):
    """Live progress, the scheduler, retention and maintenance."""

    # --- live progress (SSE) ---
    events_stream_maxlen: int = Field(
        500,
        ge=10,
        description="Events kept per job in its Redis Stream (XADD MAXLEN ~); older ones are trimmed.",
    )
    events_ttl_s: int = Field(
        86_400, ge=60, description="Seconds a job's event stream is kept after its last event."
    )
    sse_heartbeat_s: float = Field(
        15.0,
        gt=0,
        le=60,
        description="Seconds between ': heartbeat' comments on an idle progress stream (also the "
        "XREAD block time).",
    )
    sse_max_lifetime_s: int = Field(
        300,
        ge=5,
        description="A progress stream is closed after this many seconds; the client reconnects with "
        "Last-Event-ID and misses nothing.",
    )
    sse_max_streams: int | None = Field(
        None,
        ge=0,
        description="Open progress streams per API process; beyond it 503 with Retry-After (the client "
        "polls). Empty: derived from what the process can hold (docs/streams.md): 7/8 of "
        "WEB_WORKER_CONNECTIONS (gevent) or of WEB_THREADS (gthread), within the open-file limit; "
        "sync: 0.",
    )
    sse_retry_ms: int = Field(
        3000, ge=100, description="Reconnection delay the server suggests to SSE clients (retry: field)."
    )

    # --- scheduler ---
    scheduler_tick_s: float = Field(
        1.0, gt=0, le=60, description="How often the scheduler process looks for due periodic tasks."
    )
    schedule_cleanup_s: int = Field(
        3600, ge=0, description="Interval of the cleanup task (expired uploads, tokens, old jobs); 0: off."
    )
    schedule_reap_stuck_jobs_s: int = Field(
        300, ge=0, description="Interval of the stuck-job reaper; 0: off."
    )
    schedule_validate_provider_keys_s: int = Field(
        900, ge=0, description="Interval of provider key validation; 0: off."
    )
    schedule_flush_provider_usage_s: int = Field(
        60, ge=0, description="Interval of the provider usage counter flush; 0: off."
    )
    schedule_rollup_error_events_s: int = Field(
        300,
        ge=0,
        description="Interval of the error-event rollup and of alert evaluation (done by the "
        "scheduler process, else by the rollup task); 0: both off.",
    )

    # --- retention (cleanup) ---
    job_retention_days: int = Field(
        90,
        ge=1,
        description="Days a finished job (and its chunk records) is kept; the deck it made stays.",
    )
    token_retention_days: int = Field(
        7, ge=0, description="Days an expired or revoked API token row is kept before cleanup deletes it."
    )
    orphan_file_grace_s: int = Field(
        3600,
        ge=60,
        description="An upload file with no document row is deleted by cleanup once it is this old.",
    )

    # --- stuck jobs (reaper) ---
    reap_running_after_s: int = Field(
        900,
        ge=60,
        description="A running job whose heartbeat is older than this is stuck: its missing chunks are "
        "re-sent. Keep it above CHUNK_TIME_LIMIT_S plus the longest provider wait.",
    )
    resend_unsent_after_s: int = Field(
        5,
        ge=0,
        description="A queued job this old whose message never reached Redis (the upload was accepted "
        "while the queue was down) is sent by the scheduler as soon as Redis answers; 0: only the reaper.",
    )
    resume_lost_after_s: int = Field(
        60,
        ge=0,
        description="A running job with no message left in Redis and no progress for this long (its "
        "messages were lost with a Redis outage) is resumed by the scheduler; 0: only the reaper.",
    )
    reap_queued_after_s: int = Field(
        300,
        ge=30,
        description="A queued job this old whose message is not in the queue is re-enqueued.",
    )
    reap_max_attempts: int = Field(
        5, ge=1, description="A stuck job already claimed this many times is failed (job_stalled)."
    )

    # --- readiness ---
    worker_heartbeat_interval_s: float = Field(
        10.0,
        gt=0,
        description="How often each worker process records that it is alive (read by /readyz, "
        "deckhand doctor, the ops dashboard, /metrics and the no_worker alert).",
    )
    readyz_worker_stale_s: int = Field(
        60, ge=5, description="/readyz needs a worker heartbeat newer than this many seconds."
    )
    readyz_require_worker: bool = Field(
        True, description="Whether /readyz answers 503 when no worker heartbeat is recent."
    )

    @field_validator("sse_max_streams", mode="before")
    @classmethod
    def _empty_is_derived(cls, value: Any) -> Any:
        # SSE_MAX_STREAMS= (set but empty) means the default: derived, not a parse error.
        if isinstance(value, str) and not value.strip():
            return None
        return value
