"""A tally: the same thing counted in several places, one cloze over the counts."""

from __future__ import annotations

from cards.schema import CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _clozes(text: str) -> list[str]:
    return [
        c.front
        for c in kept_cards(text, SourceRef(heading=("Orchestra seating",)))
        if c.kind is CardKind.CLOZE
    ]


def test_one_cloze_over_the_counts_of_one_thing() -> None:
    clozes = _clozes(
        "There are 16 chairs in the first violin section, 14 chairs in the second violins and "
        "10 chairs in the violas."
    )
    assert (
        "There are {{c1::16}} chairs in the first violin section, {{c2::14}} chairs in the second violins "
        "and {{c3::10}} chairs in the violas."
    ) in clozes


def test_no_tally_when_the_numbers_count_different_things() -> None:
    clozes = _clozes(
        "There are 16 chairs in the first violin section, 14 stands in the second violins and "
        "10 mutes in the violas."
    )
    assert not [c for c in clozes if "{{c2::" in c]
