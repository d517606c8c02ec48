"""What a thing is called: the answer is the name itself, without a possessive or quote marks."""

from __future__ import annotations

from cards.offline import definitions

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(definitions.definition, text)}


def test_a_name_in_quotes_after_a_possessive_is_the_bare_name() -> None:
    cards = _cards("A ship’s sideways tilt in the water is known as its ‘‘angle of heel.’’")
    assert cards == {"What is a ship’s sideways tilt in the water called?": "angle of heel"}


def test_a_plain_name_is_kept_as_written() -> None:
    cards = _cards("The small rounded window of a ship is called a porthole.")
    assert cards == {"What is the small rounded window of a ship called?": "a porthole"}


def test_a_name_given_in_the_past_or_perfect_is_asked_in_its_tense() -> None:
    cards = _cards(
        "The Tartars have been called the troubadours of Asia--and of Asia in the widest sense of the word. "
        'The "Hymn to Apollo" was called a paeon or paean, for the singers danced in Cretic rhythms. '
        "The Elector of Hanover was called to the throne. "  # summoned, not named
        "These modes were called the Authentic modes. "  # which modes?
        'The rest of the hall was called the "nave", for the simile was dear. '  # the rest of which hall?
        'The answerer was called "hypocrite," afterward the term for actor.'  # the answerer of what?
    )
    assert cards == {
        "What have the Tartars been called?": "the troubadours of Asia",
        'What was the "Hymn to Apollo" called?': "a paeon or paean",
    }
