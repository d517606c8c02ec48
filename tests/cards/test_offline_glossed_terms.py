"""A term glossed in brackets, read from MacDowell's essays (a corpus file): "a plectrum (a small
piece of metal, wood, or ivory)" → "What is a plectrum?"."""

from __future__ import annotations

import re

from cards.offline import glossed_terms
from cards.text import split_sentences
from tests.conftest import corpus_file

from .sample import drafted

ESSAYS = "txt-latin1-macdowell-critical-historical-essays.txt"


def _cards_of(*openings: str) -> dict[str, str]:
    """The glossed-term cards of the essays' sentences that open with ``openings``."""
    text = re.sub(r"\s+", " ", corpus_file(ESSAYS).read_bytes().decode("latin-1"))
    found = [s for s in split_sentences(text) if s.startswith(openings)]
    assert len(found) >= len(openings)
    return {c.front: c.back for s in found for c in drafted(glossed_terms.glossed_term, s)}


def test_a_rare_term_glossed_in_brackets_is_asked() -> None:
    cards = _cards_of(
        "The relative antiquity of the lyre and the lute", "In wall paintings of the eighteenth dynasty"
    )
    assert cards == {
        "What is a plectrum?": "A small piece of metal, wood, or ivory",
        "What is a sistrum?": "A kind of rattle",
    }


def test_a_quoted_name_keeps_its_quotation_marks() -> None:
    cards = _cards_of("Although German composers, such as Mozart and Paër")
    assert cards == {"What is “Singspiel”?": "A kind of opéra comique"}


def test_an_everyday_word_or_a_clause_in_brackets_is_no_gloss() -> None:
    # "this powerful factor (an essentially modern invention)": "factor" names nothing to learn;
    # "(the Levites were the professional musicians …)" is a remark, not a noun phrase
    openings = ("We may even go further; for if we retain", "This mysterious instrument was called")
    assert _cards_of(*openings) == {}
