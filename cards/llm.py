"""LLM answer → cards: parse, convert, and verify each card's citation against the chunk.

A card's locator is resolved in this order: the block number it cites, then its
page/slide, then the section whose text contains its quote (which also corrects
a wrong page), then its heading path. A card that cannot be placed in the chunk
is dropped. Its ``source_span`` is the chunk's own sentence(s) matching the
quote, never the model's quote taken on trust, so the grounding check (Q10)
compares the answer with what the document really says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from rapidfuzz import fuzz

from cards.schema import CardDraft, CardKind, GenerationOptions, LLMCard, LLMCardBatch, Origin
from cards.text import collapse_spaces, content_stems, normalize, section_sentences
from documents.model import Chunk, Section
from providers.types import LLMAnswer

MAX_SPAN = 300


@dataclass
class ParsedAnswer:
    cards: list[CardDraft]
    invalid: int  # cards that did not match the schema or could not be placed


def parse_batch(data: object) -> tuple[list[LLMCard], int]:
    """Valid cards of an answer; invalid ones are counted, not fatal."""
    try:
        return LLMCardBatch.model_validate(data).cards, 0
    except ValidationError:
        pass
    raw = data.get("cards") if isinstance(data, dict) else data
    if not isinstance(raw, list):
        return [], 1
    good: list[LLMCard] = []
    for item in raw:
        try:
            good.append(LLMCard.model_validate(item))
        except ValidationError:
            continue
    return good, len(raw) - len(good)


def _contains_quote(section: Section, quote: str) -> bool:
    key = normalize(quote)
    if not key:
        return False
    text = normalize(section.text)
    return key in text or (len(key) >= 20 and fuzz.partial_ratio(key, text, score_cutoff=90) > 0)


def resolve_section(card: LLMCard, chunk: Chunk) -> Section | None:
    """The chunk section a card comes from, or ``None`` when it cites nothing in the chunk."""
    sections = chunk.sections
    cited: list[Section] = []
    block = card.source.block
    if block is not None and 1 <= block <= len(sections):
        cited.append(sections[block - 1])
    if card.source.page is not None or card.source.slide is not None:
        cited.extend(
            s for s in sections
            if (card.source.page is None or s.source.page == card.source.page)
            and (card.source.slide is None or s.source.slide == card.source.slide)
            and (s.source.page is not None or s.source.slide is not None)
        )  # fmt: skip
    if card.source.heading:
        cited.extend(s for s in sections if list(s.source.heading) == card.source.heading)
    for section in cited:
        if _contains_quote(section, card.source_quote):
            return section
    for section in sections:  # a wrong page: trust the quote
        if _contains_quote(section, card.source_quote):
            return section
    return cited[0] if cited else None


def best_span(section: Section, quote: str, answer: str) -> str:
    """The section's sentence(s) that best match the quote (or, failing that, the answer)."""
    split = section_sentences(section.text)
    sentences = [sentence for sentence, _ in split]
    if not sentences:
        return ""
    key = normalize(quote)
    if key:
        for i, (sentence, normal) in enumerate(split):
            if key in normal or normal in key:
                return _clip(" ".join(sentences[i : i + 1 + (len(key) > len(sentence) + 20)]))
    wanted = content_stems(quote + " " + answer)
    best = max(range(len(sentences)), key=lambda i: (len(wanted & content_stems(sentences[i])), -i))
    return _clip(sentences[best])


def _clip(text: str) -> str:
    text = collapse_spaces(text)
    return text if len(text) <= MAX_SPAN else text[: MAX_SPAN - 1].rsplit(" ", 1)[0] + "…"


def _kind(card: LLMCard, options: GenerationOptions) -> CardKind | None:
    kind = CardKind(card.kind)
    if kind in options.kinds:
        return kind
    if kind is CardKind.REVERSED and CardKind.BASIC in options.kinds:
        return CardKind.BASIC  # a reversed card is a valid basic card
    return None


def cards_from_answer(answer: LLMAnswer, chunk: Chunk, options: GenerationOptions) -> ParsedAnswer:
    """Drafts (origin=llm) from an answer, placed in the chunk; unplaceable or unwanted cards counted."""
    raw, invalid = parse_batch(answer.data)
    drafts: list[CardDraft] = []
    for card in raw:
        kind = _kind(card, options)
        section = resolve_section(card, chunk)
        if kind is None or section is None:
            invalid += 1
            continue
        drafts.append(
            CardDraft(
                kind=kind,
                front=card.front,
                back=card.back,
                source=section.source,
                origin=Origin.LLM,
                source_span=best_span(section, card.source_quote, card.back),
                provider=answer.provider,
                model=answer.model,
            )
        )
    return ParsedAnswer(drafts, invalid)


def fronts_of(cards: Sequence[CardDraft]) -> list[str]:
    return [c.front for c in cards]
