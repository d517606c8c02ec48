"""Which thing holds a superlative: "X were the oldest modes" → "Which were the oldest modes?"."""

from __future__ import annotations

from cards.offline import superlatives
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(superlatives.superlative, text)}


def test_the_holder_of_a_superlative_either_way_round() -> None:
    cards = _cards(
        "The Dorian, Phrygian, and Lydian were the oldest modes. "
        "Ockeghem was the chief musician of the land. "
        "The drum is the most primitive instrument known to man. "
        "The largest city in Japan is Tokyo, which has 14 million inhabitants."
    )
    assert cards == {
        "Which were the oldest modes?": "The Dorian, Phrygian, and Lydian",
        "Who was the chief musician of the land?": "Ockeghem",  # a person's role: "Who"
        "What is the most primitive instrument known to man?": "The drum",
        "What is the largest city in Japan?": "Tokyo",  # the answer stops before its clause
    }


def test_no_superlative_of_a_pointer_a_passive_a_first_deed_or_a_common_word() -> None:
    cards = _cards(
        "He was the most celebrated harpsichord player of his time. "
        "The teaching of Pythagoras was the first step in this classification of sounds. "
        "The first names we meet with in French opera are those of Grétry and Méhul. "
        "The first change in the tetrachord system was made by Guido d'Arezzo. "  # a passive verb
        "Strauss was the first to recognize the defect in the waltz. "  # firsts.py asks this
        "Music was the chief art of the land. "  # capitalised by its place only
        "Under Louis XI Ockeghem was the chief musician of the land. "  # no subject of its own
        "The first witness was the Hatter."  # a place in a sequence, not a record
    )
    assert cards == {}


def test_a_superlative_of_common_words_carries_its_section_through_the_gate() -> None:
    kept = kept_cards(
        "The most common cause of a stall is an excessive angle of attack.",
        SourceRef(page=1, heading=("Aerodynamics of Flight",)),
    )
    asked = {c.front: c.back for c in kept}
    assert asked["In Aerodynamics of Flight, what is the most common cause of a stall?"] == (
        "An excessive angle of attack"
    )


def test_a_story_gets_no_superlative_or_difference_questions() -> None:
    story = (
        "“Call the first witness!” said the King. "
        "The oldest guest at the party was the Dormouse, and she was asleep. "
        "Unlike the Queen, the King was kind to Alice, and he smiled at her. "
        "“What do you know about this business?” the King asked her. "
        "“Nothing!” she said, and he wrote it down on his slate."
    )
    kept = kept_cards(story, SourceRef(page=1, heading=("The Trial",)))
    assert not [c.front for c in kept if c.front.startswith(("What was the oldest", "How did the King"))]
