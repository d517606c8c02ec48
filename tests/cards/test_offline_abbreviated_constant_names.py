"""A constant whose name is its description written short (vowels dropped: "LCK" of "locks"; a whole
word after an underscore: "RTLD_LAZY", lazy binding) makes no card; one whose letters do not say its
meaning still does."""

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
        ("ENOLCK", "Indicates that there are no locks available."),  # LCK: "locks" without its vowel
        ("ENOMSG", "Indicates that there is no message of the desired type."),
        ("ETXTBSY", "Indicates that a text file is busy."),
        ("RTLD_LAZY", "Perform lazy binding. The loader sets this flag by default."),
        ("TRANS_DISABLED", "This transport has been disabled."),  # a five-letter prefix before "_"
        ("S_IFLNK", "File type constant for a symbolic link."),
        ("WSAECANCELLED", "Indicates that an operation has been canceled."),  # spelled with one "l"
    ],
)
def test_a_name_that_writes_its_description_short(name: str, description: str) -> None:
    assert spells_out(name, description)


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("ESRCH", "Indicates that there is no such process."),  # "srch" is not "such" written short
        ("RTLD_NOW", "Resolve all undefined symbols in the library before the call returns."),
        ("KILN_LOG", "To print the detailed firing log."),  # "LOG": too short a part to tell
        ("EKILN", "Indicates that the kiln is too hot to open."),  # no underscore: "KILN" is not a part
        # a long prefix ("SSL_OP_CIPHER_") leaves the name's own part unread: only its tail is a word
        ("SSL_OP_CIPHER_SERVER_PREFERENCE", "Use the server's preferences when selecting a cipher."),
        ("HTTP", "Hypertext Transfer Protocol"),  # initials, not words written short
    ],
)
def test_a_name_whose_letters_do_not_say_its_meaning(name: str, description: str) -> None:
    assert not spells_out(name, description)


def test_a_flags_table_keeps_only_the_flags_whose_names_do_not_say_what_they_do() -> None:
    table = Section(
        "Constant | Description\n"
        "RTLD_LAZY | Perform lazy binding. The loader sets this flag by default.\n"
        "RTLD_NOW | Resolve all undefined symbols in the library before the loader returns.\n"
        "ENOLCK | Indicates that there are no locks available.",
        SourceRef(page=1, heading=("Loader API", "Loader constants")),
        kind="table",
    )
    result = generate_cards(
        chunk(table), GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    )
    fronts = [c.front for c in result.cards if c.kind is CardKind.BASIC]
    assert any("RTLD_NOW" in front for front in fronts), fronts
    assert not [front for front in fronts if "RTLD_LAZY" in front or "ENOLCK" in front]
