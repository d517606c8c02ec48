"""Cards for one chunk: from the LLM chain when it answers, else from the offline generator.

* ``completer is None``: offline by configuration → offline cards, ``degraded=False``.
* the chain raises :class:`AllProvidersUnavailable`: offline cards with
  ``degraded=True`` and the chain's attempts kept (or the error re-raised when
  ``allow_offline_fallback`` is false, so the caller can retry later).
* the chain answers but no usable card survives parsing, citation checks and
  the quality gate while the chunk has content: offline cards, ``degraded=True``.

Every card, whatever made it, passes the same gate (``cards.quality``) and the
chunk-level dedupe (``cards.dedupe``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cards.dedupe import dedupe
from cards.llm import cards_from_answer
from cards.offline import draft_offline_cards, topic_terms
from cards.prompts import build_request
from cards.quality import GateContext, GateResult, apply_gate
from cards.schema import CardDraft, GenerationOptions
from cards.text import detect_language
from documents.model import Chunk
from providers.types import AllProvidersUnavailable, Attempt, JsonCompleter

MSG_OFFLINE = "These cards were drafted offline, without AI; review them before studying."
MSG_UNAVAILABLE = (
    "AI providers were unavailable; these cards were drafted offline. Review them before studying."
)
MSG_LLM_UNUSABLE = "The AI's cards for this part did not pass the quality checks; these were drafted offline."
MSG_EMPTY = "This part of the document holds nothing to make cards from."
MSG_QUOTA = (
    "Your daily AI token allowance is used up, so these cards were drafted offline, without AI; "
    "review them before studying."
)


@dataclass
class GenerationResult:
    cards: list[CardDraft]
    degraded: bool = False
    provider: str | None = None
    model: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    message: str = ""
    rejected: int = 0  # candidate cards dropped by the citation check, the gate or dedupe
    cached: bool = False


def chunk_language(chunk: Chunk, options: GenerationOptions, language: str | None) -> str | None:
    """The language cards should be in: the requested one, else the document's, else detected."""
    return options.language or language or detect_language(chunk.text[:5000], min_prob=0.8)


def _gate(
    cards: list[CardDraft], chunk: Chunk, language: str | None, max_cards: int
) -> tuple[GateResult, int]:
    ctx = GateContext.from_chunk(chunk, language=language, topic_terms=topic_terms(chunk))
    gated = apply_gate(cards, ctx, max_cards=None)
    unique = dedupe(gated.kept)
    kept = unique[: max(0, max_cards)]
    gated.kept = kept
    return gated, len(cards) - len(kept)


def offline_cards(
    chunk: Chunk,
    options: GenerationOptions,
    *,
    language: str | None = None,
    existing_fronts: Sequence[str] = (),
    density_per_1k: float = 10.0,
) -> GenerationResult:
    """Offline-drafted, gated, deduplicated cards for ``chunk``."""
    lang = chunk_language(chunk, options, language)
    drafts = draft_offline_cards(
        chunk, options, language=lang, density_per_1k=density_per_1k, existing_fronts=existing_fronts
    )
    gated, rejected = _gate(drafts, chunk, lang, options.max_cards)
    message = MSG_OFFLINE if gated.kept else MSG_EMPTY
    return GenerationResult(cards=gated.kept, provider="offline", message=message, rejected=rejected)


def generate_cards(
    chunk: Chunk,
    options: GenerationOptions,
    completer: JsonCompleter | None,
    *,
    language: str | None = None,
    existing_fronts: Sequence[str] = (),
    allow_offline_fallback: bool = True,
) -> GenerationResult:
    """Cards for one chunk (see the module docstring for when the offline generator answers)."""
    if completer is None:
        return offline_cards(chunk, options, language=language, existing_fronts=existing_fronts)
    lang = chunk_language(chunk, options, language)
    request = build_request(chunk, options, lang, existing_fronts)
    try:
        answer = completer.complete_json(request)
    except AllProvidersUnavailable as exc:
        if not allow_offline_fallback:
            raise
        result = offline_cards(chunk, options, language=language, existing_fronts=existing_fronts)
        result.degraded, result.attempts, result.message = True, list(exc.attempts), MSG_UNAVAILABLE
        return result
    parsed = cards_from_answer(answer, chunk, options)
    gated, rejected = _gate(parsed.cards, chunk, lang, options.max_cards)
    if not gated.kept and chunk.text.strip():
        result = offline_cards(chunk, options, language=language, existing_fronts=existing_fronts)
        if result.cards:
            result.degraded, result.attempts, result.message = True, list(answer.attempts), MSG_LLM_UNUSABLE
            result.rejected += rejected + parsed.invalid
            return result
    return GenerationResult(
        cards=gated.kept,
        provider=answer.provider,
        model=answer.model,
        attempts=list(answer.attempts),
        message="" if gated.kept else MSG_EMPTY,
        rejected=rejected + parsed.invalid,
        cached=answer.cached,
    )
