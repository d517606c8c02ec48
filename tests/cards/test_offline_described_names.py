"""What a named dataset, benchmark or tool contains, consists of or is for, asked of its name."""

from __future__ import annotations

from cards.offline.described_names import described_name
from cards.offline.drafter import Drafter
from cards.schema import CardKind, GenerationOptions
from documents.model import Chunk, Section, SourceRef

OPTIONS = GenerationOptions(max_cards=40, kinds=[CardKind.BASIC, CardKind.CLOZE])


def _cards(sentence: str) -> list[tuple[str, str]]:
    section = Section(sentence, SourceRef(page=4, heading=("4 Data",)))
    chunk = Chunk(0, (section,), heading=("4 Data",), page_start=4, page_end=4)
    d = Drafter(chunk, OPTIONS, "en")
    described_name(d, section, sentence)
    return [(c.card.front, c.card.back) for c in d.candidates]


def test_what_a_named_resource_contains_or_is_for() -> None:
    assert _cards(
        "WikiBio (Lebret et al., 2016) contains 728,321 biographies taken from English Wikipedia."
    ) == [("What does WikiBio contain?", "728,321 biographies taken from English Wikipedia.")]
    assert _cards("Universal Dependencies (UD) was designed for cross-lingual parser evaluation.") == [
        ("What was Universal Dependencies (UD) designed for?", "Cross-lingual parser evaluation.")
    ]
    assert _cards("SemEval v2.0 consists of sentence pairs labelled with a similarity from 0 to 5.") == [
        ("What does SemEval v2.0 consist of?", "Sentence pairs labelled with a similarity from 0 to 5.")
    ]


def test_no_question_without_a_name_or_a_real_answer() -> None:
    # a plain capitalised word or a noun phrase: what it is comes from the sentence before
    assert not _cards("The corpus contains 728,321 biographies taken from English Wikipedia.")
    assert not _cards("Paris contains many museums and two opera houses.")
    # capitalised words without their acronym are not written as one name
    assert not _cards("Universal Dependencies was designed for cross-lingual parser evaluation.")
    # an answer that points elsewhere, or a list that follows
    assert not _cards("WikiBio contains the following fields for each person.")
    assert not _cards("WikiBio contains these biographies.")
