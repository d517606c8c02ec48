"""Sections into chunks within a token budget, cut on section, then sentence, boundaries.

Tokens are estimated as characters / 4 (rounded up): close for English with the
common BPE tokenizers, cautious for code, and costs nothing. Card generators get
some slack from the budget anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from documents.model import Chunk, ParsedDocument, Section
from documents.sentences import find_cut

CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)


def split_section(section: Section, budget_tokens: int) -> list[Section]:
    """A section over budget becomes several, each ending at a sentence boundary."""
    if estimate_tokens(section.text) <= budget_tokens:
        return [section]
    limit = budget_tokens * CHARS_PER_TOKEN
    text = section.text
    pieces: list[Section] = []
    start = 0
    while start < len(text):
        cut = find_cut(text, start, limit)
        piece = text[start:cut].strip()
        if piece:
            pieces.append(Section(text=piece, source=section.source, kind=section.kind))
        start = cut
    return pieces


def _page(section: Section) -> int | None:
    return section.source.page if section.source.page is not None else section.source.slide


#: How much of the chunk before a chunk carries (:attr:`Chunk.lead_in`), in characters.
LEAD_IN_CHARS = 600


def lead_in(sections: Sequence[Section]) -> str:
    """The end of ``sections``' text, cut at a sentence's start where it can be."""
    text = sections[-1].text.strip() if sections else ""
    if len(text) <= LEAD_IN_CHARS:
        return text
    tail = text[-LEAD_IN_CHARS:]
    start = re.search(r"(?<=[.!?])\s+(?=[\"“A-Z])", tail)
    return tail[start.end() :] if start else tail


def _make_chunk(
    index: int,
    sections: list[Section],
    title: str | None = None,
    before: Sequence[Section] = (),
    author: str | None = None,
) -> Chunk:
    pages = [p for p in (_page(s) for s in sections) if p is not None]
    return Chunk(
        index=index,
        sections=tuple(sections),
        heading=sections[0].source.heading,
        page_start=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        title=title,
        author=author,
        lead_in=lead_in(before),
        lead_in_heading=before[-1].source.heading if before else (),
    )


def _pieces(sections: Iterable[Section], budget_tokens: int) -> Iterator[Section]:
    for section in sections:
        if section.text.strip():
            yield from split_section(section, budget_tokens)


def chunk_document(doc: ParsedDocument, budget_tokens: int) -> list[Chunk]:
    """Greedy packing of whole sections (or sentence-cut pieces of long ones) into chunks."""
    if budget_tokens < 1:
        raise ValueError("budget_tokens must be positive")
    chunks: list[Chunk] = []
    current: list[Section] = []
    used = 0
    for piece in _pieces(doc.sections, budget_tokens):
        tokens = estimate_tokens(piece.text)
        if current and used + tokens > budget_tokens:
            chunks.append(_make_chunk(len(chunks), current, doc.title, _before(chunks), doc.author))
            current, used = [], 0
        current.append(piece)
        used += tokens
    if current:
        chunks.append(_make_chunk(len(chunks), current, doc.title, _before(chunks), doc.author))
    return chunks


def _before(chunks: list[Chunk]) -> Sequence[Section]:
    return chunks[-1].sections if chunks else ()
