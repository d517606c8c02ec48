"""A lecture deck's cards in their slide's context, from the HPC lecture slides (a corpus PDF).

* a slide titled by a name ("Cython") leads the cards that do not name it: "In Cython, what happens
  if a name is used without a cdef?";
* a keyword explained where it stands ("nogil at the end of the function signature means that …"),
  one whose meaning opens with "no" ("unsigned means no sign bit is used") and a notation after a
  label ("Explicit memory layout: the pythonic syntax [::1] denotes …") are asked;
* an acronym followed by its expansion, "FFI (foreign function interface)", is asked as any other.
"""

from __future__ import annotations

from functools import cache

from cards.generate import generate_cards
from cards.offline.slide_context import title_subject
from cards.schema import CardDraft, GenerationOptions
from config import Settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
from tests.conftest import corpus_file

SLIDES = "pdf-slides-python-scicomp-lecture8-hpc.pdf"


@cache
def _deck() -> tuple[CardDraft, ...]:
    path = corpus_file(SLIDES)
    settings = Settings()
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    cards: list[CardDraft] = []
    for chunk in chunk_document(doc, settings.chunk_tokens):
        result = generate_cards(chunk, GenerationOptions(max_cards=40), None, language=doc.language)
        cards.extend(result.cards)
    return tuple(cards)


def _fronts() -> dict[str, str]:
    return {c.front: c.back for c in _deck()}


def test_a_condition_on_a_named_slide_is_asked_in_its_context() -> None:
    fronts = _fronts()
    assert fronts["In Cython, what happens if a name is used without a cdef?"] == (
        "The default type is general Python object"
    )
    assert "What happens if a name is used without a cdef?" not in fronts


def test_keywords_explained_on_the_slides_are_asked() -> None:
    fronts = _fronts()
    assert fronts["In Cython, what does nogil at the end of the function signature mean?"] == (
        "The C function may be called also when the GIL is not held"
    )
    assert fronts["In Cython, what does unsigned mean?"] == "That no sign bit is used"
    # "Explicit memory layout: the pythonic syntax [::1] denotes …": a label before the notation
    assert fronts["In Cython, what does [::1] denote?"] == "A contiguous rank-1 array"
    card = next(c for c in _deck() if c.front == "In Cython, what does unsigned mean?")
    assert card.source_span == "unsigned means no sign bit is used"  # its clause, not the figures after it


def test_an_acronym_before_its_expansion() -> None:
    assert _fronts()["What does FFI stand for?"].casefold() == "foreign function interface"


def test_only_a_name_titles_a_slide_as_context() -> None:
    assert title_subject(("HPC in Python", "Cython"), "en") is not None
    for title in ("HPC in Python", "Summary", "Where is this needed?", "Performance tips", "Ohio’s Decision"):
        assert title_subject((title,), "en") is None, title
