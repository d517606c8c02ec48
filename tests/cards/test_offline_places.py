"""Where a named person was born or died: "X was born in 1818, in Paris" → "Where was X born?"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import places

    return {c.front: c.back for c in drafted(places.birth_or_death_place, text)}


def test_the_place_of_a_named_birth_or_death() -> None:
    cards = _cards(
        "Charles Gounod was born in 1818, in Paris. "
        "Telemann was born in Magdeburg, in Saxony, and studied law at Leipzig. "
        "Lully died in Paris in 1687."
    )
    assert cards == {
        "Where was Charles Gounod born?": "In Paris",
        "Where was Telemann born?": "In Magdeburg, in Saxony",
        "Where did Lully die?": "In Paris",
    }


def test_no_place_of_a_pronoun_a_month_or_another_clause() -> None:
    cards = _cards(
        "He died in Würzburg, Bavaria. "  # whose death?
        "The boy was born in Vienna in 1797. "  # which boy?
        "Auber was born in 1782, and died in May, 1871. "  # a month, and a place in no clause
        "Rameau was born in 1683, and after travels in Italy he settled in Paris. "  # Italy: the travels
        "Pl Hagen was born in Stavanger, Norway."  # a name that lost a letter in extraction
    )
    assert cards == {}


def test_when_and_where_of_a_birth_that_opens_the_sentence() -> None:
    from cards.offline import places

    text = (
        "Born in 1801, in Lyons, in France, Hector Vallon studied the flute. "
        "Born in 1792, at Pesaro, he wrote many operas. "  # whose birth?
        "Born in May, Zendler was sickly. "  # a month, no year
        "Born in 1790, at Parma, The boy sang."  # no name
    )
    cards = {c.front: c.back for c in drafted(places.born_opening, text)}
    assert cards == {
        "When was Hector Vallon born?": "In 1801",
        "Where was Hector Vallon born?": "In Lyons, in France",
    }
