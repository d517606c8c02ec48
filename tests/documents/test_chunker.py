"""The chunker: nothing lost or duplicated, within budget, references kept."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import DocumentKind, ParsedDocument, ParseLimits, Section, SourceRef, chunk_document
from documents import parse_document_in_process as parse_local
from documents.chunker import estimate_tokens
from documents.model import chunk_from_payload, chunk_to_payload
from documents.sentences import boundaries
from tests.conftest import corpus_file

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_SENTENCE = st.lists(_WORD, min_size=1, max_size=40).map(lambda ws: " ".join(ws).capitalize() + ".")
_SECTION_TEXT = st.lists(_SENTENCE, min_size=1, max_size=25).map(" ".join)


@st.composite
def documents(draw: st.DrawFn) -> ParsedDocument:
    texts = draw(st.lists(_SECTION_TEXT, min_size=1, max_size=12))
    sections = [
        Section(text=text, source=SourceRef(page=i + 1, heading=(f"H{i // 3}",)))
        for i, text in enumerate(texts)
    ]
    return ParsedDocument(kind=DocumentKind.PDF, sections=sections)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), budget=st.integers(min_value=5, max_value=400))
def test_chunker_properties(doc: ParsedDocument, budget: int) -> None:
    chunks = chunk_document(doc, budget)
    # No text lost or duplicated, order kept (modulo whitespace).
    assert " ".join(c.text for c in chunks).split() == " ".join(s.text for s in doc.sections).split()
    assert [c.index for c in chunks] == list(range(len(chunks)))
    sources = [s.source for s in doc.sections]
    position = 0
    for chunk in chunks:
        used = sum(estimate_tokens(s.text) for s in chunk.sections)
        if used > budget:
            # Only a single sentence longer than the budget may stand over it.
            assert len(chunk.sections) == 1
            assert boundaries(chunk.sections[0].text.strip()) == []
        pages = []
        for section in chunk.sections:
            # Each piece keeps its section's reference, in document order.
            while sources[position] != section.source:
                position += 1
            pages.append(section.source.page)
        assert chunk.page_start == min(pages) and chunk.page_end == max(pages)
        assert chunk.heading == chunk.sections[0].source.heading


def test_cut_never_mid_sentence() -> None:
    text = " ".join(
        f"Sentence number {i} talks about Dr. Smith and the U.S. economy at length." for i in range(200)
    )
    doc = ParsedDocument(kind=DocumentKind.TEXT, sections=[Section(text=text, source=SourceRef(paragraph=1))])
    chunks = chunk_document(doc, 100)
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.text.startswith("Sentence number") and chunk.text.endswith("length.")


def test_small_note_and_long_book() -> None:
    note = ParsedDocument(
        kind=DocumentKind.TEXT, sections=[Section("One short note.", SourceRef(paragraph=1))]
    )
    assert len(chunk_document(note, 1200)) == 1
    book = parse_local(
        corpus_file("txt-latin1-macdowell-critical-historical-essays.txt"), DocumentKind.TEXT, ParseLimits()
    )
    chunks = chunk_document(book, 1200)
    assert len(chunks) > 50
    assert all(sum(estimate_tokens(s.text) for s in c.sections) <= 1200 for c in chunks)


def test_pdf_chunks_carry_page_ranges() -> None:
    doc = parse_local(
        corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf"), DocumentKind.PDF, ParseLimits()
    )
    chunks = chunk_document(doc, 800)
    assert chunks[0].page_start == 1
    assert chunks[-1].page_end == 15
    assert all(c.page_start is not None and c.page_start <= (c.page_end or 0) for c in chunks)


def test_a_chunk_carries_the_end_of_the_chunk_before() -> None:
    texts = ["So she set to work and very soon finished off the cake.", "She was now nine feet high."]
    doc = ParsedDocument(
        kind=DocumentKind.TEXT,
        sections=[Section(text=t, source=SourceRef(paragraph=n)) for n, t in enumerate(texts)],
    )
    first, second = chunk_document(doc, budget_tokens=estimate_tokens(texts[0]))
    assert first.lead_in == ""
    assert second.lead_in == texts[0]
    assert chunk_from_payload(1, chunk_to_payload(second)).lead_in == texts[0]
    # the heading the end sits under: a history's "He …" goes on with it only in the same chapter
    chapter = ParsedDocument(
        kind=DocumentKind.TEXT,
        sections=[
            Section(text=t, source=SourceRef(paragraph=n, heading=("I",))) for n, t in enumerate(texts)
        ],
    )
    _, after = chunk_document(chapter, budget_tokens=estimate_tokens(texts[0]))
    assert after.lead_in_heading == ("I",)
    assert chunk_from_payload(1, chunk_to_payload(after)).lead_in_heading == ("I",)
