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


def _bare(text: str) -> dict[str, str]:
    """The bare-gloss cards of ``text`` read as the pipeline reads it (e-text italics rendered)."""
    from cards.offline.clean import prepare_text
    from cards.offline.drafter import Drafter
    from cards.schema import GenerationOptions
    from documents.model import Section, SourceRef

    from .sample import chunk

    d = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    section = d.prepared[0][0]
    for sentence in split_sentences(prepare_text(text)):
        glossed_terms.bare_gloss(d, section, sentence)
    return {c.card.front: c.card.back for c in d.candidates}


def test_foreign_kinds_glossed_in_a_bare_bracket_are_asked() -> None:
    cards = _bare(
        "Their _albas_ or _aubades_ (morning songs) came from the Arabic, as did their _planhs_ "
        "(songs of lament). "
        "The _joglars_ (hired performers) sang the songs of their masters, and the _sirventes_ (songs of "
        "service) attacked the poet's enemies."
    )
    assert cards == {
        "What were albas or aubades?": "Morning songs",
        "What were planhs?": "Songs of lament",
        "What were joglars?": "Hired performers",
        "What were sirventes?": "Songs of service",
    }


def test_no_bare_gloss_of_an_unmarked_or_singular_word_or_a_remark() -> None:
    cards = _bare(
        "The oldest mention dates from 650, when the name applied is _calamus_ (reed). "  # a name translated
        # another name
        "Purple skins were spread, and the _parabasis_ (or topical song) vied with the tragedies. "
        "The lute (chiefly used for accompaniment) came from the Arabs. "  # a remark, not marked
        "Their _planhs_ (complaints) mourned a patron. "  # one word: a translation as often as a gloss
        "The Romans had trumpets (signals) for war. "  # an everyday word, not marked
        "The _buccinas_ (Saracen dances) were played."  # a capital: a name, not a plain gloss
    )
    assert cards == {}


def test_the_bare_gloss_takes_the_place_of_the_emphasis_cloze() -> None:
    from documents.model import SourceRef

    from .sample import kept_cards

    kept = kept_cards(
        "The poets of Provence wrote in many forms. The _joglars_ (hired performers) sang the songs of "
        "their masters at court, for a fee.",
        SourceRef(page=1, heading=("Performers",)),
    )
    assert [(c.front, c.back) for c in kept if "joglars" in c.front] == [
        ("What were joglars?", "Hired performers")
    ]
