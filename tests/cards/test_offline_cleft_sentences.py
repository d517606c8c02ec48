"""What a cleft sentence puts in focus, read from MacDowell's essays (a corpus file): "It is to X that
Y is ascribed" → "To whom is Y ascribed?"; "It was X that caused Y" → "What caused Y?"."""

from __future__ import annotations

import re

from cards.offline import cleft_sentences
from cards.text import split_sentences
from tests.conftest import corpus_file

from .sample import drafted

ESSAYS = "txt-latin1-macdowell-critical-historical-essays.txt"


def _cards_of(*openings: str) -> dict[str, str]:
    """The cleft-sentence cards of the essays' sentences that open with ``openings``."""
    text = re.sub(r"\s+", " ", corpus_file(ESSAYS).read_bytes().decode("latin-1"))
    found = [s for s in split_sentences(text) if s.startswith(openings)]
    assert len(found) >= len(openings)
    return {c.front: c.back for s in found for c in drafted(cleft_sentences.cleft, s)}


def test_the_focus_of_a_cleft_is_the_answer() -> None:
    cards = _cards_of("It is to the Krishna incarnation", "It was the effort to keep the music")
    assert cards == {
        "To whom is the Hindu scale ascribed?": "The Krishna incarnation of Vishnu",
        "What caused the Council of Laodicea (367 A.D.) to exclude from the church all singing not "
        "authorized from the pulpit?": "The effort to keep the music of the church pure and undefiled",
    }


def test_a_cleft_that_points_elsewhere_or_dates_asks_nothing() -> None:
    # "… syllables for these notes", "such luxury as this", "It was in 1896 that … offered to him",
    # "It is a fault that caused …" (a fault of what?)
    openings = ("It was Guido who", "It was such luxury", "It was in 1896 that", "It is a fault that")
    assert _cards_of(*openings) == {}


def test_a_person_in_focus_is_asked_who() -> None:
    # a text written for the test: no "It was X who …" of the essays stands alone
    cards = {
        c.front: c.back for c in drafted(cleft_sentences.cleft, "It was Peri who wrote the first opera.")
    }
    assert cards == {"Who wrote the first opera?": "Peri"}
