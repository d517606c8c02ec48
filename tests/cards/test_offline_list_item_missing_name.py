"""A card from a list item about an option or a command names it: "If a crack is detected, …" in the
item of "--kiln-watch" becomes "In … “--kiln-watch” option, what happens if a crack is detected?"."""

from __future__ import annotations

import dataclasses

import pytest

from cards.generate import generate_cards
from cards.offline.drafter import Drafter
from cards.offline.item_subjects import item_led, item_name
from cards.schema import CardDraft, CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk

# A definition list of a made-up kiln controller's options and commands, an item per paragraph.
ITEMS = (
    "--kiln-watch=<yes|no> [default: yes]: When enabled, the controller compares the kiln temperature "
    "with the firing schedule every minute. If a hairline crack is detected, the pyrometer log records "
    "the crack and the firing is stopped.\n\n"
    "glaze_mix <recipe> [strength] shows the proportions of the glaze ingredients for a recipe. If one "
    "or more oxides are given, only prints the feldspar weights of the given oxides in grams."
)
SECTION = Section(ITEMS, SourceRef(page=1, heading=("Kiln controller", "Controller options")), kind="list")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("--kiln-watch=<yes|no> [default: yes]: When enabled, …", "--kiln-watch"),
        ("glaze_mix <recipe> [strength] shows the proportions …", "glaze_mix"),
        ("kiln.open() returns a handle to the kiln.", "kiln.open()"),
        ("KILN_MAX_TEMP: the highest temperature allowed.", "KILN_MAX_TEMP"),
        ("Memory is checked when the kiln starts.", ""),  # a plain word opens the line: no item name
        ("The glaze_mix command shows the proportions.", ""),
    ],
)
def test_the_name_an_item_opens_with(line: str, name: str) -> None:
    assert item_name(line) == name


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("--kiln-watch=<yes|no> [default: yes]: When enabled, …", "--kiln-watch"),
        ("KILN_MAX_TEMP: the highest temperature allowed.", "KILN_MAX_TEMP"),
        # a paragraph that opens on a name and its verb goes on to other subjects: no item
        ("KILN_CONE_TABLE overrides the default table. RampHold applies to hold segments.", ""),
    ],
)
def test_outside_a_list_only_a_definition_line_is_an_item(line: str, name: str) -> None:
    assert item_name(line, in_list=False) == name


def _card(front: str, back: str, quoted: str) -> CardDraft:
    kind = CardKind.BASIC if back else CardKind.CLOZE
    return CardDraft(kind, front, back, SECTION.source, source_span=quoted)


def test_a_sentence_of_an_item_is_led_by_the_items_name() -> None:
    drafter = Drafter(chunk(SECTION), GenerationOptions(max_cards=40), "en")
    question = _card(
        "What happens if a hairline crack is detected?",
        "The pyrometer log records the crack and the firing is stopped",
        "If a hairline crack is detected, the pyrometer log records the crack and the firing is stopped.",
    )
    led = item_led(question, drafter)
    assert led is not None
    assert led.front == "In the “--kiln-watch” option, what happens if a hairline crack is detected?"
    cloze = _card(
        "If one or more oxides are given, only prints the {{c1::feldspar weights}} of the given oxides "
        "in grams.",
        "",
        "If one or more oxides are given, only prints the feldspar weights of the given oxides in grams.",
    )
    led = item_led(cloze, drafter)
    assert led is not None
    assert led.front.startswith("In glaze_mix, if one or more oxides are given, only prints the {{c1::")


def test_a_card_that_names_its_item_or_comes_from_prose_is_left_alone() -> None:
    drafter = Drafter(chunk(SECTION), GenerationOptions(max_cards=40), "en")
    named = _card(
        "What does glaze_mix show?",
        "The proportions of the glaze ingredients for a recipe",
        "glaze_mix <recipe> [strength] shows the proportions of the glaze ingredients for a recipe.",
    )
    assert item_led(named, drafter) is None
    elsewhere = dataclasses.replace(
        named, front="What is shown?", source_span="A sentence of no item at all."
    )
    assert item_led(elsewhere, drafter) is None


def test_the_deck_names_the_item_of_every_card_from_its_later_sentences() -> None:
    result = generate_cards(
        chunk(SECTION), GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    )
    later = [
        c for c in result.cards if c.source_span.startswith(("If a hairline crack", "If one or more oxides"))
    ]
    assert later, [c.front for c in result.cards]
    for card in later:
        assert "--kiln-watch" in card.front or "glaze_mix" in card.front, card.front
