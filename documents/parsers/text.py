"""Plain text: encoding detected (never assumed UTF-8), paragraphs cited by line range."""

from __future__ import annotations

from pathlib import Path

import charset_normalizer

from documents.boilerplate import (
    NOTES_END_BLANK_LINES,
    drop_inline_transcriber_notes,
    ebook_body,
    is_producer_note,
    is_toc_block,
    opens_transcriber_notes,
)
from documents.clean import (
    clean_inline,
    clean_text,
    double_hyphen_dashes,
    plain_text_emphasis,
    writes_double_hyphen_dashes,
)
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from documents.sniff import BOMS
from errors import DocumentTooLarge, UnsupportedDocument

_LATIN_SCRIPT = frozenset(
    [
        "cp1250",
        "cp1257",
        "cp775",
        "cp850",
        "cp852",
        "iso8859_2",
        "iso8859_4",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "mac_latin2",
        "mac_roman",
        "mac_iceland",
    ]
)
# UTF-32 spends at most 4 bytes per character: a larger file cannot fit the character limit.
_MAX_BYTES_PER_CHAR = 4


def read_text_file(path: Path, limits: ParseLimits) -> str:
    """The file decoded, refused before reading when it cannot fit ``max_chars``."""
    size = path.stat().st_size
    if size > limits.max_chars * _MAX_BYTES_PER_CHAR:
        raise DocumentTooLarge(f"The file is {size:,} bytes; it cannot fit {limits.max_chars:,} characters.")
    return decode_bytes(path.read_bytes())


def decode_bytes(data: bytes) -> str:
    """BOM first, then strict UTF-8, then charset-normalizer's best guess (Latin-1, cp1252, …)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        raise UnsupportedDocument("The file holds binary data (NUL bytes), not text.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise UnsupportedDocument("The file's text encoding could not be recognised.")
    # Short accented Western text decodes "cleanly" as Baltic or Central European code pages too,
    # and charset-normalizer often ranks those first (é, à, ç exist there as well). Western files are
    # far more common: when the guess is another Latin-script code page and cp1252 fits, use it.
    # (A cp1250 Polish file is then misread; that trade-off is deliberate.)
    if best.encoding in _LATIN_SCRIPT:
        for match in matches:
            if match.encoding in ("cp1252", "latin_1", "iso8859_15"):
                return str(match)
    return str(best)


def text_sections(text: str) -> list[Section]:
    """One section per paragraph (blank-line separated), with its 1-based line range.

    An e-book producer's wrapper (Project Gutenberg's header and licence), its transcriber's
    notes, and tables of contents or indexes are left out: they are in the file, not in the
    book. A text that writes em dashes as "--" gets them as dashes.
    """
    sections: list[Section] = []
    buffer: list[str] = []
    start = 0
    paragraph = 0
    in_notes = False  # inside a transcriber's notes section, which ends at a run of blank lines
    blank_run = 0
    dashes = "--" in text and writes_double_hyphen_dashes(text)

    def flush(end: int) -> None:
        nonlocal paragraph, in_notes
        if buffer and opens_transcriber_notes(buffer[0]):
            in_notes = True
        if in_notes or is_toc_block(buffer) or (buffer and is_producer_note(buffer[0])):
            buffer.clear()
            return
        body = clean_text(drop_inline_transcriber_notes("\n".join(buffer)))
        if dashes:
            body = double_hyphen_dashes(body)
        body = plain_text_emphasis(body)
        buffer.clear()
        if body:
            paragraph += 1
            sections.append(Section(text=body, source=SourceRef(lines=(start, end), paragraph=paragraph)))

    lines = text.splitlines()
    first, last = ebook_body(lines)
    for number, line in enumerate(lines, start=1):
        if not first < number <= last:
            line = ""  # outside the book: read as blank, line numbers kept
        if line.strip():
            if not buffer:
                start = number
                if blank_run >= NOTES_END_BLANK_LINES:
                    in_notes = False
            blank_run = 0
            buffer.append(line)
        else:
            blank_run += 1
            if buffer:
                flush(number - 1)
    if buffer:
        flush(len(lines))
    return sections


def parse_plain_text(text: str, limits: ParseLimits, title: str | None = None) -> ParsedDocument:
    TextBudget(limits).add_text(text)
    return ParsedDocument(
        kind=DocumentKind.TEXT, sections=text_sections(text), title=clean_inline(title) if title else None
    )


def parse_text_file(path: Path, limits: ParseLimits) -> ParsedDocument:
    return parse_plain_text(read_text_file(path, limits), limits)
