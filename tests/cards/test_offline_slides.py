"""A slide's title kept as its first line, over its bullets: one card on the whole slide."""

from __future__ import annotations

from cards.schema import CardDraft, CardKind
from documents.model import SourceRef

from .sample import kept_cards


def _cards(text: str, source: SourceRef | None = None) -> list[CardDraft]:
    return kept_cards(text, source or SourceRef(slide=4))


def test_no_list_when_a_long_bullet_has_no_marked_phrase() -> None:
    # seven plain words: recalled whole they are no card, and nothing says which of them is the point
    cards = _cards(
        "Three Pillars of Composting\n"
        "Balance **green waste** with brown waste\n"
        "Turn the heap every week to let in **oxygen** for the microbes\n"
        "Keep the pile as damp as a wrung sponge"
    )
    assert not [c for c in cards if c.front.startswith("Three Pillars")]


def test_a_counted_title_heads_one_cloze_over_its_bullets() -> None:
    cards = _cards(
        "Three Pillars of Composting\n"
        "Balance **green waste** with brown waste\n"
        "Turn the heap every week to let in **oxygen** for the microbes\n"
        "Moisture like a sponge"
    )
    fronts = [c.front for c in cards if c.kind is CardKind.CLOZE and c.front.startswith("Three Pillars")]
    assert fronts == [
        "Three Pillars of Composting: Balance {{c1::green waste}} with brown waste; Turn the heap every week "
        "to let in {{c2::oxygen}} for the microbes; {{c3::Moisture like a sponge}}"
    ]


def test_no_list_when_the_title_does_not_count_its_bullets() -> None:
    cards = _cards(
        "Three Pillars of Composting\nBalance **green waste** with brown waste\nMoisture like a sponge"
    )
    assert not [c for c in cards if c.front.startswith("Three Pillars")]


def test_a_title_that_asks_is_answered_by_the_first_bullet() -> None:
    cards = _cards(
        "What is a compost thermometer?\n"
        "Long steel probe, read at the heap's core, that:\n"
        "Shows whether the microbes are working\n"
        "Warns of a heap too hot for worms"
    )
    asked = {c.front: c.back for c in cards if c.kind is CardKind.BASIC}
    assert asked["What is a compost thermometer?"] == "Long steel probe, read at the heap's core"


def test_no_title_card_in_speaker_notes() -> None:
    cards = _cards(
        "What is a compost thermometer?\n"
        "Long steel probe, read at the heap's core, that:\n"
        "Shows whether the microbes are working",
        SourceRef(slide=4, notes=True),
    )
    assert not [c for c in cards if c.front == "What is a compost thermometer?"]
