"""LLM provider settings. Owned by `providers/`."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class ProviderSettings(BaseSettings):
    """The provider chain, each provider's keys, models and timeouts."""
