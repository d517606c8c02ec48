"""An essay's claims asked as its named author's (``Chunk.author``): "According to Henry Ashworth, …"
where the file names the author, "According to the author, …" where it does not; and the hedged
kinds that asked a claim as a fact (what a thing "may be traced to", what a field "owes" to another,
where a thing "probably originated") asked as the named author's. Passages on architecture written
for the test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from cards.generate import generate_cards
from cards.offline import attributions, claims, classes, lineage
from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from cards.text import split_sentences
from documents import ParseLimits, chunk_document
from documents.model import Section, SourceRef
from documents.parsers.text import parse_plain_text
from tests.documents.test_author import HEADER

from .sample import chunk

AUTHOR = "Henry Ashworth"


def _cards(extract: Callable[[Drafter, Section, str], None], text: str, author: str | None) -> dict[str, str]:
    source = SourceRef(lines=(1, 9))
    named = replace(chunk(Section(text, source)), author=author)
    drafter = Drafter(named, GenerationOptions(max_cards=40), "en")
    section = drafter.prepared[0][0]
    for sentence in split_sentences(text):
        extract(drafter, section, sentence)
    return {c.card.front: c.card.back for c in drafter.candidates}


CLAIMS = (
    "The strength of Gothic building undoubtedly lies in its pointed arch. "
    "The Doric column may be likened to a sturdy tree trunk. "
    "Brunelleschi may be considered the founder of Renaissance architecture. "
    "Symmetry, that is to say, the balance of the two halves of a front, was the first rule of the schools."
)


def test_a_claim_names_the_author_the_file_gives() -> None:
    assert _cards(claims.claims, CLAIMS, AUTHOR) == {
        "According to Henry Ashworth, what does the strength of Gothic building lie in?": "Its pointed arch",
        "According to Henry Ashworth, what may the Doric column be likened to?": "A sturdy tree trunk",
        "According to Henry Ashworth, who may be considered the founder of Renaissance architecture?": (
            "Brunelleschi"
        ),
        # no heading to frame it: the author's name says whose the gloss is
        "What does Henry Ashworth mean by “symmetry”?": "The balance of the two halves of a front",
    }


def test_without_a_named_author_the_claim_is_the_authors() -> None:
    cards = _cards(claims.claims, CLAIMS, None)
    assert "According to the author, what does the strength of Gothic building lie in?" in cards
    assert "According to the author, what may the Doric column be likened to?" in cards
    assert not any("Ashworth" in front for front in cards)


def test_the_authors_division_is_named() -> None:
    paragraphs = (
        "The styles of Gothic building in England may be divided into four periods:",
        'First we have what may be broadly termed "Early English," which includes the lancet windows of '
        "Salisbury. Our second period may be termed the Decorated style, and is marked by rich tracery.",
    )
    source = SourceRef(heading=("On Building",), lines=(1, 40))
    sections = (Section(p, source) for p in paragraphs)
    drafter = Drafter(replace(chunk(*sections), author=AUTHOR), GenerationOptions(max_cards=40), "en")
    classes.announced_classes(drafter)
    frame = "In Henry Ashworth's division of the styles of Gothic building in England into four periods"
    assert {c.card.front for c in drafter.candidates} == {
        f"{frame}, which comes first?",
        f"{frame}, which comes second?",
    }


LINEAGE = (
    "The pointed arch can be traced back to the mosques of Cairo. "
    "The flying buttress probably originated in the cathedrals of the Île-de-France. "
    "The collapse of the tower was traced to a flaw in the foundations. "  # a finding of record
    "The campanile originally descended from the watch towers of the Lombard towns."  # a time, no hedge
)


def test_a_hedged_lineage_is_the_named_authors_claim() -> None:
    assert _cards(lineage.lineage, LINEAGE, AUTHOR) == {
        "According to Henry Ashworth, what can the pointed arch be traced back to?": "The mosques of Cairo",
        "According to Henry Ashworth, where did the flying buttress probably originate?": (
            "In the cathedrals of the Île-de-France"
        ),
        "What was the collapse of the tower traced to?": "A flaw in the foundations",
        "What did the campanile originally descend from?": "The watch towers of the Lombard towns",
    }


def test_a_hedged_lineage_without_a_named_author_is_asked_as_before() -> None:
    cards = _cards(lineage.lineage, LINEAGE, None)
    assert "What can the pointed arch be traced back to?" in cards
    assert "Where did the flying buttress probably originate?" in cards


def test_a_debt_is_the_named_authors_claim_but_a_name_is_a_fact() -> None:
    text = (
        'And painting is not the only debtor, for sculpture owes its very "canon" to geometry. '
        "The city of Florence owes its name to the Roman colony Florentia. "
        "The Gothic cathedral owes its height to the flying buttress."
    )
    assert _cards(attributions.attribution, text, AUTHOR) == {
        'According to Henry Ashworth, what does sculpture owe its very "canon" to?': "Geometry",
        "According to Henry Ashworth, what does the Gothic cathedral owe its height to?": (
            "The flying buttress"
        ),
        "What does the city of Florence owe its name to?": "The Roman colony Florentia",
    }


def test_an_essay_with_a_gutenberg_header_names_its_author_on_the_kept_cards() -> None:
    body = (
        "The pointed arch can be traced back to the mosques of Cairo, where the builders of the Fatimid "
        "caliphs used it in the ninth century. The strength of Gothic building undoubtedly lies in its "
        "pointed arch, which carries the weight of the vault down to the piers."
    )
    text = HEADER.format(author=AUTHOR).replace(
        "The Gothic arch may be traced to the pointed vaults of the Norman builders.", body
    )
    (piece,) = chunk_document(parse_plain_text(text, ParseLimits()), 2000)
    deck = generate_cards(piece, GenerationOptions(max_cards=40), None, language="en")
    fronts = {c.front for c in deck.cards}
    assert "According to Henry Ashworth, what can the pointed arch be traced back to?" in fronts
    assert "According to Henry Ashworth, what does the strength of Gothic building lie in?" in fronts
