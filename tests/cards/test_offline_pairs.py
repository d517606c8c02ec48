"""A pair after a colon is a list when the lead counts it ("has two halves: A and B")."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk


def _clozes(text: str) -> list[str]:
    result = generate_cards(
        chunk(Section(text, SourceRef(page=1))),
        GenerationOptions(max_cards=40, kinds=[CardKind.CLOZE, CardKind.BASIC]),
        None,
        language="en",
        density_per_1k=100,
    )
    return [c.front for c in result.cards if c.kind is CardKind.CLOZE]


def test_a_counted_pair_after_a_colon_is_one_ordered_cloze() -> None:
    clozes = _clozes("A kiln controller has two sensors: a thermocouple and a pyrometer.")
    assert "A kiln controller has two sensors: a {{c1::thermocouple}}; a {{c2::pyrometer}}" in clozes


def test_no_list_of_a_pair_the_lead_does_not_count_or_counts_otherwise() -> None:
    clozes = _clozes(
        "A kiln controller reads its sensors: a thermocouple and a pyrometer. "
        "A kiln controller has three sensors: a thermocouple and a pyrometer."
    )
    assert not [c for c in clozes if "c2::" in c]
