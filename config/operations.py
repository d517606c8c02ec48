"""Live progress, the scheduler, retention and maintenance. Owned by `tasks/` and `workers/`."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class OperationsSettings(BaseSettings):
    """Live progress, the scheduler, retention and maintenance."""
