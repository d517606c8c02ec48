"""A story card names the book and the chapter it is about (:mod:`cards.offline.story_frame`)."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline import draft_offline_cards
from cards.offline.story_frame import chapter_title
from cards.schema import CardKind, GenerationOptions
from config import load_settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
from documents.model import Chunk, Section, SourceRef
from tests.conftest import corpus_file


def _titled(heading: str) -> str:
    return chapter_title(Section("…", SourceRef(heading=(heading,))))


def test_a_chapters_title_is_its_heading_without_its_number() -> None:
    assert _titled("II. Papa se fâche.") == "Papa se fâche"
    assert _titled("CHAPTER III. A Caucus-Race") == "A Caucus-Race"
    assert _titled("Down The Rabbit-Hole") == "Down The Rabbit-Hole"
    assert _titled("I") == ""  # a number alone names nothing
    assert _titled("XIV.") == ""
    assert chapter_title(Section("…", SourceRef(page=3))) == ""


def test_who_a_character_is_is_asked_in_the_chapter_that_introduces_them() -> None:
    path = corpus_file("txt-french-utf8-entre-nous.txt")
    settings = load_settings()
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    cards = {
        card.front: card.back
        for piece in chunk_document(doc, settings.chunk_tokens)[:3]
        for card in generate_cards(piece, GenerationOptions(max_cards=100), None, language="fr").cards
        if card.kind is CardKind.BASIC and "qui est" in card.front
    }
    assert cards == {
        "Dans le chapitre « Jean va à la cuisine » de « Entre Nous », qui est Rose ?": "La bonne",
        "Dans le chapitre « Une visite » de « Entre Nous », qui est Henriette ?": (
            "Une petite fille de huit ans"
        ),
        # the story asks it ("Paul, demande papa, qui est-ce?") and the next line answers
        "Dans le chapitre « Papa n’a pas besoin de chanter » de « Entre Nous », qui est Paul ?": (
            "La poupée de Marie"
        ),
    }


_SCENES = "She walked along the quay, and he followed her. Would the boats come back? He hoped so! " * 8


def _who_is(*paragraphs: str) -> dict[str, str]:
    sections = tuple(
        Section(p, SourceRef(paragraph=n, heading=("IV. The Garden",))) for n, p in enumerate(paragraphs, 1)
    )
    piece = Chunk(index=0, sections=sections, heading=("IV. The Garden",), title="The Tide Clock")
    cards = draft_offline_cards(piece, GenerationOptions(max_cards=40), language="en")
    return {c.front: c.back for c in cards if "who is" in c.front.casefold()}


def test_a_question_the_story_asks_and_answers_in_the_next_line_is_a_card() -> None:
    cards = _who_is(
        '"Who is Bill?" asked Nell, and Tom said Bill again.', '"It\'s the gardener," said Tom.', _SCENES
    )
    assert cards == {"In chapter “The Garden” of “The Tide Clock”, who is Bill?": "The gardener"}
    # unanswered, or answered by a pronoun's line that says no one's role
    assert (
        _who_is('"Who is Bill?" asked Nell, and Tom said Bill again.', '"I do not know," said Tom.', _SCENES)
        == {}
    )


def test_an_exposition_asking_who_someone_is_gets_no_card() -> None:
    question = "The form asks for the holder, and the clerk writes Bill in the box. Who is Bill?"
    answer = "It's the applicant's first name, which the clerk copies. The form is filed within ten days. "
    assert _who_is(question, answer * 3) == {}
