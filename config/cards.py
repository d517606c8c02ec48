"""Card generation settings. Owned by `cards/`."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings


class CardSettings(BaseSettings):
    """Knobs of card generation and the quality gate."""

    cards_allow_offline_fallback: bool = Field(
        True,
        description="When every AI provider is unavailable, draft cards with the offline generator "
        "(the job is then marked degraded) instead of failing the chunk.",
    )
    cards_existing_fronts_in_prompt: int = Field(
        80,
        ge=0,
        le=500,
        description="How many fronts of cards already made for the deck are sent with each prompt so the "
        "model avoids repeats.",
    )
    cards_offline_density_per_1k_words: float = Field(
        10.0,
        gt=0,
        le=60,
        description="Target number of offline-drafted cards per 1,000 words (structure cards first, "
        "key-term cloze cards fill up to this).",
    )
    cards_dedupe_threshold: int = Field(
        90,
        ge=50,
        le=100,
        description="rapidfuzz token_set_ratio (0-100) at or above which two cards with similar backs "
        "count as duplicates.",
    )
