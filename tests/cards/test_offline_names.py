"""A name given after its description: "The X that … are called Y" → "What are the X that … called?"."""

from __future__ import annotations

from cards.schema import CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _asked(text: str) -> dict[str, str]:
    return {
        c.front: c.back
        for c in kept_cards(text, SourceRef(heading=("Kiln controllers",)))
        if c.kind is CardKind.BASIC
    }


def test_a_plural_description_asks_what_they_are_called() -> None:
    asked = _asked("The small programs that run inside a kiln controller are called firing scripts.")
    front = "In Kiln controllers, what are the small programs that run inside a kiln controller called?"
    assert asked[front] == "firing scripts"


def test_no_name_question_when_the_description_points_back() -> None:
    asked = _asked(
        "A kiln controller runs several small programs at once. "
        "The parts that run these small programs are called firing slots."
    )
    assert not [q for q in asked if q.endswith("called?")]
