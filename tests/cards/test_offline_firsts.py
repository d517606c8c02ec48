"""Who was the first to do something: "X was the first to Y" → "Who was the first to Y?"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import firsts

    return {c.front: c.back for c in drafted(firsts.first_to, text)}


def test_who_was_first_names_the_deed_and_the_year() -> None:
    cards = _cards(
        "Arion was the first to bring the dithyramb into poetry, by teaching the dancers a slower step. "
        "Quantz, the court flute player to Frederick the Great, was the first to publish, in 1750, a method "
        "of playing the transverse (crosswise) flute. "
        "Viadana is said to have been the first to use a basso continuo, and even the figured bass."
    )
    assert cards == {
        "Who was the first to bring the dithyramb into poetry?": "Arion",
        "Who was the first to publish a method of playing the transverse (crosswise) flute?": (
            "Quantz (in 1750)"
        ),
        "Who is said to have been the first to use a basso continuo?": "Viadana",
    }


def test_no_first_of_a_pointer_a_pronoun_or_one_of_several() -> None:
    cards = _cards(
        "Strauss was the first to recognize this defect in the waltz. "  # which defect?
        "He was the first to improve the notation by lines and spaces. "  # who?
        "Rameau was one of the first to give each orchestral instrument a character of its own. "
        "The Greeks were the first to name the modes after their tribes."  # no name
    )
    assert cards == {}


def test_the_first_of_a_kind_named_with_namely() -> None:
    from cards.offline import firsts

    text = (
        "When the potter learnt to fire clay, he had made the first vessel known to man, namely, the bowl. "
        "The oldest surviving calendar, namely, the Coligny tablet, is in Lyon. "
        "He chose the first thing that came to hand, namely, a stick. "  # a pointer in the kind
        "The first of these, namely, the lyre, was old."  # of which series?
    )
    cards = {c.front: c.back for c in drafted(firsts.first_of_a_kind, text)}
    assert cards == {
        "What was the first vessel known to man?": "The bowl",
        "What is the oldest surviving calendar?": "The Coligny tablet",
    }
