"""A story's "There was a …" brings a thing into a scene and defines nothing: no cloze on it (the
corpus's Alice, and sentences written for the tests); an exposition's sentences are read as before."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.offline.drafter import Drafter
from cards.offline.targets import targets
from cards.schema import CardKind, GenerationOptions
from config import load_settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
from documents.model import Section, SourceRef
from tests.conftest import corpus_file

from .sample import chunk


def _targets(sentence: str, story: bool) -> list[str]:
    drafter = Drafter(chunk(Section(sentence, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    return [t for _, t in targets(sentence, drafter, set(), set(), story=story)]


def test_a_story_scene_opening_on_there_was_makes_no_cloze() -> None:
    noise = "There was a most extraordinary noise within, a constant howling and sneezing in the kitchen."
    assert _targets(noise, story=True) == []
    # a story's own definition still is one
    assert _targets("The game the Queen played was a croquet with live flamingoes for mallets.", story=True)


def test_an_exposition_reads_there_is_as_before() -> None:
    assert _targets("There is a hard limit of ten connections per pooled client socket.", story=False)


def test_alices_kitchen_noise_is_no_card() -> None:
    path = corpus_file("epub-alice-in-wonderland.epub")
    settings = load_settings()
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    clozes = [
        card.front
        for piece in chunk_document(doc, settings.chunk_tokens)
        for card in generate_cards(piece, GenerationOptions(max_cards=100), None, language="en").cards
        if card.kind is CardKind.CLOZE
    ]
    assert not any("howling" in front for front in clozes), clozes
