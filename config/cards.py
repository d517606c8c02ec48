"""Card generation settings. Owned by `cards/`."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class CardSettings(BaseSettings):
    """Knobs of card generation and the quality gate."""
