"""Who did a deed named as a noun, "the first X was attempted by NAME" → "Who attempted the first X?",
and who found what, "NAME discovered that …" → "Who discovered that …?"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import done_by

    return {c.front: c.back for c in drafted(done_by.done_by, text)}


def test_a_deed_done_by_a_named_person_asks_who() -> None:
    # a history of science and of painting, not the corpus
    cards = _cards(
        "We find that the first measurement of the speed of light was made by Ole Rømer, in 1676, "
        "when he timed the eclipses of Io. "
        "The first dissection of a human body in public at Padua was undertaken by Vesalius (about 1540), "
        "who drew the organs himself. "
        "From Florence we pass to Bruges, where the perfecting of painting in oils was accomplished by "
        "Van Eyck, a court painter who worked for the Duke of Burgundy."
    )
    assert cards == {
        "Who made the first measurement of the speed of light?": "Ole Rømer (in 1676)",
        "Who undertook the first dissection of a human body in public at Padua?": "Vesalius (about 1540)",
        "Who accomplished the perfecting of painting in oils?": "Van Eyck, a court painter",
    }


def test_no_card_for_a_pointer_the_writers_words_or_no_name() -> None:
    cards = _cards(
        "This change was made by Rømer in 1676. "  # which change?
        "The nearest approach to what we call a science was made by Aristotle. "  # the writer's words
        "The copying of the old herbals was undertaken by Christian monks for centuries. "  # no one's name
        "The revival of the old colours was accomplished by Nature herself. "  # a common word
        "The house was built by Wren."  # no deed named as a noun: "Who built the house?" has many answers
    )
    assert cards == {}


def _findings(text: str) -> dict[str, str]:
    from cards.offline import done_by

    return {c.front: c.back for c in drafted(done_by.finding, text)}


def test_a_named_persons_finding_asks_who() -> None:
    cards = _findings(
        "Robert Boyle (1627-1691) showed that the volume of a gas varies inversely as its pressure. "
        "In 1796, Edward Jenner showed that an inoculation with cowpox protects against smallpox. "
        "Kepler, in his “Astronomia Nova,” showed that the orbit of Mars is an ellipse; and others followed."
    )
    assert cards == {
        "Who showed that the volume of a gas varies inversely as its pressure?": "Robert Boyle (1627-1691)",
        "Who showed that an inoculation with cowpox protects against smallpox?": "Edward Jenner (in 1796)",
        "Who showed that the orbit of Mars is an ellipse?": "Kepler",
    }


def test_no_finding_card_that_points_elsewhere_or_has_no_name() -> None:
    cards = _findings(
        "Lavoisier found that it burned with a bright flame. "  # it: what?
        "Experiments showed that the metal expands when heated. "  # no one's name
        "Rameau discovered that the chord we call the triad was not merely the result of training. "  # we
        "Pasteur proved that."  # nothing found
    )
    assert cards == {}
