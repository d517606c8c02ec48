"""A story card names the book and the chapter it is about (:mod:`cards.offline.story_frame`)."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.story_frame import chapter_title
from cards.schema import CardKind, GenerationOptions
from config import load_settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
from documents.model import Section, SourceRef
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
        "Dans le chapitre « Jean va à la cuisine », qui est Rose ?": "La bonne",
        "Dans le chapitre « Une visite », qui est Henriette ?": "Une petite fille de huit ans",
    }
