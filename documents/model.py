"""The section model every parser produces and every generator consumes.

A parser turns a file into :class:`ParsedDocument`: ordered :class:`Section` s,
each with a :class:`SourceRef` saying where in the original it came from. The
chunker groups sections into :class:`Chunk` s within a token budget. These are
plain, picklable dataclasses: they cross the parser's child-process boundary.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class DocumentKind(enum.StrEnum):
    """A format Deckhand reads, judged from the bytes (never the file name)."""

    PDF = "pdf"
    DOCX = "docx"
    PPTX = "pptx"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"
    EPUB = "epub"


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of text came from; the ``source`` object of a card.

    Only the fields that make sense for the format are set: ``page`` for PDF,
    ``slide`` for PPTX, ``heading`` (the path of headings) for structured text,
    ``lines`` (1-based, inclusive) for text and Markdown, ``chapter`` for EPUB.
    """

    page: int | None = None
    slide: int | None = None
    heading: tuple[str, ...] = ()
    lines: tuple[int, int] | None = None
    paragraph: int | None = None
    chapter: str | None = None
    notes: bool = False  # speaker notes rather than slide body

    def as_dict(self) -> dict[str, Any]:
        """JSON form with empty fields left out (``heading`` as a list)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, (), False):
                continue
            out[key] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRef:
        lines = data.get("lines")
        return cls(
            page=data.get("page"),
            slide=data.get("slide"),
            heading=tuple(data.get("heading") or ()),
            lines=(int(lines[0]), int(lines[1])) if lines else None,
            paragraph=data.get("paragraph"),
            chapter=data.get("chapter"),
            notes=bool(data.get("notes", False)),
        )


@dataclass(frozen=True)
class Section:
    """A run of text under one heading (or on one page / slide) with its source."""

    text: str
    source: SourceRef
    kind: str = "body"  # body | table | list | notes | code


@dataclass
class ParsedDocument:
    """The result of parsing one file."""

    kind: DocumentKind
    sections: list[Section]
    page_count: int | None = None  # pages (PDF) or slides (PPTX)
    title: str | None = None
    # The person who wrote it, where the file says so plainly (an e-book header's "Author:", EPUB's
    # dc:creator, HTML's <meta name="author">); never an office file's metadata, which names whoever
    # saved the file ("jsmith", a template's owner) rather than the writer.
    author: str | None = None
    language: str | None = None  # ISO 639-1, detected from the text
    warnings: list[str] = field(default_factory=list)

    @property
    def char_count(self) -> int:
        return sum(len(s.text) for s in self.sections)


@dataclass(frozen=True)
class Chunk:
    """The unit of card generation: sections within one token budget."""

    index: int
    sections: tuple[Section, ...]
    heading: tuple[str, ...] = ()  # breadcrumb of the first section
    page_start: int | None = None
    page_end: int | None = None
    title: str | None = None  # the document's title: what every chunk of it is about
    author: str | None = None  # the document's author (ParsedDocument.author): whose claims an essay makes
    # The name the whole document is about (a language, a library, a tool: "Rust", "Node.js"), found
    # over all its chunks (``cards.offline.subject.with_domain``): a chunk that never says it is still
    # about it.
    domain: str | None = None
    # The names the document's example code defines ("fn can_hold"), found over all its chunks
    # (``cards.offline.example_names``): a listing in one chunk, the prose about it in the next.
    examples: tuple[str, ...] = ()
    # Men's fuller names written in the chunks just before ("Gregory the Great", ``.full_names`` of
    # ``cards.offline``): a history names a man in full once and by his short name in the next pages.
    names_before: tuple[str, ...] = ()
    # The end of the chunk before (a paragraph or so): a story's sentence may need what happened just
    # before the cut ("… finished off the cake." | "… she was now rather more than nine feet high").
    lead_in: str = ""
    # The heading of the section ``lead_in`` ends: the same as this chunk's first section's when the cut
    # fell inside a chapter, so a history's "He discovered …" may go on with the man it names.
    lead_in_heading: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


def chunk_to_payload(chunk: Chunk) -> dict[str, Any]:
    """What a chunk message needs, as JSON: stored with the chunk's row at ingest."""
    return {
        "heading": list(chunk.heading),
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "title": chunk.title,
        "author": chunk.author,
        "domain": chunk.domain,
        "examples": list(chunk.examples),
        "names_before": list(chunk.names_before),
        "lead_in": chunk.lead_in,
        "lead_in_heading": list(chunk.lead_in_heading),
        "sections": [{"text": s.text, "kind": s.kind, "source": s.source.as_dict()} for s in chunk.sections],
    }


def chunk_from_payload(index: int, payload: dict[str, Any]) -> Chunk:
    """The chunk ``index`` back from its stored payload (:func:`chunk_to_payload`)."""
    sections = tuple(
        Section(text=s["text"], kind=s["kind"], source=SourceRef.from_dict(s["source"]))
        for s in payload["sections"]
    )
    return Chunk(
        index=index,
        sections=sections,
        heading=tuple(payload.get("heading") or ()),
        page_start=payload.get("page_start"),
        page_end=payload.get("page_end"),
        title=payload.get("title"),
        author=payload.get("author"),
        domain=payload.get("domain"),
        examples=tuple(payload.get("examples") or ()),
        names_before=tuple(payload.get("names_before") or ()),
        lead_in=payload.get("lead_in") or "",
        lead_in_heading=tuple(payload.get("lead_in_heading") or ()),
    )
