"""A story's "There was a …" brings a thing into a scene and defines nothing: no cloze on it (the
corpus's Alice, and sentences written for the tests); an exposition's sentences are read as before."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.offline.targets import targets
from cards.schema import CardKind, GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk, corpus_cards


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
    clozes = [
        card.front
        for card in corpus_cards("epub-alice-in-wonderland.epub", "en")
        if card.kind is CardKind.CLOZE
    ]
    assert not any("howling" in front for front in clozes), clozes
