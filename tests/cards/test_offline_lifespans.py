"""When a named person lived: "Charlemagne (742-814 A.D.)" → "When did Charlemagne live?"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import lifespans

    return {c.front: c.back for c in drafted(lifespans.lifespan, text)}


def test_a_name_with_the_years_of_a_life() -> None:
    cards = _cards(
        "The chant was only established through Charlemagne (742-814 A.D.), a hundred years later. "
        "Sophocles (495-406 B.C.) added a third actor to the stage. "
        "Let us take a sonata by Méhul (1763-1817) as an example. "
        "The treatise of Rameau (1683–1764) made harmony a science."  # the dash as written
    )
    assert cards == {
        "When did Charlemagne live?": "742-814 A.D.",
        "When did Sophocles live?": "495-406 B.C.",
        "When did Méhul live?": "1763-1817",
        "When did Rameau live?": "1683–1764",
    }


def test_no_life_in_a_period_a_page_range_or_a_described_name() -> None:
    cards = _cards(
        "The doges of Venice (1445-1459) ruled the sea. "  # fourteen years: a period, not a life
        "See the remarks of Smith (12-41) on the matter. "  # a page range
        "A sonata by the German Rolle (1718-1785) shows a second theme. "  # named by a description
        "Ptolemy (1790-1850 B.C.) is out of order."  # years in the wrong order for the era
    )
    assert cards == {}
