"""Two clozes that hide the same answer in nearly the same sentence teach one fact: the deck keeps one."""

from __future__ import annotations

from cards.dedupe import dedupe, same_answer_cloze
from cards.schema import CardDraft, CardKind
from documents.model import SourceRef


def cloze(text: str) -> CardDraft:
    return CardDraft(CardKind.CLOZE, text, "", SourceRef(page=1), source_span=text)


TWIN_A = cloze(
    "The ruby3 package must install /usr/bin/ruby3 as a {{c1::symlink}} to the current ruby3.Y binary."
)
TWIN_B = cloze(
    "The ruby2 package must install /usr/bin/ruby2 as a {{c1::symlink}} to the current ruby2.Y binary."
)


def test_the_same_answer_in_a_sentence_that_differs_by_a_version_is_one_fact() -> None:
    assert same_answer_cloze(TWIN_A, TWIN_B)
    assert dedupe([TWIN_A, TWIN_B]) == [TWIN_A]


def test_different_answers_or_different_sentences_are_different_cards() -> None:
    other_answer = cloze(
        "The ruby3 package must install /usr/bin/ruby3 as a symlink to the current {{c1::ruby3.Y}} binary."
    )
    other_fact = cloze(
        "Private gems are kept out of the default load path, next to a {{c1::symlink}} of their own."
    )
    assert not same_answer_cloze(TWIN_A, other_answer)
    assert not same_answer_cloze(TWIN_A, other_fact)
    question = CardDraft(CardKind.BASIC, "What does /usr/bin/ruby3 point to?", "symlink", SourceRef(page=1))
    assert not same_answer_cloze(TWIN_A, question)
    assert dedupe([TWIN_A, other_fact]) == [TWIN_A, other_fact]
    # the same sentence with another blank is the same card already (its whole text compared)
    assert dedupe([TWIN_A, other_answer]) == [TWIN_A]
