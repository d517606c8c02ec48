"""Accounts, sessions, API keys, rate limits, quotas and abuse blocking. Owned by `api/` (auth, limits)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class SecuritySettings(BaseSettings):
    """Accounts, sessions, API keys, rate limits, quotas and abuse blocking."""
