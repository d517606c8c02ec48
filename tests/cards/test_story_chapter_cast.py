"""Which characters appear in a story's chapter, in order: on the corpus's French reader, and on text
written for the tests."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import CardDraft, CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef
from scripts.eval_offline import span_verified

from .sample import corpus_cards

# A story's scenes: people told of in the third person who ask and exclaim.
_SCENES = "She walked along the quay, and he followed her. Would the boats come back? He hoped so! " * 6


def _casts(*chapters: tuple[str, str], title: str | None = "The Tide Clock") -> list[str]:
    sections = tuple(Section(text, SourceRef(heading=(heading,))) for heading, text in chapters)
    chunk = Chunk(index=0, sections=sections, heading=sections[0].source.heading, title=title)
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=40), language="en")
    return [c.front for c in cards if c.kind is CardKind.CLOZE and "in order of first mention" in c.front]


def test_the_french_reader_lists_each_whole_chapters_characters_in_order() -> None:
    fronts = [
        card.front
        for card in corpus_cards("txt-french-utf8-entre-nous.txt", "fr")
        if card.kind is CardKind.CLOZE and "par ordre d’apparition" in card.front
    ]
    # Paul (a doll, the name the chunk mentions most) and the title's Jean are said, not asked
    assert (
        "Dans le chapitre « Une visite » de « Entre Nous », les personnages nommés en dehors de Paul, "
        "par ordre d’apparition, sont {{c1::Jean}}, {{c2::Louis}}, {{c3::Henriette}} et {{c4::Marie}}."
    ) in fronts
    assert (
        "Dans le chapitre « Jean va à la cuisine » de « Entre Nous », les personnages nommés en dehors "
        "de Jean et Paul, par ordre d’apparition, sont {{c1::Rose}} et {{c2::Marie}}."
    ) in fronts
    # no form of address ("Au revoir, Monsieur!") and no name it cannot tell is a character's
    assert not any("Monsieur" in front or "Madame" in front for front in fronts)
    # "Toute seule!" names Alice, a doll that never speaks: the list would leave her out
    assert not any("Toute seule" in front for front in fronts)


def test_a_chapter_between_two_others_lists_who_speaks_or_is_spoken_to() -> None:
    fronts = _casts(
        ("I. The Quay", _SCENES),
        (
            "II. The Cellar",
            '"Come down, Tom!" said Nell. "Hold the rope, Mary!" cried Nell. Tom went down the stairs. '
            '"Where is the lamp?" asked the Harbourmaster. "Here it is," said Tom. "Good," said Tom.',
        ),
        ("III. The Storm", _SCENES),
    )
    # Tom, the name the chunk mentions most, is said, not asked
    assert fronts == [
        "In chapter “The Cellar” of “The Tide Clock”, the characters named besides Tom, in order of first "
        "mention, are {{c1::Nell}}, {{c2::Mary}} and the {{c3::Harbourmaster}}."
    ]


def test_a_character_spoken_to_by_part_of_their_name_is_listed_once() -> None:
    fronts = _casts(
        ("I. The Quay", _SCENES),
        (
            "II. The Wreck",
            '"Come down, Tom!" said Nell. "Take the lantern, Captain!" said Tom. "Thank you," said '
            'Captain Morrow. "Where is the lamp?" asked the Harbourmaster. "Good," said Tom.',
        ),
        ("III. The Storm", _SCENES),
    )
    assert fronts == [
        "In chapter “The Wreck” of “The Tide Clock”, the characters named besides Tom, in order of first "
        "mention, are {{c1::Nell}}, {{c2::Captain Morrow}} and the {{c3::Harbourmaster}}."
    ]


def test_no_cast_for_a_piece_of_a_chapter_a_single_character_or_an_exposition() -> None:
    cellar = '"Come down, Tom!" said Nell. "Where is the lamp?" asked the Harbourmaster. "Here," said Tom.'
    # first and last sections of a chunk may be pieces of a longer chapter
    assert _casts(("II. The Cellar", cellar), ("III. The Storm", _SCENES)) == []
    assert _casts(("I. The Quay", _SCENES), ("II. The Cellar", cellar)) == []
    alone = '"Come down!" cried Nell. "Where is the lamp? Where is the lamp?" cried Nell again.'
    assert _casts(("I. The Quay", _SCENES), ("II. The Cellar", alone), ("III. The Storm", _SCENES)) == []
    # London never speaks nor is spoken to: a place, or someone the list would leave out
    london = f"{cellar} Tom went down the stairs to London, where the cellar was."
    assert _casts(("I. The Quay", _SCENES), ("II. The Cellar", london), ("III. The Storm", _SCENES)) == []
    assert _casts(("I. The Quay", _SCENES), ("II. The Cellar", cellar), ("III. The Storm", _SCENES))
    # Peter only opens sentences, as their subject: a name all the same, which the list would leave out
    peter = f"{cellar} Peter went down the stairs. Peter lit the lamp."
    assert _casts(("I. The Quay", _SCENES), ("II. The Cellar", peter), ("III. The Storm", _SCENES)) == []
    # an adverb opening sentences is no name
    dark = f"{cellar} Suddenly the lamp went out. Suddenly it was dark."
    assert _casts(("I. The Quay", _SCENES), ("II. The Cellar", dark), ("III. The Storm", _SCENES))
    report = (
        'The committee heard the harbour master. "Is the breakwater ready?" asked Mr Dunne. '
        '"Not before May," said Mrs Hale. The works cost 4 million euros and last two years. '
    ) * 3
    assert _casts(("1. Budget", report), ("2. Works", report), ("3. Schedule", report)) == []


def test_the_evaluation_verifies_a_card_citing_a_chapter_against_the_chapters_paragraphs() -> None:
    paragraphs = [
        Section('"Come down, Tom!" said Nell.', SourceRef(heading=("II. The Cellar",), lines=(10, 10))),
        Section(
            '"Where is the lamp?" asked the Harbourmaster.',
            SourceRef(heading=("II. The Cellar",), lines=(12, 12)),
        ),
        Section('"Here," said Mary.', SourceRef(heading=("III. The Storm",), lines=(14, 14))),
    ]

    def citing_the_cellar(span: str) -> CardDraft:
        front = "In chapter “The Cellar”, the characters named are {{c1::Tom}} and {{c2::Nell}}."
        source = SourceRef(heading=("II. The Cellar",))
        return CardDraft(kind=CardKind.CLOZE, front=front, back="", source=source, source_span=span)

    assert span_verified(citing_the_cellar("Tom; Nell; Harbourmaster"), paragraphs)
    assert not span_verified(citing_the_cellar("Tom; Nell; Mary"), paragraphs)  # Mary is in another chapter
