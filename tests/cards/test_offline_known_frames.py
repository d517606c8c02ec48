"""A history's "We know that X" / "It is well known that X": X is read as the statement it frames."""

from __future__ import annotations

from cards.offline.clean import standalone_form
from documents.model import SourceRef

from .sample import kept_cards


def test_a_frame_of_knowledge_is_taken_off_and_a_view_is_not() -> None:
    assert standalone_form(
        "We know that the highest perfection in the violin was reached in Italy about 1600."
    ) == ("The highest perfection in the violin was reached in Italy about 1600.")
    assert standalone_form("We remember that Auber never left Paris.") == "Auber never left Paris."
    assert (
        standalone_form("We are aware that the drum is the oldest instrument.")
        == "The drum is the oldest instrument."
    )
    assert standalone_form(
        "It is generally admitted that Provençal poetry has no connection with Latin."
    ) == ("Provençal poetry has no connection with Latin.")
    # an opinion stays the author's, and what is left must start a sentence of its own
    assert standalone_form("I believe that music is divine.") == "I believe that music is divine."
    assert (
        standalone_form("We think that opera is the highest form.")
        == "We think that opera is the highest form."
    )


def test_a_framed_superlative_is_asked() -> None:
    kept = kept_cards(
        "We are aware that the drum is the most primitive instrument known to man.",
        SourceRef(page=1, heading=("The Origin of Music",)),
    )
    asked = {c.front: c.back for c in kept}
    assert asked["What is the most primitive instrument known to man?"] == "The drum"


def test_the_framed_statement_makes_a_card_that_quotes_the_sentence_as_written() -> None:
    sentence = "We know that the highest plane of perfection in the violin was reached in Italy about 1600."
    kept = kept_cards(sentence, SourceRef(page=1, heading=("Musical Instruments",)))
    assert [c.front for c in kept] == [
        "The highest plane of perfection in the violin was reached in Italy about {{c1::1600}}."
    ]
    assert kept[0].source_span == sentence
