"""Fiction: a degree ("was a little startled", "est un peu méchant") is no definition, so no cloze."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.offline.targets import targets
from cards.schema import GenerationOptions
from documents.model import Section, SourceRef

from .sample import chunk


def _targets(sentence: str, language: str, context: str = "") -> list[str]:
    text = f"{sentence} {context}".strip()
    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), language)
    return [t for _, t in targets(sentence, drafter, set(), set(), story=True)]


def test_a_degree_is_no_definition_in_a_story() -> None:
    assert _targets("Alice was a little startled by seeing the Cat on a bough of a tree.", "en") == []
    assert _targets("Paul est un peu méchant, mais pourtant obéissant.", "fr") == []


def test_a_definition_in_a_story_still_is_one() -> None:
    assert "croquet" in _targets(
        "The game the Queen played was a croquet with live flamingoes for mallets.", "en"
    )
    assert _targets("Le pangolin est un mammifère couvert d’écailles.", "fr")
