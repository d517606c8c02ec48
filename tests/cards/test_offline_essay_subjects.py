"""An essay's sentences whose subject is told elsewhere, read from MacDowell's essays (a corpus file).

* "The fourth consists of …", "The second type was …": an ordinal whose series is named in an
  earlier sentence; read alone, the card would not say the fourth of what (no card on it);
* "Tourte, a Paris maker, …": an apposition ending on the agent noun of an everyday verb, with no
  object, does not say what the person made or played (no "Who is Tourte?" / "A Paris maker").
"""

from __future__ import annotations

import re

from cards.offline import appositions
from cards.offline.clean import leans_on_context
from cards.text import split_sentences
from tests.conftest import corpus_file

from .sample import drafted

ESSAYS = "txt-latin1-macdowell-critical-historical-essays.txt"


def essay_sentence(opening: str) -> str:
    """The sentence of MacDowell's essays that opens with ``opening``, its lines joined."""
    text = re.sub(r"\s+", " ", corpus_file(ESSAYS).read_bytes().decode("latin-1"))
    return next(s for s in split_sentences(text) if s.startswith(opening))


def test_an_ordinal_subject_leans_on_the_series_named_before_it() -> None:
    for opening in ("The fourth consists of", "The second type was", "The first movement consisted of"):
        assert leans_on_context(essay_sentence(opening)), opening
    # an ordinal that heads a noun of its own names its subject: "The first verse of the hymn …"
    assert not leans_on_context(essay_sentence("The first verse of the hymn consists of"))


def test_an_apposition_on_a_bare_maker_asks_nothing() -> None:
    sentence = essay_sentence("The present shape of the bow is due to Tourte")
    assert "a Paris maker" in sentence
    cards = {c.front: c.back for c in drafted(appositions.apposition, sentence)}
    assert not [front for front in cards if "Tourte" in front]
    # a calling says who he was
    assert [back for front, back in cards.items() if "Viotti" in front] == ["The celebrated violinist"]


def test_an_apposition_with_its_object_is_still_asked() -> None:
    sentence = essay_sentence("Aristoxenus, a pupil")
    cards = {c.front: c.back for c in drafted(appositions.apposition, sentence)}
    assert cards.get("Who was Aristoxenus?", "").startswith("A pupil of Aristotle")
