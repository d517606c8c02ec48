"""Metrics, the ops dashboard, alerts and error tracking. Owned by `ops/`."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class MonitoringSettings(BaseSettings):
    """Metrics, the ops dashboard, alerts and error tracking."""
