"""Plain text: encoding detected (never assumed UTF-8), paragraphs cited by line range."""

from __future__ import annotations

import re
from pathlib import Path

import charset_normalizer

from documents.boilerplate import (
    NOTES_END_BLANK_LINES,
    drop_inline_transcriber_notes,
    ebook_author,
    ebook_body,
    ebook_title,
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
from documents.columns import column_languages, two_column_rows, two_language_rows
from documents.headings import enter_heading, heading_tuple
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from documents.sniff import BOMS
from documents.text_headings import TextHeading, block_heading, leading_title
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
# The column titles over a contents list ("CHAP.      PAGE"): part of the list, not text.
_CONTENTS_COLUMNS_RE = re.compile(r"^\s*(?:(?:chap(?:ter)?|page|pp?|no|section|contents)\.?\s*){2,3}$", re.I)
# "_en rentrant_": italics marks around a word or phrase of a table's cell.
_ITALIC_MARK_RE = re.compile(r"_([^_\n]+)_")
_INDEX_LETTER_RE = re.compile(r"^\s*[^\W\d_]\.?\s*$")
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


def _blocks(text: str) -> list[tuple[int, int, list[str], int]]:
    """The book's blank-line separated blocks: (first line, last line, lines, blank lines before)."""
    lines = text.splitlines()
    first, last = ebook_body(lines)
    blocks: list[tuple[int, int, list[str], int]] = []
    buffer: list[str] = []
    start = 0
    blank_run = 0
    blanks_before = 0
    for number, line in enumerate(lines, start=1):
        if not first < number <= last:
            line = ""  # outside the book: read as blank, line numbers kept
        if line.strip():
            if not buffer:
                start, blanks_before = number, blank_run
            blank_run = 0
            buffer.append(line)
        else:
            blank_run += 1
            if buffer:
                blocks.append((start, number - 1, buffer, blanks_before))
                buffer = []
    if buffer:
        blocks.append((start, len(lines), buffer, blanks_before))
    return blocks


# An Arabic number alone on its line, not indented ("1."): a heading over a vocabulary only.
_BARE_NUMBER_RE = re.compile(r"^ {0,3}(?P<number>\d{1,3})\.?\s*$")


def text_sections(text: str) -> list[Section]:
    """One section per paragraph (blank-line separated), with its 1-based line range and headings.

    An e-book producer's wrapper (Project Gutenberg's header and licence), its transcriber's
    notes, and tables of contents or indexes are left out: they are in the file, not in the
    book. A text that writes em dashes as "--" gets them as dashes. Headings written the
    plain-text ways (``documents.text_headings``) are not sections: they make the heading
    path of the paragraphs under them.
    """
    sections: list[Section] = []
    paragraph = 0
    in_notes = False  # inside a transcriber's notes section, which ends at a run of blank lines
    dashes = "--" in text and writes_double_hyphen_dashes(text)
    path: list[tuple[int, str]] = []

    def tidy(body: str) -> str:
        body = clean_text(drop_inline_transcriber_notes(body))
        if dashes:
            body = double_hyphen_dashes(body)
        return plain_text_emphasis(body)

    def cell(text: str) -> str:
        # a cell is a word or phrase, not a term to emphasise: its italics marks go
        return _ITALIC_MARK_RE.sub(r"\1", clean_text(double_hyphen_dashes(text) if dashes else text))

    blocks = _blocks(text)
    # Each block's two-column rows and their languages, read once: the languages of the document's
    # vocabularies are what a vocabulary too short to tell them takes (``known``).
    block_rows = [two_column_rows(block) for _, _, block, _ in blocks]
    block_pairs = [column_languages(rows) if rows else None for rows in block_rows]
    known = list(dict.fromkeys(pair for pair in block_pairs if pair))
    skip_next = False
    bare_heading = False  # a heading was entered and no paragraph has followed it yet
    for index, (start, end, block, blanks_before) in enumerate(blocks):
        if skip_next:
            skip_next = False
            continue
        if blanks_before >= NOTES_END_BLANK_LINES:
            in_notes = False
        if opens_transcriber_notes(block[0]):
            in_notes = True
        if in_notes or is_producer_note(block[0]):
            continue
        if is_toc_block(block) or _CONTENTS_COLUMNS_RE.match(" ".join(block)):
            if bare_heading and path:
                path.pop()  # "CONTENTS" heads the list, which is dropped, not the text after it
            continue
        following = blocks[index + 1][2] if index + 1 < len(blocks) else []
        if _INDEX_LETTER_RE.match(" ".join(block)) and following and is_toc_block(following):
            continue  # an index's letter over its entries: dropped with them
        heading = block_heading(block, following)
        number = _BARE_NUMBER_RE.match(block[0]) if len(block) == 1 else None
        if not heading and number and two_column_rows(following):
            # "1." over a reader's vocabulary numbers it as its chapter; a stanza's number is over verse
            heading = TextHeading(number["number"], 2, 1)
        if heading:
            enter_heading(path, heading.level, clean_inline(tidy(heading.title)))
            bare_heading = True
            skip_next = heading.takes_next
            start += heading.lines
            block = block[heading.lines :]
        if heading and heading.lines:
            rows = two_language_rows(block, known)  # the block without its heading line(s)
        else:
            whole = block_rows[index]
            rows = whole if whole and (block_pairs[index] or column_languages(whole, known)) else None
        body = (
            "\n".join(f"{cell(left)} | {cell(right)}" for left, right in rows)
            if rows
            else tidy("\n".join(block))
        )
        if body:
            bare_heading = False
            paragraph += 1
            source = SourceRef(heading=heading_tuple(path), lines=(start, end), paragraph=paragraph)
            sections.append(Section(text=body, source=source, kind="table" if rows else "body"))
    return sections


def parse_plain_text(text: str, limits: ParseLimits, title: str | None = None) -> ParsedDocument:
    TextBudget(limits).add_text(text)
    # a Project Gutenberg e-text names its book in its header: the cards name it too ("Entre Nous")
    title = title or ebook_title(text.splitlines())
    # a story's title over its first chapter ("THE SNOW QUEEN" / "CHAPTER I."): the cards name it
    title = title or leading_title(text.splitlines())
    return ParsedDocument(
        kind=DocumentKind.TEXT,
        sections=text_sections(text),
        title=clean_inline(title) if title else None,
        # the header's "Author: Edward MacDowell": whose claims an essay's cards ask
        author=ebook_author(text.splitlines()),
    )


def parse_text_file(path: Path, limits: ParseLimits) -> ParsedDocument:
    return parse_plain_text(read_text_file(path, limits), limits)
