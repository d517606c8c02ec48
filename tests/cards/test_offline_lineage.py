"""Where a named thing comes from: descends from, originated in, derived from, of … origin."""

from __future__ import annotations

from cards.offline import lineage
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> dict[str, str]:
    return {c.front: c.back for c in drafted(lineage.lineage, text)}


def test_descendants_origins_and_derivations_of_named_things() -> None:
    cards = _cards(
        "The Ragni is a direct descendant of the old magic songs and incantations; in character it is "
        "rhapsodical. "
        "The samisen is a kind of small banjo, and probably originated in the Chinese kin. "
        "The psaltery was derived from the Egyptian nabla. "
        "The Jutes originated in Denmark, and they settled in Kent. "
        "The bagpipe is of Asiatic origin. "
        "The embellishments themselves originated from the need to sustain the tone of the harpsichord. "
        "All instruments of percussion are direct descendants of the drum."
    )
    assert cards == {
        "What is the Ragni a direct descendant of?": "The old magic songs and incantations",
        "Where did the samisen probably originate?": "In the Chinese kin",
        "What was the psaltery derived from?": "The Egyptian nabla",
        "Where did the Jutes originate?": "In Denmark",
        "What is the origin of the bagpipe?": "Asiatic",
        "What did the embellishments originate from?": "The need to sustain the tone of the harpsichord",
        "What are all instruments of percussion direct descendants of?": "The drum",
    }


def test_no_lineage_of_a_pointer_a_word_or_our_own_things() -> None:
    cards = _cards(
        "These instruments all descended from the ancient lyre. "  # which instruments?
        "It was undoubtedly the direct ancestor of the modern organ. "
        "The whole family has descended from this primitive type. "  # which type?
        "The Mystery was the direct ancestor of our oratorio. "  # the author's "our"
        "The word sonata was derived from the Italian suonare. "  # a word's origin: the origins extractor
        "The house was derived from the barn. "  # nothing specific
        "All these instruments descended from the lyre."
    )
    assert cards == {}


def test_the_gate_keeps_a_lineage_card() -> None:
    kept = kept_cards(
        "The samisen is a small lute, and probably originated in the Chinese kin.",
        SourceRef(page=1, heading=("The Music of Japan",)),
    )
    assert {c.front: c.back for c in kept}[
        "Where did the samisen probably originate?"
    ] == "In the Chinese kin"


def test_what_a_thing_may_be_traced_to() -> None:
    cards = _cards(
        "The development of the sonnet may be traced to the courtly songs of Sicily, and the ballad to the "
        "dance. "
        "The modern bassoon, which has a double reed, can be traced back to the curtal of the sixteenth "
        "century. "
        "The custom of Sunday concerts is to be traced to the Puritan Sabbath laws. "
        "The outbreak of cholera was traced to a pump in Broad Street. "
        "The fault has been traced to a valve. "  # which fault?
        "The main difference can be traced to the climate. "  # which difference?
        "Our dots in musical notation may be traced to this system. "  # a pointer
        "The house may be traced to the barn."  # nothing specific
    )
    assert cards == {
        "What may the development of the sonnet be traced to?": "The courtly songs of Sicily",
        "What can the modern bassoon be traced back to?": "The curtal of the sixteenth century",
        "What is the custom of Sunday concerts to be traced to?": "The Puritan Sabbath laws",
        "What was the outbreak of cholera traced to?": "A pump in Broad Street",
    }


def test_the_gate_keeps_a_traced_card() -> None:
    kept = kept_cards(
        "The development of the sonnet may be traced to the courtly songs of Sicily.",
        SourceRef(page=1, heading=("The Sonnet",)),
    )
    assert {c.front: c.back for c in kept}[
        "What may the development of the sonnet be traced to?"
    ] == "The courtly songs of Sicily"
