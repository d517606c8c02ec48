"""A slide's "Name: description", "Name" over "A …" and "setting=value: …" bullets."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk


def _cards(text: str) -> dict[str, str]:
    from cards.offline import slide_bullets

    source = SourceRef(page=3, heading=("Zorblang",))
    drafter = Drafter(chunk(Section(text, source)), GenerationOptions(max_cards=40), "en")
    section, prepared = drafter.prepared[0]
    slide_bullets.slide_bullets(drafter, section, prepared)
    return {c.card.front: c.card.back for c in drafter.candidates}


def test_names_and_settings_on_a_slide_become_questions() -> None:
    cards = _cards(
        "● Acceleration tools:\n"
        "● Quaxil: vector compiler\n"
        "● Brindle\n"
        "● A plotting library that draws publication-quality figures\n"
        "from tabular data.\n"
        "● fastmath=True: Floating-point operations may be reordered, unlike in the interpreter.\n"
    )
    assert cards == {
        "What is Quaxil?": "Vector compiler",
        "What is Brindle?": "A plotting library that draws publication-quality figures from tabular data",
        "In Zorblang, what does fastmath=True mean?": (
            "Floating-point operations may be reordered, unlike in the interpreter"
        ),
    }


def test_no_card_for_labels_headers_or_lines_without_bullets() -> None:
    cards = _cards(
        "Quaxil: vector compiler\n\n"  # no bullet: a line of prose
        "● Drawbacks:\n"
        "● Performance: Zorblang\n"  # a slide title with the deck's running header
        "● Danger: Trying to release the lock twice will crash the program.\n"  # a label, not a name
        "● Fax: 202-493-2251\n"  # a figure
        "● Brindle\n"
        "● Not developed any more.\n"  # no description after the name
    )
    assert cards == {}


def test_keywords_and_file_extensions_on_a_slide() -> None:
    cards = _cards(
        "● qdef x = 1\n"
        "● qdef, when used for variables, denotes a static declaration.\n"
        "● Module files have the file extension .zbl; they hold the code.\n"
    )
    assert cards == {
        "In Zorblang, what does qdef denote, when used for variables?": "A static declaration",
        "In Zorblang, which file extension do module files have?": ".zbl",
    }


def test_no_keyword_card_for_an_everyday_word_or_a_pointer() -> None:
    cards = _cards(
        "● value x = 1\n"
        "● value, when used for variables, denotes a static declaration.\n"  # an everyday word
        "● qdef x = 1\n"
        "● qdef means that this function may be called from anywhere.\n"  # which function?
    )
    assert cards == {}


def test_a_keyword_the_slides_code_uses_and_what_it_is() -> None:
    cards = _cards(
        "qdef long total = 0\n"  # a line of code: "long" is a keyword here, whatever its frequency
        "qdef short flag = 1\n"
        "● long is a signed integer of at least 64 bits on every platform.\n"
        "● short means the value fits in two bytes of memory.\n"
    )
    assert cards == {
        "In Zorblang, what is long?": "A signed integer of at least 64 bits on every platform",
        "In Zorblang, what does short mean?": "The value fits in two bytes of memory",
    }


def test_no_keyword_card_for_a_word_the_code_never_uses() -> None:
    cards = _cards(
        "qdef long total = 0\n"
        "● speed is a concern only in the scientific computing community.\n"  # prose, not a keyword
        "● profile is a tool for timing functions.\n"
        "● long is a.\n"  # no description
    )
    assert cards == {}
