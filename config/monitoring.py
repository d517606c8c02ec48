"""Metrics, the ops dashboard, alerts and error tracking. Owned by `ops/`."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode


class MonitoringSettings(BaseSettings):
    """Metrics, the ops dashboard, alerts and error tracking."""

    # --- /metrics ---
    metrics_token: SecretStr | None = Field(
        None,
        description="Bearer token a Prometheus scraper may send to GET /metrics (besides an admin "
        "token). Unset: only admins and METRICS_ALLOWED_NETWORKS may scrape.",
    )
    metrics_allowed_networks: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated CIDRs (e.g. 10.0.0.0/8) whose clients may read /metrics without "
        "a token. Matched against the request's remote address.",
    )
    metrics_window_s: int = Field(
        3600,
        ge=60,
        description="Window of the scrape-time job, chunk and cache metrics read from the database, "
        "in seconds.",
    )
    worker_metrics_enabled: bool = Field(
        False,
        description="Add Dramatiq's Prometheus middleware to the worker: it forks an exposition "
        "server serving dramatiq_* metrics on WORKER_METRICS_PORT.",
    )
    worker_metrics_host: str = Field(
        "0.0.0.0",  # noqa: S104 - a private service port; scrapers reach it over the private network
        description="Address the worker's Dramatiq metrics server binds to.",
    )
    worker_metrics_port: int = Field(
        9191, ge=1, le=65535, description="Port of the worker's Dramatiq metrics server."
    )

    # --- /ops dashboard ---
    ops_session_ttl_s: int = Field(
        1800, ge=60, le=86400, description="Lifetime of an ops dashboard sign-in cookie, in seconds."
    )
    ops_read_only: bool = Field(
        False, description="Hide and refuse the dashboard's requeue, delete, purge, retry and cancel actions."
    )
    ops_page_size: int = Field(50, ge=10, le=500, description="Rows per page on the ops dashboard.")

    # --- alerts ---
    alert_webhook_url: SecretStr | None = Field(
        None,
        description='Webhook receiving alerts as Slack-compatible JSON ({"text": ...}). Unset: alerts '
        "only show on the dashboard.",
    )
    alert_cooldown_s: int = Field(
        1800, ge=0, description="An alert still firing is sent again at most this often, in seconds."
    )
    alert_breaker_open_minutes: int = Field(
        10, ge=1, description="Alert when a provider's circuit has been open this many minutes."
    )
    alert_dead_letter_growth: int = Field(
        10, ge=1, description="Alert when this many messages were dead-lettered within ALERT_WINDOW_S."
    )
    alert_error_rate: float = Field(
        0.25,
        gt=0,
        le=1,
        description="Alert when this share of jobs finished within ALERT_WINDOW_S failed.",
    )
    alert_error_rate_min_jobs: int = Field(
        5, ge=1, description="Jobs finished within ALERT_WINDOW_S before the error-rate rule applies."
    )
    alert_queue_age_s: int = Field(
        900, ge=1, description="Alert when a queue's oldest ready message is older than this, in seconds."
    )
    alert_heartbeat_s: int = Field(
        120, ge=1, description="Alert when no worker has sent a heartbeat for this many seconds."
    )
    alert_window_s: int = Field(
        900, ge=60, description="Window of the dead-letter growth and error-rate rules, in seconds."
    )
    alert_webhook_timeout_s: float = Field(5.0, gt=0, description="Timeout of one alert webhook POST.")

    # --- error tracking ---
    sentry_dsn: SecretStr | None = Field(
        None, description="Sentry DSN; set to report errors from the API and workers. Unset: Sentry is off."
    )
    sentry_traces_sample_rate: float = Field(
        0.0, ge=0, le=1, description="Share of requests and messages traced in Sentry (0: errors only)."
    )
    error_event_retention_days: int = Field(
        30, ge=1, description="Days error events are kept before the rollup task deletes them."
    )

    @field_validator("metrics_allowed_networks", mode="before")
    @classmethod
    def _parse_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            for item in value:
                ipaddress.ip_network(str(item), strict=False)  # ValueError names the bad CIDR
        return value
