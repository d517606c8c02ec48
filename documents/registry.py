"""Which parser reads which kind, and the in-process parse every path goes through."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

from documents.boilerplate import drop_licences
from documents.language import detect_language
from documents.limits import ParseLimits
from documents.model import DocumentKind, ParsedDocument
from errors import DeckhandError, DocumentCorrupt, EmptyDocument

log = logging.getLogger(__name__)

Parser = Callable[[Path, ParseLimits], ParsedDocument]

# Imported on first use: the web process sniffs uploads without loading pdfium, lxml or trafilatura.
PARSERS: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.PDF: ("documents.parsers.pdf", "parse_pdf"),
    DocumentKind.DOCX: ("documents.parsers.docx", "parse_docx"),
    DocumentKind.PPTX: ("documents.parsers.pptx", "parse_pptx"),
    DocumentKind.HTML: ("documents.parsers.html", "parse_html"),
    DocumentKind.MARKDOWN: ("documents.parsers.markdown", "parse_markdown"),
    DocumentKind.TEXT: ("documents.parsers.text", "parse_text_file"),
    DocumentKind.EPUB: ("documents.parsers.epub", "parse_epub"),
}


def get_parser(kind: DocumentKind) -> Parser:
    module_name, function = PARSERS[kind]
    parser: Parser = getattr(importlib.import_module(module_name), function)
    return parser


def preload_parsers() -> None:
    """Import every parser (the child-process server calls this once, so children start warm)."""
    for kind in PARSERS:
        get_parser(kind)


def finish(doc: ParsedDocument, *, detect: bool = True) -> ParsedDocument:
    """Checks and enrichments common to every format: licences left out, not empty, language detected."""
    doc.sections = drop_licences(doc.sections)
    if not any(s.text.strip() for s in doc.sections):
        raise EmptyDocument("The document contains no text.")
    if detect:
        doc.language = detect_language(doc.sections)
    return doc


def parse_document_in_process(
    path: Path, kind: DocumentKind, limits: ParseLimits, *, detect_language: bool = True
) -> ParsedDocument:
    """Parse in this process, without the time and memory bound (benchmarks, tests, the child itself).

    The sandbox child passes ``detect_language=False``: the language model costs ~110 MB
    of memory, which the parent (a worker, which loads it for the quality gate anyway)
    spends once instead of every child.
    """
    parser = get_parser(kind)
    try:
        doc = parser(path, limits)
    except (DeckhandError, MemoryError, RecursionError):
        raise
    except Exception as exc:
        # A third-party parser failing on a file means the file is damaged in a way it did
        # not expect; the user gets document_corrupt, the log keeps the traceback.
        log.warning("parser for %s failed on %s", kind.value, path.name, exc_info=True)
        raise DocumentCorrupt(
            f"The {kind.value} file could not be read ({type(exc).__name__}: {exc})."
        ) from exc
    return finish(doc, detect=detect_language)
