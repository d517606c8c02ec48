"""Where a card comes from (Q10, Q11, Q17): the section it cites, the text around its quote, the
share of its answer found there, its numbers and names, and whether its locator exists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from cards.placement import locate, placement_problem
from cards.schema import CardDraft, CardKind, Severity
from cards.text import (
    STOP_WORDS,
    cloze_parts,
    cloze_plain,
    content_stems,
    content_tokens,
    normalize,
    section_sentences,
    stem,
    words,
)
from documents.model import Section, SourceRef


def card_section(card: CardDraft, sections: Sequence[Section]) -> Section | None:
    """The section the card cites: one holding its quote (its own source first), else one with its source."""
    same = [s for s in sections if s.source == card.source]
    for section in [*same, *sections]:
        if card.source_span and locate(card.source_span, section.text) is not None:
            return section
    return same[0] if same else None


def check_place(card: CardDraft, sections: Sequence[Section]) -> tuple[bool, str]:
    """Q16: the source is the document's content (no contents, index, header, references, boilerplate)."""
    section = card_section(card, sections)
    heading = card.source.heading or (section.source.heading if section else ())
    # a page cut in pieces by the chunker is read whole: a reference list runs across the pieces
    context = "\n\n".join(s.text for s in sections if section is not None and s.source == section.source)
    problem = placement_problem(card.source_span, section.text if section else "", heading, context)
    return not problem, problem


def _section_text(card_source: SourceRef, sections: Sequence[Section]) -> str:
    return "\n\n".join(s.text for s in sections if s.source == card_source)


def grounding_text(card: CardDraft, sections: Sequence[Section], width: int = 1) -> str:
    """The cited span plus ``width`` sentences either side of it in its section."""
    span = card.source_span
    section = card_section(card, sections)
    split = section_sentences(section.text if section else _section_text(card.source, sections))
    sentences = [sentence for sentence, _ in split]
    if not span or not sentences:
        return span
    key = normalize(span)
    hits = [i for i, (_, ns) in enumerate(split) if ns and (ns in key or key in ns)]
    if not hits:  # a quote shortened with "..." still starts with the sentence's own words
        hits = [i for i, s in enumerate(sentences) if locate(span, s) is not None][:1]
    if not hits:
        return span
    lo, hi = max(0, hits[0] - width), min(len(sentences), hits[-1] + 1 + width)
    return span + " " + " ".join(sentences[lo:hi])


# A number in an identifier ("i32", "BM25", "RL.1.2", "s2") is part of a name, not a quantity.
_QUANTITY_RE = re.compile(r"(?<![^\W_])(?<![^\W_]\.)\d+(?:[.,]\d+)*(?![^\W\d_])")


def quantities(text: str) -> set[str]:
    """Numbers that stand on their own (not inside identifiers), thousands separators removed."""
    return {n.replace(",", "") for n in _QUANTITY_RE.findall(text)}


def _answer_text(card: CardDraft) -> str:
    if card.kind is CardKind.CLOZE:
        return " ".join(a for _, a in cloze_parts(card.front))
    return card.back


def grounding_ratio(card: CardDraft, source: str) -> float:
    """Share of the answer's content stems found in ``source`` (1.0 for an answer with none)."""
    tokens = content_tokens(_answer_text(card))
    if not tokens:
        return 1.0
    known = content_stems(source)
    answer = {stem(t) for t in tokens}
    # "traces" is "trac" to the crude stemmer and "trace" "trace": an -es form whose -e form the source
    # writes is the same word ("Trace all mutex activity" → "Traces all mutex activity")
    found = {stem(t) for t in tokens if stem(t) in known or (t.endswith("es") and stem(t[:-1]) in known)}
    return len(found) / len(answer)


def check_grounded(
    card: CardDraft, sections: Sequence[Section], *, translated: bool = False
) -> tuple[bool, str, Severity]:
    """Q10: the answer (and every number on the card) comes from the cited text.

    ``translated``: the card is in another language than its source, so its words
    cannot be compared with the source's; what survives translation is checked
    instead (see :func:`grounded_across_languages`).
    """
    if not card.source_span.strip():
        return False, "no source span", Severity.E
    source = grounding_text(card, sections)
    if translated:
        return grounded_across_languages(card, sections, source)
    card_text = cloze_plain(card.front) + " " + card.back
    section = card_section(card, sections)
    # a number of the cited section's heading ("Lesson 3") names the place the card cites
    heading = " ".join(card.source.heading or ())
    missing = quantities(card_text) - quantities(" ".join((source, section.text if section else "", heading)))
    if missing:
        return False, f"numbers not in the source: {', '.join(sorted(missing))}", Severity.E
    ratio = grounding_ratio(card, source)
    if ratio < 0.7:  # an answer in the text's own words a little further on
        ratio = max(ratio, grounding_ratio(card, grounding_text(card, sections, width=3)))
    if ratio < 0.5:
        return False, f"answer not in the source ({ratio:.0%})", Severity.E
    if ratio < 0.7:
        return False, f"answer partly in the source ({ratio:.0%})", Severity.W
    return True, "", Severity.W


_DIGITS_RE = re.compile(r"\d+")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]+s?$")


def _names(text: str) -> list[str]:
    """Acronyms and capitalised words past the first: names, which translation keeps."""
    tokens = words(text)
    return [
        t
        for i, t in enumerate(tokens)
        if _ACRONYM_RE.match(t) or (i > 0 and t[:1].isupper() and t.casefold() not in STOP_WORDS)
    ]


def _span_in_sections(span: str, sections: Sequence[Section]) -> bool:
    key = normalize(span.rstrip("…"))
    if not key:
        return False
    for section in sections:
        text = normalize(section.text)
        if key in text or (len(key) >= 20 and fuzz.partial_ratio(key, text, score_cutoff=90) > 0):
            return True
    return False


def grounded_across_languages(
    card: CardDraft, sections: Sequence[Section], source: str
) -> tuple[bool, str, Severity]:
    """Q10 for a card translated from its source.

    The cited span must be the document's own text (E); every number on the card
    must be in the source, compared digit run by digit run because "3.5" is "3,5"
    and "1,200" is "1 200" in other languages (E); names and acronyms of the answer
    should appear in the source (W: a few names are translated, "London" → "Londres").
    """
    if sections and not _span_in_sections(card.source_span, sections):
        return False, "cited text not found in the source", Severity.E
    card_text = cloze_plain(card.front) + " " + card.back
    missing = set(_DIGITS_RE.findall(card_text)) - set(_DIGITS_RE.findall(source))
    if missing:
        return False, f"numbers not in the source: {', '.join(sorted(missing))}", Severity.E
    known = {stem(t) for t in words(source)}
    lost = [n for n in _names(_answer_text(card)) if stem(n) not in known]
    if lost:
        return False, f"names not in the source: {', '.join(lost)}", Severity.W
    return True, "", Severity.W


def locator_valid(ref: SourceRef, sections: Sequence[Section]) -> bool:
    """Q11: the reference names a place, and (given sections) one of theirs."""
    if ref.page is None and ref.slide is None and not ref.heading and ref.lines is None:
        return False
    if (ref.page is not None and ref.page < 1) or (ref.slide is not None and ref.slide < 1):
        return False
    if not sections:
        return True
    return any(_ref_within(ref, s.source) for s in sections)


def _ref_within(ref: SourceRef, sec: SourceRef) -> bool:
    if ref == sec:
        return True
    if ref.page is not None or ref.slide is not None:
        return (ref.page, ref.slide) == (sec.page, sec.slide)
    if ref.heading != sec.heading:
        return False
    if ref.lines and sec.lines:
        return sec.lines[0] <= ref.lines[0] and ref.lines[1] <= sec.lines[1]
    return True
