"""A heading that names several peoples frames a card by the one its section is about."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.heading_parts import heading_part
from cards.schema import GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk

_HEADING = ("IV. The Music of the Egyptians, Assyrians, and Chinese",)


def _sections(*texts: str) -> list[Section]:
    return [Section(text, SourceRef(page=1, heading=_HEADING, paragraph=n)) for n, text in enumerate(texts)]


def test_a_section_after_one_about_the_chinese_is_framed_by_the_chinese() -> None:
    sections = _sections(
        "The sound of silk is given by the Chinese stringed instruments, the che and the kin.",
        "And finally the sound of the gourd. The gourd is a kind of squash, hollowed out, in which from "
        "thirteen to twenty-four pipes of bamboo are inserted.",
    )
    result = generate_cards(
        chunk(*sections), GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    )
    asked = {c.front: c.back for c in result.cards}
    assert (
        asked["In the music of the Chinese, what is the gourd?"]
        .casefold()
        .startswith("a kind of squash, hollowed out")
    )


def test_no_part_when_the_section_names_two_or_the_heading_is_no_list() -> None:
    sections = _sections(
        "The Egyptians and the Chinese both knew the harp.",
        "The gourd is a kind of squash, hollowed out, in which pipes of bamboo are inserted.",
    )
    name = "The Music of the Egyptians, Assyrians, and Chinese"
    assert heading_part(name, sections[1], sections) == ""  # the nearest section names two
    assert heading_part(name, sections[0], sections) == ""
    assert heading_part("The Origin of Music", sections[1], sections) == ""
    hebrews = _sections("David may be considered the founder of Hebrew music.", "The kinnor had ten strings.")
    assert (
        heading_part("The Music of the Hebrews and the Hindus", hebrews[1], hebrews)
        == "the music of the Hebrews"
    )


def test_a_place_keeps_the_heading_s_article() -> None:
    sections = _sections("In France the troubadours sang of love.", "The court poets wrote albas.")
    name = "The Poetry of France, Italy and Spain"
    assert heading_part(name, sections[1], sections) == "the poetry of France"
