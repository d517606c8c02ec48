"""Who says a story's lines, on the corpus's Alice: a line naming a word fairly rare in general language
is notable, and the protagonist the title names is no answer to a line said once."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

from .sample import corpus_cards


def test_alices_notable_lines_are_asked_with_their_speaker_and_never_alices_own() -> None:
    cards = {
        card.front: card.back
        for card in corpus_cards("epub-alice-in-wonderland.epub", "en")
        if card.kind is CardKind.BASIC and "who says" in card.front
    }
    book = "In “Alice's Adventures in Wonderland”, who says"
    assert cards[f"{book} “Hold your tongue!”?"] == "The Queen"  # "tongue": Zipf 4.4
    assert cards[f"{book} “Mine is a long and a sad tale!”?"] == "The Mouse"
    assert cards[f"{book} “Have you guessed the riddle yet?”?"] == "The Hatter"
    # "Stuff and nonsense!" is Alice's, once: "Alice" is the guess for any line of hers
    assert "Alice" not in cards.values()


def test_a_report_with_a_rare_quoted_word_gets_no_quotation_card() -> None:
    report = (
        "The harbour authority met on Monday to discuss the new breakwater and its cost. "
        "The committee approved a budget of 4 million euros for the first phase of the works. "
    ) * 8 + '"Hold your tongue!" said the Chairman to the engineer.'
    chunk = Chunk(index=0, sections=(Section(report, SourceRef(paragraph=1)),), title="Harbour Works")
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language="en")
    assert not [c for c in cards if "who says" in c.front.casefold()]
