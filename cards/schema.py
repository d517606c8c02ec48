"""The card as every generator produces it and every exporter consumes it.

``CardDraft`` is a plain dataclass so that ``cards/`` stays independent of the
database; ``models.Card`` rows are built from it. ``LLMCard``/``LLMCardBatch``
are the JSON shape asked of LLM providers (their JSON schema is sent with the
prompt) and validated on the way back.
"""

from __future__ import annotations

import copy
import enum
import functools
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from documents.model import SourceRef


class CardKind(enum.StrEnum):
    BASIC = "basic"
    REVERSED = "reversed"
    CLOZE = "cloze"


class Severity(enum.StrEnum):
    """A quality rule's weight (cards.md §2): what failing it costs a card."""

    E = "E"  # reject (or repair)
    W = "W"  # flag; keep only when no better card fills the slot


class Origin(enum.StrEnum):
    LLM = "llm"
    OFFLINE = "offline"
    MANUAL = "manual"


@dataclass
class CardDraft:
    """One card before it is stored.

    For cloze cards ``front`` holds the text with ``{{c1::...}}`` deletions and
    ``back`` optional extra context.
    """

    kind: CardKind
    front: str
    back: str
    source: SourceRef
    origin: Origin = Origin.OFFLINE
    source_span: str = ""  # the sentence(s) the card was drawn from, <= 300 chars
    provider: str | None = None
    model: str | None = None
    tags: list[str] = field(default_factory=list)
    checks: dict[str, bool] = field(default_factory=dict)  # quality gate results by rule id


@dataclass
class GenerationOptions:
    """What a job asked for."""

    max_cards: int = 100
    kinds: tuple[CardKind, ...] = (CardKind.BASIC, CardKind.CLOZE)
    language: str | None = None  # None: the document's language
    focus: str | None = None  # free-text hint ("dates and names", "definitions")
    difficulty: Literal["easy", "medium", "hard"] | None = None


# --- the JSON shape asked of LLMs --------------------------------------------------


class LLMSource(BaseModel):
    block: int | None = Field(None, description="The number N of the text block [SN] the card comes from.")
    page: int | None = None
    slide: int | None = None
    heading: list[str] = Field(default_factory=list)


class LLMCard(BaseModel):
    kind: Literal["basic", "reversed", "cloze"]
    front: str = Field(min_length=1, max_length=1000)
    back: str = Field("", max_length=1000)
    source_quote: str = Field("", max_length=400, description="The sentence from the text this card tests.")
    source: LLMSource = Field(default_factory=LLMSource)


class LLMCardBatch(BaseModel):
    cards: list[LLMCard] = Field(max_length=100)


def llm_json_schema() -> dict[str, Any]:
    """The JSON schema of :class:`LLMCardBatch`, as sent to providers (a copy: callers may change it)."""
    return copy.deepcopy(_llm_json_schema())


@functools.cache
def _llm_json_schema() -> dict[str, Any]:
    # Built once per process: pydantic's schema generation costs milliseconds of CPU per chunk.
    return LLMCardBatch.model_json_schema()
