"""Cards for one chunk: from the LLM chain when it answers, else from the offline generator.

* ``completer is None``: offline by configuration → offline cards, ``degraded=False``.
* the chain raises :class:`AllProvidersUnavailable` because the chunk is too long for
  every model (``reason == "context_too_long"``): the chunk is split once in two
  halves (at the section, paragraph or sentence boundary nearest its middle) and
  each half is asked for on its own, as long as the chain's deadline since the first
  request has not passed; a half that still gets no answer is drafted offline.
* the chain raises :class:`AllProvidersUnavailable` otherwise: offline cards with
  ``degraded=True`` and the chain's attempts kept; when ``allow_offline_fallback``
  is false and waiting may help (``retry_after_s`` set) the error is re-raised
  instead, so the caller can retry later. A refusal or invalid output goes offline
  at once either way: asking again would bill the same failing calls twice.
* the chain answers but no usable card survives parsing, citation checks and
  the quality gate while the chunk has content: offline cards, ``degraded=True``.

Offline cards are always in the document's language: they are drafts made from
the document's own sentences, never translations, and the message says so when
another language was asked for.

Every card, whatever made it, passes the same gate (``cards.quality``) and the
chunk-level dedupe (``cards.dedupe``).
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from cards.dedupe import DEFAULT_THRESHOLD, dedupe
from cards.llm import cards_from_answer
from cards.offline import draft_offline_cards, topic_terms
from cards.prompts import build_request
from cards.quality import GateContext, GateResult, apply_gate, base_language, passes
from cards.schema import CardDraft, GenerationOptions
from cards.text import detect_language
from config.cards import CardSettings
from documents.chunker import lead_in
from documents.model import Chunk, Section
from providers.types import AllProvidersUnavailable, Attempt, JsonCompleter, LLMAnswer

#: ``CARDS_OFFLINE_DENSITY_PER_1K_WORDS``'s default, for callers without settings.
DEFAULT_DENSITY: float = CardSettings.model_fields["cards_offline_density_per_1k_words"].default

MSG_OFFLINE = "These cards were drafted offline, without AI; review them before studying."
MSG_UNAVAILABLE = (
    "AI providers were unavailable; these cards were drafted offline. Review them before studying."
)
MSG_LLM_UNUSABLE = "The AI's cards for this part did not pass the quality checks; these were drafted offline."
MSG_TOO_LONG = (
    "This part was too long for the AI providers even when split in two; the cards of what did not "
    "fit were drafted offline. Review them before studying."
)
MSG_EMPTY = "This part of the document holds nothing to make cards from."
MSG_QUOTA = (
    "Your daily AI token allowance is used up, so these cards were drafted offline, without AI; "
    "review them before studying."
)
MSG_UNTRANSLATED = (
    " Offline drafts are not translated: they are in the document's language ({source}), not {target}."
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
    drafted: int = 0  # candidate cards the gate checked
    passed: int = 0  # of those, the ones that passed every check
    duplicates: int = 0  # gated cards dedupe removed


def chunk_language(chunk: Chunk, options: GenerationOptions, language: str | None) -> str | None:
    """The language cards should be in: the requested one, else the document's, else detected."""
    return options.language or language or detect_language(chunk.text[:5000], min_prob=0.8)


def source_language(chunk: Chunk, language: str | None) -> str | None:
    """The language the chunk is written in: detected when confident, else the document's."""
    return detect_language(chunk.text[:5000], min_prob=0.8) or language


def _gate(
    cards: list[CardDraft],
    chunk: Chunk,
    language: str | None,
    max_cards: int,
    *,
    source_lang: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> tuple[GateResult, GenerationResult]:
    """Gate, dedupe and trim ``cards``; the counts go in a GenerationResult to fill in."""
    ctx = GateContext.from_chunk(
        chunk, language=language, topic_terms=topic_terms(chunk, language), source_language=source_lang
    )
    gated = apply_gate(cards, ctx, max_cards=None)
    unique = dedupe(gated.kept, threshold=threshold)
    kept = unique[: max(0, max_cards)]
    checked = gated.kept + [card for card, _ in gated.dropped]
    stats = GenerationResult(
        cards=kept,
        rejected=len(cards) - len(kept),
        drafted=len(cards),
        passed=sum(passes(card) for card in checked),
        duplicates=len(gated.kept) - len(unique),
    )
    gated.kept = kept
    return gated, stats


def offline_cards(
    chunk: Chunk,
    options: GenerationOptions,
    *,
    language: str | None = None,
    existing_fronts: Sequence[str] = (),
    density_per_1k: float = DEFAULT_DENSITY,
    dedupe_threshold: int = DEFAULT_THRESHOLD,
) -> GenerationResult:
    """Offline-drafted, gated, deduplicated cards for ``chunk``, in the document's language.

    ``language`` is the document's language; ``options.language`` (a translation) is
    not honoured: the drafts are the document's own sentences. When a language is
    asked for, the chunk's own language is detected first, so a caller that passes
    the requested language as ``language`` still gets drafts matching their sentences.
    """
    lang = source_language(chunk, language) if options.language else language
    lang = lang or detect_language(chunk.text[:5000], min_prob=0.8)
    drafts = draft_offline_cards(
        chunk, options, language=lang, density_per_1k=density_per_1k, existing_fronts=existing_fronts
    )
    _, result = _gate(drafts, chunk, lang, options.max_cards, source_lang=lang, threshold=dedupe_threshold)
    result.provider = "offline"
    result.message = MSG_OFFLINE if result.cards else MSG_EMPTY
    if result.cards:
        result.message += _untranslated_note(options, lang)
    return result


def _untranslated_note(options: GenerationOptions, document_language: str | None) -> str:
    if (
        options.language
        and document_language
        and base_language(options.language) != base_language(document_language)
    ):
        return MSG_UNTRANSLATED.format(source=document_language, target=options.language)
    return ""


def _degrade(result: GenerationResult, message: str, attempts: Sequence[Attempt]) -> GenerationResult:
    """Mark offline cards as a fallback: degraded, with why and the chain's attempts."""
    note = result.message[len(MSG_OFFLINE) :] if result.message.startswith(MSG_OFFLINE) else ""
    result.degraded, result.attempts, result.message = True, list(attempts), message + note
    return result


def generate_cards(
    chunk: Chunk,
    options: GenerationOptions,
    completer: JsonCompleter | None,
    *,
    language: str | None = None,
    existing_fronts: Sequence[str] = (),
    allow_offline_fallback: bool = True,
    density_per_1k: float = DEFAULT_DENSITY,
    dedupe_threshold: int = DEFAULT_THRESHOLD,
) -> GenerationResult:
    """Cards for one chunk (see the module docstring for when the offline generator answers).

    ``language`` is the document's; ``density_per_1k`` is
    ``CARDS_OFFLINE_DENSITY_PER_1K_WORDS`` and ``dedupe_threshold`` ``CARDS_DEDUPE_THRESHOLD``.
    """
    offline = _OfflineMaker(language, existing_fronts, density_per_1k, dedupe_threshold)
    if completer is None:
        return offline(chunk, options)
    lang = chunk_language(chunk, options, language)
    src_lang = source_language(chunk, language)
    started = time.monotonic()
    try:
        answer = completer.complete_json(build_request(chunk, options, lang, existing_fronts))
    except AllProvidersUnavailable as exc:
        halves = split_chunk(chunk) if exc.reason == "context_too_long" else None
        if halves is not None:
            return _ask_halves(
                halves, options, completer, exc, lang, existing_fronts, offline, allow_offline_fallback,
                deadline=started + _deadline_s(completer),
            )  # fmt: skip
        if not allow_offline_fallback and exc.retry_after_s is not None:
            raise
        return _degrade(offline(chunk, options), MSG_UNAVAILABLE, exc.attempts)
    return _from_answer(answer, chunk, options, lang, src_lang, offline, dedupe_threshold)


@dataclass(frozen=True)
class _OfflineMaker:
    """``offline_cards`` with the job's fixed arguments (document language, density, dedupe)."""

    language: str | None
    existing_fronts: Sequence[str]
    density_per_1k: float
    dedupe_threshold: int

    def __call__(self, chunk: Chunk, options: GenerationOptions) -> GenerationResult:
        return offline_cards(
            chunk,
            options,
            language=self.language,
            existing_fronts=self.existing_fronts,
            density_per_1k=self.density_per_1k,
            dedupe_threshold=self.dedupe_threshold,
        )


def _from_answer(
    answer: LLMAnswer,
    chunk: Chunk,
    options: GenerationOptions,
    lang: str | None,
    src_lang: str | None,
    offline: _OfflineMaker,
    threshold: int,
) -> GenerationResult:
    """The answer's cards after parsing, citation checks, the gate and dedupe (else offline ones)."""
    parsed = cards_from_answer(answer, chunk, options)
    gated, result = _gate(
        parsed.cards, chunk, lang, options.max_cards, source_lang=src_lang, threshold=threshold
    )
    rejected = result.rejected + parsed.invalid
    if not gated.kept and chunk.text.strip():
        fallback = offline(chunk, options)
        if fallback.cards:
            _degrade(fallback, MSG_LLM_UNUSABLE, answer.attempts)
            fallback.rejected += rejected
            return fallback
    result.provider, result.model, result.attempts = answer.provider, answer.model, list(answer.attempts)
    result.message = "" if gated.kept else MSG_EMPTY
    result.rejected, result.cached = rejected, answer.cached
    return result


def _deadline_s(completer: JsonCompleter) -> float:
    """The chain's deadline for one request (``LLM_CHAIN_DEADLINE_S``); unbounded for other completers."""
    policy = getattr(completer, "policy", None)
    deadline = getattr(policy, "deadline_s", None)
    return float(deadline) if isinstance(deadline, int | float) else math.inf


def _ask_halves(
    halves: tuple[Chunk, Chunk],
    options: GenerationOptions,
    completer: JsonCompleter,
    error: AllProvidersUnavailable,
    lang: str | None,
    existing_fronts: Sequence[str],
    offline: _OfflineMaker,
    allow_offline_fallback: bool,
    *,
    deadline: float,
) -> GenerationResult:
    """Each half asked on its own (no further split); a half without an answer drafted offline."""
    attempts = list(error.attempts)
    parts: list[GenerationResult] = []
    sizes = [len(h.text) for h in halves]
    first = max(1, round(options.max_cards * sizes[0] / max(1, sum(sizes))))
    budgets = (first, max(1, options.max_cards - first))
    for half, budget in zip(halves, budgets, strict=True):
        half_options = dataclasses.replace(options, max_cards=budget)
        failure: AllProvidersUnavailable = error
        if time.monotonic() < deadline:
            try:
                answer = completer.complete_json(build_request(half, half_options, lang, existing_fronts))
            except AllProvidersUnavailable as exc:
                failure = exc
                attempts.extend(exc.attempts)
            else:
                attempts.extend(answer.attempts)
                src_lang = source_language(half, offline.language)
                parts.append(
                    _from_answer(
                        answer, half, half_options, lang, src_lang, offline, offline.dedupe_threshold
                    )
                )
                continue
        if not allow_offline_fallback and failure.retry_after_s is not None:
            raise AllProvidersUnavailable(
                str(failure),
                retry_after_s=failure.retry_after_s,
                attempts=attempts,
                reason=failure.reason,
            )
        why = MSG_TOO_LONG if failure.reason == "context_too_long" else MSG_UNAVAILABLE
        parts.append(_degrade(offline(half, half_options), why, ()))
    cards = dedupe([c for p in parts for c in p.cards], threshold=offline.dedupe_threshold)
    kept = cards[: max(0, options.max_cards)]
    answered = next((p for p in parts if p.provider not in (None, "offline")), None)
    degraded = [p for p in parts if p.degraded]
    return GenerationResult(
        cards=kept,
        degraded=bool(degraded),
        provider=answered.provider if answered else "offline",
        model=answered.model if answered else None,
        attempts=attempts,
        message=degraded[0].message if degraded else ("" if kept else MSG_EMPTY),
        rejected=sum(p.rejected for p in parts) + sum(len(p.cards) for p in parts) - len(kept),
        cached=all(p.cached for p in parts),
        drafted=sum(p.drafted for p in parts),
        passed=sum(p.passed for p in parts),
        duplicates=sum(p.duplicates for p in parts) + sum(len(p.cards) for p in parts) - len(cards),
    )


# --- splitting a chunk that is too long ------------------------------------------------

_PARAGRAPH_RE = re.compile(r"\n\s*\n")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?。！？])\s+")
_SPACE_RE = re.compile(r"\s+")


def split_chunk(chunk: Chunk) -> tuple[Chunk, Chunk] | None:
    """``chunk`` in two halves, or ``None`` when it holds nothing to split.

    The cut is the boundary nearest the middle of the text, preferring (in this
    order) one between sections, a paragraph break, a sentence end, any space: a
    worse kind of boundary has to be much nearer the middle to win. A section cut
    in two keeps its source reference in both halves.
    """
    total = sum(len(s.text) for s in chunk.sections)
    if total < 2:
        return None
    middle = total / 2
    best: tuple[float, int, int] | None = None  # (score, section index, offset in its text)
    offset = 0
    for index, section in enumerate(chunk.sections):
        candidates: list[tuple[int, float]] = []
        if index > 0:
            candidates.append((0, 0.0))
        for regex, penalty in ((_PARAGRAPH_RE, 0.05), (_SENTENCE_END_RE, 0.1), (_SPACE_RE, 0.25)):
            candidates.extend((m.end(), penalty) for m in regex.finditer(section.text))
        for at, penalty in candidates:
            if 0 < offset + at < total:
                score = abs(offset + at - middle) + penalty * total
                if best is None or score < best[0]:
                    best = (score, index, at)
        offset += len(section.text)
    if best is None:
        return None
    _, index, at = best
    first = list(chunk.sections[:index])
    second = list(chunk.sections[index + 1 :])
    cut = chunk.sections[index]
    head, tail = cut.text[:at].strip(), cut.text[at:].strip()
    if head:
        first.append(Section(head, cut.source, cut.kind))
    if tail:
        second.insert(0, Section(tail, cut.source, cut.kind))
    if not first or not second:
        return None
    return (
        _sub_chunk(chunk, first, chunk.lead_in, chunk.lead_in_heading),
        _sub_chunk(chunk, second, lead_in(first), first[-1].source.heading),
    )


def _sub_chunk(chunk: Chunk, sections: list[Section], before: str, before_heading: tuple[str, ...]) -> Chunk:
    """A part of ``chunk``: what was found over the whole document (title, domain, example names)
    stays with it."""
    pages = [s.source.page for s in sections if s.source.page is not None]
    return dataclasses.replace(
        chunk,
        sections=tuple(sections),
        heading=sections[0].source.heading or chunk.heading,
        page_start=min(pages) if pages else chunk.page_start,
        page_end=max(pages) if pages else chunk.page_end,
        lead_in=before,
        lead_in_heading=before_heading,
    )
