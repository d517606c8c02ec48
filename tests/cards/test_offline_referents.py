"""Who "he" is: a biography's "He …" read as about the person the sentence before names."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from cards.text import split_sentences
from documents.model import Section, SourceRef

from .sample import chunk, kept_cards


def _resolved(text: str, *, story: bool = False) -> tuple[list[str], Drafter]:
    from cards.offline.referents import Referents

    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    referents = Referents(drafter, story=story)
    return [referents.resolved(s) for s in split_sentences(text)], drafter


def test_he_and_his_after_a_named_life_name_the_person_and_quote_both_sentences() -> None:
    text = (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. "
        "His first cantata was given at the Kreuzkirche in 1780. "
        "He died in Prague in 1824."
    )
    sentences, drafter = _resolved(text)
    assert sentences[1:] == [
        "Ottmar Leisewitz’s first cantata was given at the Kreuzkirche in 1780.",
        "Ottmar Leisewitz died in Prague in 1824.",
    ]
    assert drafter.originals[sentences[1]] == (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. "
        "His first cantata was given at the Kreuzkirche in 1780."
    )
    assert drafter.originals[sentences[2]] == (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist.; He died in Prague in 1824."
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("Where did Ottmar Leisewitz die?") == "In Prague"


def test_no_name_for_he_after_several_people_a_story_or_a_break() -> None:
    unnamed = (
        "The best known of the singers were Ottmar Leisewitz, Hans Brindle and Kaspar Zendler. "
        "He died in Prague in 1824. "  # which of them?
        "Ottmar Leisewitz was born in 1761, in Dresden. "
        "The court theatre burned down in 1790. "  # the passage moved on
        "He died in Prague in 1824. "
        "Anna Zendler was born in 1770; her father was a cantor. "
        "He died in Prague in 1824."  # she is not he
    )
    sentences, _ = _resolved(unnamed)
    assert [s for s in sentences if s.startswith("He ")] == ["He died in Prague in 1824."] * 3
    story, _ = _resolved("Ottmar Leisewitz was born in 1761, in Dresden. He died in Prague.", story=True)
    assert story[1] == "He died in Prague."
