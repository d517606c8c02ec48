"""What took the place of a thing found wanting."""

from __future__ import annotations

from cards.offline import substitutions

from .sample import drafted

HISTORY = (
    "The syllables were sung to the notes of the hexachord. "
    "In time ut was found to be a difficult syllable to sing, and do was substituted. "
    "The wooden pipes were found to be too fragile, and pipes of tin were substituted. "
    "What he wrote was found to be of little worth, and it was substituted. "
    "The organ was found to be too loud in the small chapel. "
    "This was found to be a mistake, and another was substituted."
)


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(substitutions.substitution, text)}


def test_what_took_the_place_of_a_thing_found_wanting() -> None:
    assert _cards(HISTORY) == {
        "What was substituted for ut when it was found to be a difficult syllable to sing?": "do",
        "What was substituted for the wooden pipes when they were found to be too fragile?": "pipes of tin",
    }
