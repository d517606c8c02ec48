"""Who was given a quoted nickname and who coined a quoted term (cards.offline.nicknames), on a short
history written for the test."""

from __future__ import annotations

from cards.offline import nicknames
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(nicknames.nicknames, text)}


def test_nicknames_and_coined_terms_of_named_people() -> None:
    cards = _cards(
        "Among the rulers who loved music, the king of Egypt, Ptolemy Auletes (80-51 B.C.), Cleopatra's "
        'father, was nicknamed "the flute player." '
        "Jacopo Peri (plate 12), by whom the earliest surviving opera was written, has been dubbed the first "
        '"Orpheus of Florence." '
        'The new word stuck at once, for which reason Richard Owen coined the word "dinosaur" in 1842. '
        'Ernst Haeckel, a zoologist of Jena, coined the term "ecology" in 1866. '
        'The critic Eduard Hanslick was nicknamed "the Pope of Vienna."'  # a role before the name
    )
    assert cards == {
        "Who was nicknamed “the flute player”?": "Ptolemy Auletes",
        "Who has been dubbed the first “Orpheus of Florence”?": "Jacopo Peri",
        "Who coined the word “dinosaur”?": "Richard Owen",
        "Who coined the term “ecology”?": "Ernst Haeckel",
        "Who was nicknamed “the Pope of Vienna”?": "Eduard Hanslick",
    }


def test_no_card_without_a_name_or_a_quoted_nickname() -> None:
    cards = _cards(
        'Music was dubbed "the food of love." '  # a common word, never written mid-sentence: no one
        'The sailors dubbed him "Old Ironsides." '  # the one nicknamed is a pronoun
        "Peri was nicknamed the little one by his pupils. "  # no quotes: not a name
        "The critics coined a new word for it."  # no term
    )
    assert cards == {}


def test_the_gate_keeps_a_nickname_card() -> None:
    kept = kept_cards(
        'The king of Egypt, Ptolemy Auletes, was nicknamed "the flute player."',
        SourceRef(page=1, heading=("Music in Egypt",)),
    )
    assert {c.front: c.back for c in kept}["Who was nicknamed “the flute player”?"] == "Ptolemy Auletes"
