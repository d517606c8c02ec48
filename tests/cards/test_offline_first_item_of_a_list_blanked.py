"""A cloze never blanks one item of a list of three written with a single comma ("except {{X}}, Y and
Z"), nor the first item that ends the words leading into the list."""

from __future__ import annotations

import pytest

from cards.quality import GateContext, apply_gate
from cards.schema import CardDraft, CardKind
from cards.target_neighbours import one_of_a_list
from documents.model import Section, SourceRef

from .sample import chunk


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("All kiln functions except kiln_open, kiln_close and kiln_vent have wrappers.", "kiln_open"),
        ("All kiln functions except kiln_open, kiln_close and kiln_vent have wrappers.", "kiln_close"),
        ("The church modes were the Dorian, Phrygian and Lydian.", "Dorian"),
    ],
)
def test_one_item_of_a_list(sentence: str, target: str) -> None:
    start = sentence.index(target)
    assert one_of_a_list(sentence, start, start + len(target))


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("The glaze was mixed by Bernard Leach, who also fired the pots and the tiles.", "Bernard Leach"),
        ("The hurdy-gurdy, which consisted of a wheel and strings, was popular.", "wheel"),
        ("A wrapper records the arguments and result of each call.", "wrapper"),
    ],
)
def test_a_target_that_is_no_list_item(sentence: str, target: str) -> None:
    start = sentence.index(target)
    assert not one_of_a_list(sentence, start, start + len(target))


def test_the_gate_refuses_the_blank() -> None:
    sentence = "All kiln functions except kiln_open, kiln_close and kiln_vent have wrappers."
    section = Section(sentence, SourceRef(page=1, heading=("Kiln library", "Wrappers")))
    card = CardDraft(
        CardKind.CLOZE,
        sentence.replace("kiln_open", "{{c1::kiln_open}}"),
        "",
        section.source,
        source_span=sentence,
    )
    assert not apply_gate([card], GateContext.from_chunk(chunk(section), language="en")).kept
