"""What a rare term of an art stood for (cards.offline.signs), on a passage on manuscripts written for
the test and on two sentences of MacDowell's essays (a corpus file)."""

from __future__ import annotations

from cards.offline import signs
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(signs.sign_meaning, text)}


def test_what_a_sign_stood_for() -> None:
    text = (
        "The manicule (a small drawn hand) indicated a passage the reader thought important. "
        "The punctus elevatus, which indicated a pause of middle length, looked like an inverted "
        "semicolon. The quilisma ([Upper Mordent]) indicated a repetition of two notes, one above the "
        "other, and we still use much the same sign for our trill. The number of note symbols was "
        "increased by the minima [illustration], which represented half the value of the semibrevis."
    )
    assert _cards(text) == {
        "What did the manicule indicate?": "A passage the reader thought important",
        "What did the punctus elevatus indicate?": "A pause of middle length",
        "What did the quilisma indicate?": "A repetition of two notes, one above the other",
        "What did the minima represent?": "Half the value of the semibrevis",
    }


def test_no_card_on_a_common_word_a_clause_or_a_pointer() -> None:
    text = (
        "This line represented a given pitch, generally E. The line represented the top of the page. "
        "The colophon indicated that the scribe had finished his work. The asterisk indicates it. "
        "A success represented a great deal to the scriptorium. Wagner represented the new school."
    )
    assert _cards(text) == {}


def test_the_card_passes_the_gate() -> None:
    text = "The manicule (a small drawn hand) indicated a passage the reader thought important."
    cards = kept_cards(text, SourceRef(heading=("Manuscripts",), lines=(1, 2)))
    assert ("What did the manicule indicate?", "A passage the reader thought important") in {
        (c.front, c.back) for c in cards
    }


def test_how_two_terms_measure_against_each_other() -> None:
    text = (
        "The talent was sixty times the weight of the mina, and the mina was a hundred drachmas. "
        "The shekel was half the weight of the didrachm. The man was twice the size of the boy. "
        "The longa was twice the value of the brevis, and the semibrevis was half the length of the brevis."
    )
    # "talent" and "man" are everyday words: not terms of an art
    cards = {c.front: c.back for c in drafted(signs.measured, text)}
    assert cards == {
        "How did the weight of the shekel compare with that of the didrachm?": (
            "Half the weight of the didrachm"
        ),
        "How did the value of the longa compare with that of the brevis?": "Twice the value of the brevis",
        "How did the length of the semibrevis compare with that of the brevis?": (
            "Half the length of the brevis"
        ),
    }
