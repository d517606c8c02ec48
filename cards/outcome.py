"""Why a deck ended with no cards: the ``no_cards`` error, with a hint that says what happened.

The server's finalize step and ``deckhand generate`` both call :func:`no_cards_error`
with what they know of the run (the words of each section the generator saw, and how
many candidate cards the quality gate refused), so a user reads the same reason
wherever the job ran. A deck is empty only when every chunk kept none: dedupe always
keeps one card of a group, so "all duplicates" cannot happen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from errors import NoCards

#: A section shorter than this (in words) holds no full sentence to make a card from.
SHORT_SECTION_WORDS = 12


@dataclass
class RunTally:
    """What a run did, summed over its chunks (counts of candidate cards)."""

    section_words: list[int]
    drafted: int = 0  # candidate cards the quality gate checked (and, as no card was kept, refused)

    @classmethod
    def of_texts(cls, texts: Iterable[str]) -> RunTally:
        return cls(section_words=[len(t.split()) for t in texts])


def no_cards_error(tally: RunTally) -> NoCards:
    """The ``no_cards`` error for a run that kept no card, its detail and hint naming the reason."""
    words = sum(tally.section_words)
    if words == 0:
        return NoCards(
            "No text was found to make cards from.",
            hint="The document holds no readable text; if it is a scan, run OCR on it first.",
            reason="no_text",
        )
    if tally.drafted:
        return NoCards(
            f"{tally.drafted} candidate card(s) were drafted from {words} words, "
            "but none passed the quality checks.",
            hint="The text looks like a table of contents, an index, code, boilerplate or notes without "
            "full sentences; upload the chapters themselves, or configure an AI provider (LLM_PROVIDERS).",
            reason="nothing_passed",
        )
    if max(tally.section_words) < SHORT_SECTION_WORDS:
        return NoCards(
            f"All {len(tally.section_words)} section(s) are too short to make cards from "
            f"(fewer than {SHORT_SECTION_WORDS} words each).",
            hint="Headings, keyword lists and short notes give nothing to ask about; "
            "upload a document with paragraphs of prose.",
            reason="sections_too_short",
        )
    return NoCards(
        f"Nothing in the document's {words} words could be made into a card.",
        hint="Cards are drafted from sentences that define or state a fact; tables of contents, code and "
        "lists of names give none. Upload a document with explanatory prose.",
        reason="nothing_drafted",
    )
