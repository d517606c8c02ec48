"""A name given after its description: "The X that … are called Y" → "What are the X that … called?"."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk


def _asked(text: str) -> dict[str, str]:
    result = generate_cards(
        chunk(Section(text, SourceRef(heading=("Kiln controllers",)))),
        GenerationOptions(max_cards=40),
        None,
        language="en",
        density_per_1k=100,
    )
    return {c.front: c.back for c in result.cards if c.kind is CardKind.BASIC}


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
