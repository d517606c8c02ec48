"""A Korean noun with the figure of its grade or article in it ("제2급감염병") is a noun like any other."""

from __future__ import annotations


def test_a_graded_korean_noun_keeps_its_figure() -> None:
    from cards.offline.targets import korean_noun

    assert korean_noun("제2급감염병으로") == "제2급감염병"
    assert korean_noun("제1급감염병은") == "제1급감염병"


def test_a_date_or_a_count_is_no_noun() -> None:
    from cards.offline.targets import korean_noun

    assert korean_noun("2020년에") == ""  # a year: one syllable of Hangul after the figures
    assert korean_noun("17종이") == ""  # a count
    assert korean_noun("지정하는") == ""  # still a verb's ending, not a particle
