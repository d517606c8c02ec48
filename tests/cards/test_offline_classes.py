"""The parts of an announced classification, told after it (cards.offline.classes), on passages on
architecture, geology and painting written for the test."""

from __future__ import annotations

from cards.offline import classes
from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk, kept_cards


def _cards(*paragraphs: str) -> dict[str, str]:
    source = SourceRef(heading=("On Building",), lines=(1, 40))
    drafter = Drafter(chunk(*(Section(p, source) for p in paragraphs)), GenerationOptions(max_cards=40), "en")
    classes.announced_classes(drafter)
    return {c.card.front: c.card.back for c in drafter.candidates}


GOTHIC = (
    "The styles of Gothic building in England may be divided into four periods:",
    'First we have what may be broadly termed "Early English," which includes the lancet windows of '
    "Salisbury. Our second period may be termed the Decorated style, and is marked by rich tracery. "
    'The third consists of the style known as "Perpendicular," and is found in the great chapels. '
    "The fourth is hardly a style at all.",
)


def test_each_part_told_in_its_place_is_asked_by_its_place() -> None:
    frame = "In the author's division of the styles of Gothic building in England into four periods"
    assert _cards(*GOTHIC) == {
        f"{frame}, which comes first?": '"Early English"',
        f"{frame}, which comes second?": "The Decorated style",
        f"{frame}, which comes third?": 'The style known as "Perpendicular"',
    }


def test_a_part_out_of_order_ends_the_series() -> None:
    text = (
        "Painting may be divided into two kinds. The second kind may be termed fresco, and is the "
        "harder. The first kind consists of painting on panels."
    )
    assert _cards(text) == {}


def test_no_series_without_its_announcement_or_across_a_heading() -> None:
    assert _cards("Our second period may be termed the Decorated style, and is marked by rich tracery.") == {}
    first, second = GOTHIC
    drafter = Drafter(
        chunk(
            Section(first, SourceRef(heading=("Gothic",), lines=(1, 2))),
            Section(second, SourceRef(heading=("Romanesque",), lines=(3, 9))),
        ),
        GenerationOptions(max_cards=40),
        "en",
    )
    classes.announced_classes(drafter)
    assert drafter.candidates == []


ROCKS = (
    "Rocks may be divided into three classes, each class marking a different origin. We may liken the "
    "first class to the ashes of a fire, for it is formed from molten matter. The next class is laid "
    'down in water, layer upon layer. These two classes of rock have been termed "primary" or '
    '"original" rocks. The other class has been termed metamorphic.'
)


def test_a_name_for_the_parts_told_so_far_says_which_parts() -> None:
    assert _cards(ROCKS) == {
        "In the author's division of rocks into three classes, what have the first two classes "
        "been termed?": '"Primary" or "original" rocks',
    }


def test_these_two_must_be_exactly_the_parts_told() -> None:
    # only one part told before "these two": which two, the reading cannot be sure
    text = (
        "Rocks may be divided into four classes. We may liken the first class to the ashes of a fire. "
        'These two classes of rock have been termed "primary" rocks. The other two classes of rock '
        "have been termed secondary."
    )
    assert _cards(text) == {}


def test_the_other_parts_named_after_the_first_ones() -> None:
    text = (
        "Music may be divided into four classes, each marking an advance. We may liken the first "
        "stage to a drawing on a rock. The next stage is still a question of delineation. These two "
        'divisions of music have been termed "programme" music. The other two classes of music have '
        "been termed subjective."
    )
    frame = "In the author's division of music into four classes"
    assert _cards(text) == {
        f"{frame}, what have the first two classes been termed?": '"Programme" music',
        f"{frame}, what have the last two classes been termed?": "Subjective",
    }


def test_the_cards_pass_the_gate() -> None:
    text = "\n\n".join(GOTHIC)
    fronts = {c.front for c in kept_cards(text, SourceRef(heading=("On Building",), lines=(1, 9)))}
    assert (
        "In the author's division of the styles of Gothic building in England into four periods, "
        "which comes second?" in fronts
    )
