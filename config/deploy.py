"""Serving and deployment: gunicorn, shutdown windows, migrations on deploy, production checks.

Owned by ``deploy/`` (``gunicorn.conf.py``, ``scripts/migrate``, ``deckhand config check``,
``deckhand doctor``). The shutdown numbers must stay below the platform's window: Render sends
SIGTERM, waits ``maxShutdownDelaySeconds`` (default 30 s), then SIGKILLs (security.md, DEP-4).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings


class DeploySettings(BaseSettings):
    """Serving and deployment: gunicorn, shutdown windows, migrations on deploy, production checks."""

    # --- gunicorn (gunicorn.conf.py) ---
    web_concurrency: int = Field(
        2,
        ge=1,
        le=64,
        description="gunicorn worker processes of the API (`make run`; Render sets WEB_CONCURRENCY).",
    )
    web_threads: int = Field(
        32,
        ge=1,
        le=512,
        description="Threads per gunicorn worker with WEB_WORKER_CLASS=gthread (each open progress "
        "stream holds one); unused by gevent.",
    )
    web_worker_class: Literal["gevent", "gthread", "sync"] = Field(
        "gevent",
        description="gunicorn worker class. 'gevent' (the default): non-blocking I/O, an open progress "
        "stream costs no thread; 'gthread': a thread per request, a stream pins one; 'sync': one "
        "request per process, no progress streams (clients poll).",
    )
    web_worker_connections: int = Field(
        1000,
        ge=10,
        le=20_000,
        description="Clients one gevent worker serves at once (gunicorn worker_connections); open "
        "progress streams count, and an eighth of it is kept for other requests.",
    )
    web_timeout_s: int = Field(
        60, ge=5, description="gunicorn: a worker silent this long is killed and replaced, in seconds."
    )
    graceful_timeout_s: int = Field(
        25,
        ge=1,
        description="Seconds gunicorn lets in-flight requests finish after SIGTERM; keep it at least 5 s "
        "below the platform's shutdown window (Render: 30 s).",
    )
    web_max_requests: int = Field(
        50_000,
        ge=0,
        description="gunicorn: recycle a worker after this many requests (0: never). A recycle re-imports "
        "the app (seconds of CPU), so it must stay rare: a bound on slow leaks, not a routine.",
    )
    web_max_requests_jitter: int = Field(
        5_000, ge=0, description="gunicorn: random extra requests before a recycle, so workers restart apart."
    )
    web_shutdown_window_s: int = Field(
        30,
        ge=1,
        le=300,
        description="The platform's SIGTERM-to-SIGKILL window of the web service, in seconds "
        "(Render's maxShutdownDelaySeconds); checked against GRACEFUL_TIMEOUT_S.",
    )

    # --- dramatiq worker shutdown ---
    worker_shutdown_timeout_s: int = Field(
        280,
        ge=1,
        description="Seconds a Dramatiq worker lets running messages finish after SIGTERM before it "
        "stops them (they are redelivered); keep it 10-20 s below the worker's shutdown window.",
    )
    worker_shutdown_window_s: int = Field(
        300,
        ge=1,
        le=300,
        description="The platform's SIGTERM-to-SIGKILL window of the worker service, in seconds "
        "(Render's maxShutdownDelaySeconds, at most 300); checked against WORKER_SHUTDOWN_TIMEOUT_S.",
    )

    # --- production checks ---
    deploy_env: Literal["development", "staging", "production"] | None = Field(
        None,
        description="What `deckhand config check` judges the settings as when --env is not given, and "
        "what render.yaml's build steps pass as --env (`${DEPLOY_ENV:-production}`). A staging API "
        "runs ENV=production with DEPLOY_ENV=staging, so it may allow Vercel previews.",
    )
    allow_offline_only: bool = Field(
        False,
        description="Accept a production deployment with no LLM provider (cards from the offline "
        "generator only); without it `deckhand config check --env production` fails.",
    )
    public_api_url: str | None = Field(
        None,
        description="The API's public base URL (https://…), used by `deckhand doctor` and the docs' "
        "smoke test; informational.",
    )

    # --- migrations on deploy (scripts/migrate) ---
    migrate_retries: int = Field(
        10, ge=1, le=100, description="Attempts scripts/migrate makes to reach the database before failing."
    )
    migrate_retry_delay_s: float = Field(
        2.0,
        ge=0,
        le=60,
        description="Seconds between those attempts (doubling, capped at 15 s).",
    )
    migrate_lock_timeout_s: float = Field(
        300.0,
        gt=0,
        description="Seconds scripts/migrate waits for another deploy's migration lock before failing.",
    )

    # --- the worker waits for the pre-deploy migration (workers/main.py) ---
    worker_schema_wait_s: float = Field(
        300.0,
        ge=0,
        le=3600,
        description="Seconds a starting worker waits for the database to reach the code's migration "
        "head (the API's pre-deploy runs scripts/migrate meanwhile) before it exits with an error; "
        "0: check once. It never runs new code on an old schema.",
    )

    # --- deckhand doctor ---
    doctor_queue_backlog_warn: int = Field(
        500, ge=1, description="`deckhand doctor` warns when more messages than this wait in one queue."
    )
    doctor_min_free_disk_mb: int = Field(
        500, ge=0, description="`deckhand doctor` warns when DATA_DIR's disk has less free space, MiB."
    )
    doctor_worker_stale_s: int = Field(
        120,
        ge=5,
        description="`deckhand doctor` reports no live worker when no worker heartbeat is newer than this.",
    )

    @field_validator("allow_offline_only", "deploy_env", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        # A `sync: false` variable left empty on Render arrives as "": the default, not an error.
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[str(info.field_name)].default
        return value
