"""Who says a story's lines, on the corpus's Alice: a line said once is not asked, however rare its
words, and a report's quoted line is never asked."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

from .sample import corpus_cards


def test_alices_lines_said_once_are_not_asked_and_the_queens_repeated_line_is() -> None:
    # "Hold your tongue!", "Mine is a long and a sad tale!": each said once in its chunk; a strict
    # reader dropped 7 of the 9 such cards as trivia, so a line must be one the story repeats:
    # "Off with his head!" … "Off with her head!" in the croquet chapter
    cards = {
        card.front: card.back
        for card in corpus_cards("epub-alice-in-wonderland.epub", "en")
        if card.kind is CardKind.BASIC and "who says" in card.front
    }
    assert cards == {"In “Alice's Adventures in Wonderland”, who says “Off with his head!”?": "The Queen"}


def test_a_report_with_a_rare_quoted_word_gets_no_quotation_card() -> None:
    report = (
        "The harbour authority met on Monday to discuss the new breakwater and its cost. "
        "The committee approved a budget of 4 million euros for the first phase of the works. "
    ) * 8 + '"Hold your tongue!" said the Chairman to the engineer.'
    chunk = Chunk(index=0, sections=(Section(report, SourceRef(paragraph=1)),), title="Harbour Works")
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language="en")
    assert not [c for c in cards if "who says" in c.front.casefold()]
