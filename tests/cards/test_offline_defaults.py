"""A tool's default behaviour, asked of the thing that behaves so."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk

OPTIONS = GenerationOptions(max_cards=40)


def _asked(text: str) -> dict[str, str]:
    section = Section(text, SourceRef(heading=("Kiln", "Firing Logs")))
    result = generate_cards(chunk(section), OPTIONS, None, language="en", density_per_1k=100)
    return {c.front: c.back for c in result.cards if c.kind is CardKind.BASIC}


def test_by_default_what_the_named_thing_does() -> None:
    asked = _asked(
        "By default, if a firing succeeds, Kilnctl’s logger discards every temperature reading it took. "
        "By default, when a sensor fails, the controller stops heating, which means the chamber cools slowly."
    )
    assert asked["What does Kilnctl’s logger do by default if a firing succeeds?"] == (
        "Discards every temperature reading it took"
    )
    # cut before the clause that explains it
    assert any(
        q.lower().endswith("what does the controller do by default when a sensor fails?") for q in asked
    )
    assert "Stops heating" in asked.values()


def test_no_default_card_on_a_subject_that_points_back() -> None:
    asked = _asked("By default, these readings print a warning, unwind the log, and quit the firing.")
    assert not any("by default" in q for q in asked)
