"""Who made, or is credited with, a thing, where a history names the maker with an aside."""

from __future__ import annotations

from cards.offline import inventors

from .sample import drafted

ASTRONOMY = (
    "Hipparchus, who worked at Rhodes, is credited with the invention of trigonometry. "
    "The astrolabe, which was the invention of the Greeks of Alexandria, consisted of a brass disc. "
    "Huygens, who was born at The Hague in 1629, invented the pendulum clock, called by him the horologium. "
    "Herschel, a musician of Bath, discovered the planet Uranus in 1781. "
    "This system held good up to the sixteenth century, when Zarlino, who died in 1590, invented the system "
    "in use at the present time, called the tempered scale, which did not come into general use until later. "
    "Bernhard, organist of St. Mark's, Venice (1445-1459), has been credited with the invention of organ "
    "pedals, but it is probable that he merely introduced them into Italy. "
    "Zarlino, Bernhard and Huygens are still read."
)


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(inventors.inventor, text)}


def test_a_maker_named_with_an_aside_and_the_one_credited() -> None:
    assert _cards(ASTRONOMY) == {
        "Who is credited with the invention of trigonometry?": "Hipparchus",
        "Whose invention was the astrolabe?": "The Greeks of Alexandria",
        "Who invented the pendulum clock?": "Huygens",
        "Who discovered the planet Uranus?": "Herschel (in 1781)",
        # the work said in everyday words ("the system in use …") is asked by the name it is given
        "Who invented the tempered scale?": "Zarlino",
        "Who has been credited with the invention of organ pedals?": "Bernhard",
    }


def test_no_card_on_a_work_that_points_elsewhere_or_says_nothing_specific() -> None:
    assert (
        _cards(
            "Galileo, who heard of the Dutch instrument in Venice, built one of his own in 1609. "
            "Copernicus, a canon of Frauenburg, published his book on the heavens in 1543. "
            "Ptolemy, who lived at Alexandria, wrote a great work. "  # a great work: which?
            "This instrument, which was the invention of Ctesibus, consisted of a set of pipes. "
            "The Greeks, who loved order, invented the modes of the lyre. "  # no one's name
            "Galileo, Copernicus and Ptolemy are still read."
        )
        == {}
    )
