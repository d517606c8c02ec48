"""Who did a thing first, told in the passive (cards.offline.makers): a short history of astronomy and
mathematics written for the test."""

from __future__ import annotations

from cards.offline import makers

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(makers.maker, text)}


def test_who_first_did_a_deed_told_in_the_passive() -> None:
    cards = _cards(
        "The tables of Johann Galle were printed in Berlin. "
        "The planet Neptune was first observed by Johann Galle in 1846. "
        "[4] Logarithms are first mentioned by Napier (1614). "  # a footnote, its term alone
        "The tables of logarithms made by Napier were printed in Edinburgh. "
        "The method was first described by Galle in 1850. "  # "the method": which?
        "The comet was described by Galle in 1847."  # no "first": any description, not a first
    )
    assert cards == {
        "Who first observed the planet Neptune?": "Johann Galle (in 1846)",
        "Who first mentioned logarithms?": "Napier (in 1614)",
    }
