"""What a relative clause or an "as it is called" aside says of the named thing it follows."""

from __future__ import annotations

from cards.offline import relative_clauses
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    cards = drafted(relative_clauses.relative_clause, text) + drafted(relative_clauses.called_aside, text)
    return {c.front: c.back for c in cards}


def test_which_consisted_of_and_which_was_invented_ask_of_the_thing_before_them() -> None:
    cards = _cards(
        "The bow was thus the origin of the hurdy-gurdy, which consisted of a wheel covered with resined "
        "leather and turned by a crank. "
        "The other species of instrument, the harpsichord, which was invented about 1400, had a string for "
        "each sound. "
        "They played the game of the cottabos, which consisted of throwing wine into a metal basin."
    )
    assert cards == {
        "What did the hurdy-gurdy consist of?": "A wheel covered with resined leather and turned by a crank",
        "When was the harpsichord invented?": "About 1400",
        "What did the cottabos consist of?": "Throwing wine into a metal basin",
    }


def test_an_as_it_is_called_aside_no_longer_hides_the_subject() -> None:
    text = (
        "For instance, the Burmese drum-organ, as it is called, consists of twenty-one drums of various "
        "sizes hung inside a great hoop."
    )
    assert _cards(text) == {
        "What does the Burmese drum-organ consist of?": (
            "Twenty-one drums of various sizes hung inside a great hoop"
        )
    }
    kept = kept_cards(text, SourceRef(page=1, heading=("Musical Instruments",)))
    card = next(c for c in kept if c.front == "What does the Burmese drum-organ consist of?")
    assert card.source_span == text  # the card quotes the sentence as written


def test_a_lineage_behind_an_as_they_are_called_aside() -> None:
    text = "All instruments of percussion, as they are called, are direct descendants of the drum."
    assert _cards(text) == {"What are all instruments of percussion direct descendants of?": "The drum"}


def test_no_question_of_a_pointer_or_of_a_thing_that_names_nothing() -> None:
    cards = _cards(
        "This device, which is still employed, consisted of the use of figures. "
        "This style of overture, which consisted of a slow introduction, was popular. "
        "The house, which was built in 1900, is red. "  # which house?
        "The box, which consisted of three boards, was long."
    )
    assert cards == {}
