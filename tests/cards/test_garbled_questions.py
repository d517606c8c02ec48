"""Questions cut from a sentence at the wrong place, and answers that run on or need their context
(cards.garbled_questions, gate rule Q7)."""

from __future__ import annotations

import pytest

from cards.garbled_questions import garbled_problem
from cards.quality import check_self_contained
from cards.schema import CardDraft, CardKind
from documents.model import SourceRef


@pytest.mark.parametrize(
    ("front", "back", "why"),
    [
        (
            "Why is A dedicated backup account needed only?",
            "Because the tape daemon drops its privileges",
            "garbled",
        ),
        ("What is a warning will be printed if it called?", "more than twice", "clause"),
        (
            "Why does the mail daemon run as its own user?",
            "Because of a bug in it. lp: Used by the printer",
            "runs on",
        ),
        ("What is Leaf?", "The terminal variant", "needs its context"),
        ("What are the properties of the “MX” record?", "Refer to dns.resolveMx()", "points elsewhere"),
        ("What does the --sync flag do?", "See the section on syncing", "points elsewhere"),
        ("In Quill, what is a macro?", "QUILL_CTX (type): Expands to", "cut off"),
        ("In DSA, what is the private key?", "a secret exponent x, such that", "cut off"),
        # its being the default or its size is a property of the thing, not what it is
        ("What is FIFO_SCHED?", "the default on every system except Windows", "a property"),
        ("In Gleam, what are Bools?", "one byte in size", "a property"),
        # how many, not what (found in the blind reading of the Massif manual)
        ("In Kiln, what does each firing log record?", "Several things", "how many"),
        # libxslt: "An extension module is defined by 3 objects:" (the objects were the list after it)
        ("In XSLT, how is an extension module defined?", "By 3 objects.", "how many"),
    ],
)
def test_garbled_questions_and_answers(front: str, back: str, why: str) -> None:
    assert why in garbled_problem(front, back)
    card = CardDraft(CardKind.BASIC, front, back, SourceRef(page=1), source_span=f"{front} {back}")
    assert not check_self_contained(card, "en")[0]


@pytest.mark.parametrize(
    ("front", "back"),
    [
        (
            "Why does the tape daemon drop its privileges?",
            "Because it never needs to write outside its spool",
        ),
        ("What is a leaf node?", "The terminal variant of a tree, with no children"),
        ("In Rust, what is a cons list?", "A data structure made of nested pairs"),
        ("What does the --force option do?", "The removal of files without asking"),
        ("What is a word?", "two bytes that the CPU reads together"),
        ("How many stages does a firing have?", "Three stages"),
        ("How many parts does the kiln log have?", "3 parts"),
    ],
)
def test_well_formed_questions_pass(front: str, back: str) -> None:
    assert garbled_problem(front, back) == ""


def test_other_languages_are_not_judged_by_english_cues() -> None:
    assert garbled_problem("Qu’est-ce que Le noeud ?", "La variante finale", "fr") == ""


def test_a_named_thing_with_its_article_is_an_answer() -> None:
    assert (
        garbled_problem(
            "What is the muscular tube that carries food to the stomach called?", "the oesophagus"
        )
        == ""
    )
