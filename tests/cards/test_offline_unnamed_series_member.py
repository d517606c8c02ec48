"""A sentence about "the fourth" or "the second variable" of a series named before makes no card:
alone, it does not say what it is about."""

from __future__ import annotations

import pytest

from cards.offline.series_members import names_an_unnamed_member
from documents.model import SourceRef

from .sample import kept_cards


@pytest.mark.parametrize(
    "sentence",
    [
        "The fourth consists of a seemingly capricious intermixture of dual and triple rhythm.",
        "The first movement consisted of an allemande, followed by a courante.",
        "The first line shows the validity bits for eight bytes of memory.",
        "Of the two pipes, the latter is blown crosswise.",
        "The latter is faster because it never copies the buffer.",
    ],
)
def test_a_member_named_only_by_its_rank(sentence: str) -> None:
    assert names_an_unnamed_member(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The first of the Greek modes was the Dorian.",  # the series is named where it stands
        "Rome was the second largest city of the ancient world.",  # a superlative
        "Ptolemy wrote the Almagest in the second century.",  # a time
        "Guido was the first to write notes on a staff of lines.",
        "The first Egyptian dynasty began around 3100 BC.",  # a name follows
        "The second-order term vanishes for small angles.",
        "The first change in the tetrachord system was made by Guido d'Arezzo.",  # the series follows
        "Didymus found that two whole tones were needed to make the third consonant.",  # an interval
    ],
)
def test_a_rank_that_states_a_fact_of_its_own(sentence: str) -> None:
    assert not names_an_unnamed_member(sentence)


def test_no_cloze_on_the_fourth_of_an_earlier_series() -> None:
    text = (
        "Folk music shows four peculiarities of rhythm in every country of Europe. "
        "The fourth consists of a seemingly capricious intermixture of dual and triple rhythm in songs. "
        "Syncopation is a displacement of the regular accent onto a weak beat of the measure."
    )
    cards = kept_cards(text, SourceRef(page=1, heading=("Folk music",)))
    assert any("Syncopation" in c.front or "syncopation" in c.front.casefold() for c in cards), cards
    assert not [c for c in cards if "fourth" in c.front.casefold()]
