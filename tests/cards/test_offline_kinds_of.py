"""What kind of thing a named term is: "The samisen is a kind of small banjo" → "What is the samisen?"."""

from __future__ import annotations

from cards.offline import kinds_of
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(kinds_of.kind_of, text)}


def test_a_classification_of_a_rare_or_named_term_in_any_tense() -> None:
    cards = _cards(
        "A Mystery (of which our modern oratorio is the direct descendant) was a kind of drama illustrating "
        "some sacred subject, and the earliest specimens laid the foundation for tragedy. "
        "The psaltery or nebel was a kind of dulcimer or zither, an oblong box. "
        "A mutex is a kind of lock that guards its data."
    )
    assert cards == {
        "What was a Mystery?": "A kind of drama illustrating some sacred subject",
        "What was the psaltery or nebel?": "A kind of dulcimer or zither (an oblong box)",
        "What is a mutex?": "A kind of lock that guards its data",
    }


def test_no_classification_of_a_common_word_a_pointer_or_a_name_without_article() -> None:
    cards = _cards(
        "The house is a kind of building. "  # nothing specific
        "The former is a kind of large zither with thirteen strings. "  # which one?
        "It is a kind of quirk in the voice. "
        "Pierre was a kind of colonial dandy. "  # a person described, not a term classified
        "The samisen is a kind of this."  # the answer points elsewhere
    )
    assert cards == {}


def test_the_term_with_its_article_carries_its_section_and_passes_the_gate() -> None:
    kept = kept_cards(
        "The samisen is a kind of small banjo with three strings.",
        SourceRef(page=1, heading=("The Music of Japan",)),
    )
    asked = {c.front: c.back for c in kept}
    assert (
        asked["In “The Music of Japan”, what is the samisen?"] == "A kind of small banjo with three strings"
    )


def test_a_classification_in_apposition_to_a_rare_term() -> None:
    cards = _cards(
        "Of the instruments named in the Scriptures, the harp was probably the kinnor, a kind of lyre played "
        "by means of a plectrum, which was a small piece of metal. "
        "Every monastery kept a clepsydra, a kind of water clock that measured the hours of prayer. "
        # what others took it for
        "The maanim has been described as a trumpet, a kind of rattle box with metal clappers. "
        "He lived in the house, a kind of barn with a loft."  # an everyday word
    )
    assert cards == {
        "What was the kinnor?": "A kind of lyre played by means of a plectrum",
        "What is a clepsydra?": "A kind of water clock that measured the hours of prayer",
    }


def test_a_second_description_is_bracketed_so_the_answer_is_no_list() -> None:
    kept = kept_cards(
        "The psaltery or nebel (which was derived from the Egyptian nabla, just as the kinnor probably was "
        "derived from the Chinese kin) was a kind of dulcimer or zither, an oblong box with strings which "
        "were struck by small hammers.",
        SourceRef(page=1, heading=("Hebrew Instruments",)),
    )
    asked = {c.front: c.back for c in kept}
    assert asked["In Hebrew Instruments, what was the psaltery or nebel?"] == (
        "A kind of dulcimer or zither (an oblong box with strings)"
    )
