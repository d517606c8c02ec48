"""Serving and deployment: gunicorn, shutdown windows, production checks."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class DeploySettings(BaseSettings):
    """Serving and deployment: gunicorn, shutdown windows, production checks.."""
