"""A constant whose description spells its own name out makes no card; one whose meaning is not
in its letters does."""

from __future__ import annotations

import pytest

from cards.generate import generate_cards
from cards.offline.spelled_names import spells_out
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("ECANCELED", "Indicates that an operation was canceled."),
        ("EINPROGRESS", "Indicates that an operation is already in progress."),
        ("WSAEREMOTE", "Indicates that the item is remote."),
        ("RTLD_NOLOAD", "Do not load the library: no load, only a lookup."),
        ("EADDRINUSE", "Indicates that the network address is already in use."),
        ("PRIORITY_BELOW_NORMAL", "The priority above PRIORITY_LOW and below PRIORITY_NORMAL."),
    ],
)
def test_a_name_written_out_by_its_description(name: str, description: str) -> None:
    assert spells_out(name, description)


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("ESRCH", "Indicates that there is no such process."),  # its letters are not the words
        ("HTTP", "Hypertext Transfer Protocol"),  # initials: an acronym's expansion is a fact
        ("EIO", "An otherwise unspecified I/O error."),  # too short to read as words
        ("ECRACK", "Indicates that a pot broke in the kiln."),
        ("schedule", "Print the schedule of a kiln load."),  # not a constant's name
        ("KILN_LOG", "To print the detailed firing log."),  # one short word: too little to tell
    ],
)
def test_a_name_its_description_does_not_spell(name: str, description: str) -> None:
    assert not spells_out(name, description)


def test_a_constants_table_asks_only_what_the_names_do_not_say() -> None:
    table = Section(
        "Constant | Description\n"
        "ECANCELED | Indicates that an operation was canceled.\n"
        "ESRCH | Indicates that there is no such process.\n"
        "EKILN | Indicates that the kiln is too hot to open.",
        SourceRef(page=1, heading=("Kiln API", "Error constants")),
        kind="table",
    )
    result = generate_cards(
        chunk(table), GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    )
    fronts = {c.front for c in result.cards if c.kind is CardKind.BASIC}
    assert "What does the “ESRCH” constant indicate?" in fronts
    assert "What does the “EKILN” constant indicate?" in fronts  # "kiln" alone is too short a part
    assert not [front for front in fronts if "ECANCELED" in front]
