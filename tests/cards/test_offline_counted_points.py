"""Announced reasons or weaknesses and their "First, …", "Second, …" as one question."""

from __future__ import annotations

from cards.offline.counted_points import counted_points
from cards.offline.drafter import Drafter
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.BASIC, CardKind.CLOZE])


def _cards(text: str, subject: str | None = None) -> list[tuple[str, str, str]]:
    section = Section(text, SourceRef(page=4, heading=("5 Results",)))
    d = Drafter(Chunk(0, (section,), heading=("5 Results",), page_start=4, page_end=4), OPTIONS, "en")
    counted_points(d, section, text, subject)
    return [(c.card.front, c.card.back, c.card.source_span) for c in d.candidates]


def test_announced_reasons_and_their_ordinals_make_one_question() -> None:
    text = (
        "We suspect that the weaker recall on Wolof is due to two reasons. "
        "First, the treebank was annotated by a single linguist, as noted by its authors. "
        "This makes its lemmas uneven. "
        "Second, the training set holds only 900 sentences and thus misses many affixes."
    )
    assert _cards(text, subject="SGT") == [
        (
            "In SGT, what are the two reasons for the weaker recall on Wolof?",
            "The treebank was annotated by a single linguist; the training set holds only 900 sentences.",
            "We suspect that the weaker recall on Wolof is due to two reasons. | First, the treebank was "
            "annotated by a single linguist | Second, the training set holds only 900 sentences",
        )
    ]


def test_announced_weaknesses_name_their_owner() -> None:
    text = (
        "The Viterbi tokenizer suffers from three weaknesses. "
        "First, it needs a full lexicon. Second, unknown stems are split into characters. "
        "Third, its lattices grow with the length of the word."
    )
    # "First, it needs …": a point led by a pronoun is no answer on its own
    assert _cards(text) == []
    text = text.replace("First, it needs a full lexicon.", "First, a full lexicon is needed.").replace(
        "Third, its lattices", "Third, the lattices"
    )
    assert _cards(text) == [
        (
            "What are the three weaknesses of the Viterbi tokenizer?",
            "A full lexicon is needed; unknown stems are split into characters; the lattices grow with "
            "the length of the word.",
            "The Viterbi tokenizer suffers from three weaknesses. | First, a full lexicon is needed | "
            "Second, unknown stems are split into characters | Third, the lattices grow with the length of "
            "the word",
        )
    ]


def test_no_card_without_every_announced_point() -> None:
    # two announced, one given
    assert not _cards("The gap is due to two reasons. First, the test set is small. The rest is noise.")
    # the count leans on the sentence before
    assert not _cards("It suffers from two weaknesses. First, it is slow. Second, it is large.")
    # a point too long to learn
    long_point = "First, " + " ".join(["the annotators"] * 10) + " wrote questions."
    assert not _cards(f"The gap is due to two reasons. {long_point} Second, the test set is small.")
