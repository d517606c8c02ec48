"""What a story's labels and inscriptions say: on the corpus's Alice, and on text written for the tests."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

from .sample import corpus_cards

# A story's scenes: people told of in the third person who ask and exclaim.
_SCENES = "She walked along the quay, and he followed her. Would the boats come back? He hoped so! " * 12


def _written_on(*paragraphs: str, title: str | None = None, heading: tuple[str, ...] = ()) -> dict[str, str]:
    sections = tuple(Section(p, SourceRef(paragraph=n, heading=heading)) for n, p in enumerate(paragraphs, 1))
    chunk = Chunk(index=0, sections=sections, heading=heading, title=title)
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language="en")
    return {c.front: c.back for c in cards if "written on" in c.front}


def test_the_labels_of_alice_are_asked_with_the_thing_they_are_on_and_the_chapter() -> None:
    cards = {
        card.front: card.back
        for card in corpus_cards("epub-alice-in-wonderland.epub", "en")
        if card.kind is CardKind.BASIC and "written on" in card.front
    }
    book = "In chapter “Down The Rabbit-Hole” of “Alice's Adventures in Wonderland”"
    assert cards[f"{book}, what is written on the jar?"] == "ORANGE MARMALADE"
    assert cards[f"{book}, what is written on the paper label?"] == "DRINK ME"
    assert cards[f"{book}, what is written on the very small cake?"] == "EAT ME"
    assert "W. RABBIT" in cards.values()
    assert "poison" not in " ".join(cards.values()).casefold()  # 'marked "poison"' is no inscription


def test_a_story_inscription_needs_capitals_and_a_thing_to_be_written_on() -> None:
    cards = _written_on(
        'Tom found a small tin box, on which the words "OPEN ME" were scratched in red.',
        '"Is it marked \'poison\'?" asked Nell. Then he saw the words "GO BACK" and ran.',  # on what?
        'Nell saw a lamp under the stairs, on which the words "KEEP OUT" were painted.',  # lamp or stairs?
        'Tom picked up a cat and a jar. It was labeled "SALT" in red letters.',  # the cat or the jar?
        _SCENES,
        title="The Tide Clock",
        heading=("III. The Cellar",),
    )
    assert cards == {
        "In chapter “The Cellar” of “The Tide Clock”, what is written on the small tin box?": "OPEN ME"
    }


def test_no_inscription_card_outside_a_story() -> None:
    manual = (
        'The valve has a red handle, on which the words "DO NOT OPEN" are printed in white. '
        "The handle is turned a quarter to the left to close the valve before the pump is serviced. "
        "Each pump is serviced once a year by the maintenance team of the plant. "
    ) * 6
    assert _written_on(manual, title="Pump Station Manual", heading=("2. Valves",)) == {}


def test_a_french_story_inscription_is_asked_in_french() -> None:
    scenes = "Elle marche sur le quai, et il la suit. Les bateaux vont-ils revenir? Il l’espère! " * 12
    sections = (
        Section(
            "Pierre courut au moulin. Sur la porte, il y avait une planche de bois avec les mots "
            "«DÉFENSE D’ENTRER» peints en rouge.",
            SourceRef(paragraph=1, heading=("I. Le Vent",)),
        ),
        Section(scenes, SourceRef(paragraph=2, heading=("I. Le Vent",))),
    )
    chunk = Chunk(index=0, sections=sections, heading=("I. Le Vent",))
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language="fr")
    written = {c.front: c.back for c in cards if "écrit sur" in c.front}
    assert written == {
        "Dans le chapitre « Le Vent », qu’est-ce qui est écrit sur la planche de bois ?": "DÉFENSE D’ENTRER"
    }
