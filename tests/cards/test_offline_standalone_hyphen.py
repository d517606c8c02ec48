"""A linking opener goes before a hyphenated lower-case word too ("Effectively, in-batch …")."""

from __future__ import annotations

from cards.offline.clean import standalone_form
from cards.offline.definitions import definition
from cards.offline.drafter import Drafter
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.BASIC])


def test_an_opener_before_a_hyphenated_word_goes_and_the_sentence_defines() -> None:
    sentence = "Effectively, in-batch sampling is a cheap way to reuse the examples already in the batch."
    assert standalone_form(sentence) == (
        "In-batch sampling is a cheap way to reuse the examples already in the batch."
    )
    text = f"{sentence} In-batch sampling is common. In-batch sampling is fast."
    section = Section(text, SourceRef(page=3, heading=("3 Training",)))
    d = Drafter(Chunk(0, (section,), heading=("3 Training",), page_start=3, page_end=3), OPTIONS, "en")
    definition(d, section, standalone_form(sentence))
    assert [(c.card.front, c.card.back) for c in d.candidates] == [
        ("What is in-batch sampling?", "a cheap way to reuse the examples already in the batch")
    ]


def test_an_identifier_after_the_opener_keeps_the_sentence_as_written() -> None:
    # "s1" is a name in code: capitalised it would be another name, so the sentence stays as it is
    assert standalone_form("However, s1 is no longer valid after the move.") == (
        "However, s1 is no longer valid after the move."
    )
    assert standalone_form("However, x-ray-2 scans are slower.") == "However, x-ray-2 scans are slower."
