"""PDF with pypdfium2 (Apache-2.0/BSD): text per page, headings from the outline or font size."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from documents.clean import clean_inline, clean_text, normalize_newlines
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from errors import NoTextLayer, PdfEncrypted, PdfUnreadable

# Outlines made by presentation exporters name every entry "Slide 12": no heading in that.
_GENERIC_OUTLINE = re.compile(r"^(slide|page|folie|diapositive)\s*\d+$", re.I)
_NUMBERED_HEADING = re.compile(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+\S")
_PAGE_NUMBER = re.compile(r"\d+")
_HEADING_MIN_RATIO = 1.15  # a line this much larger than the body text is a heading
_MIN_TEXT_CHARS = 10  # below this a page counts as image-only
_HEADER_FOOTER_LINES = 2  # lines at the top and bottom of a page examined for repeats


@dataclass
class _Page:
    number: int
    lines: list[str]
    headings: dict[int, str] = field(default_factory=dict)  # line index -> heading text
    skip: set[int] = field(default_factory=set)  # continuation lines of wrapped headings


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfEncrypted("The PDF needs a password to open.") from None
        raise PdfUnreadable(f"The PDF could not be opened ({message}).") from None


def _outline(pdf: pdfium.PdfDocument) -> dict[int, list[tuple[int, str]]]:
    """page index -> [(level, title)] from the bookmarks, unless they are generic 'Slide n'."""
    by_page: dict[int, list[tuple[int, str]]] = {}
    titles: list[str] = []
    try:
        for item in pdf.get_toc(max_depth=6):
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            title = clean_inline(item.get_title() or "")
            if index is None or not title:
                continue
            titles.append(title)
            by_page.setdefault(index, []).append((item.level, title))
    except pdfium.PdfiumError:
        return {}
    if not titles or all(_GENERIC_OUTLINE.match(t) for t in titles):
        return {}
    return by_page


def _line_font_sizes(textpage: pdfium.PdfTextPage, text: str, lines: list[str]) -> list[float]:
    """Font size of the first character of each line: one pdfium call per line, not per char."""
    sizes: list[float] = []
    count = textpage.count_chars()
    if count != len(text):  # surrogate pairs shift indices; skip font headings on such a page
        return []
    offset = 0
    for line in lines:
        lead = len(line) - len(line.lstrip())
        index = offset + lead
        sizes.append(pdfium_c.FPDFText_GetFontSize(textpage.raw, index) if index < count else 0.0)
        offset += len(line) + 2  # pdfium ends lines with \r\n
    return sizes


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not (3 <= len(stripped) <= 120) or stripped[-1] in ".,;:" or stripped[0].islower():
        return False
    return any(ch.isalpha() for ch in stripped)


def _read_pages(
    pdf: pdfium.PdfDocument, budget: TextBudget, warnings: list[str]
) -> tuple[list[_Page], list[list[float]]]:
    pages: list[_Page] = []
    font_sizes: list[list[float]] = []
    for index in range(len(pdf)):
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            warnings.append(f"page {index + 1} could not be read ({exc})")
            continue
        try:
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
                budget.add_text(raw)
                lines = normalize_newlines(raw).split("\n") if raw else []
                if raw.endswith("\r\n"):
                    lines = lines[:-1]
                font_sizes.append(_line_font_sizes(textpage, raw, normalize_newlines(raw).split("\n")))
            finally:
                textpage.close()
        finally:
            page.close()
        pages.append(_Page(number=index + 1, lines=lines))
    return pages, font_sizes


def _drop_headers_footers(pages: list[_Page], font_sizes: list[list[float]]) -> None:
    """Lines repeated at the top or bottom of most pages (running heads, page numbers) go."""
    if len(pages) < 3:
        return

    def key(line: str) -> str:
        return _PAGE_NUMBER.sub("#", " ".join(line.split()).lower())

    counts: Counter[str] = Counter()
    for page in pages:
        edge = {key(line) for line in page.lines[:_HEADER_FOOTER_LINES] + page.lines[-_HEADER_FOOTER_LINES:]}
        counts.update(k for k in edge if k)
    threshold = max(3, len(pages) // 2)
    repeated = {k for k, n in counts.items() if n >= threshold}
    if not repeated:
        return
    for page, sizes in zip(pages, font_sizes, strict=False):
        n = len(page.lines)
        edge_indices = set(range(min(_HEADER_FOOTER_LINES, n))) | set(
            range(max(0, n - _HEADER_FOOTER_LINES), n)
        )
        for i in sorted(edge_indices, reverse=True):
            if key(page.lines[i]) in repeated:
                page.lines[i] = ""
                if i < len(sizes):
                    sizes[i] = 0.0


def _font_headings(pages: list[_Page], font_sizes: list[list[float]]) -> None:
    weights: Counter[float] = Counter()
    for page, sizes in zip(pages, font_sizes, strict=False):
        for line, size in zip(page.lines, sizes, strict=False):
            if size > 0:
                weights[size] += len(line)
    if not weights:
        return
    body = weights.most_common(1)[0][0]  # the size most text is set in
    for page, sizes in zip(pages, font_sizes, strict=False):
        for i, (line, size) in enumerate(zip(page.lines, sizes, strict=False)):
            if size >= body * _HEADING_MIN_RATIO and _looks_like_heading(line):
                # Consecutive large lines are one wrapped heading, kept at its first line.
                first = i - 1
                while first in page.skip:
                    first -= 1
                if first in page.headings and sizes[i - 1] == size:
                    page.headings[first] += " " + line.strip()
                    page.skip.add(i)
                else:
                    page.headings[i] = line.strip()


def _outline_headings(pages: list[_Page], outline: dict[int, list[tuple[int, str]]]) -> dict[int, list[int]]:
    """Place outline titles on their line when found; returns page -> levels for path building."""
    levels: dict[int, list[int]] = {}
    for page in pages:
        for level, title in outline.get(page.number - 1, []):
            wanted = " ".join(title.lower().split())
            line_index = next(
                (i for i, line in enumerate(page.lines) if " ".join(line.lower().split()) == wanted), None
            )
            if line_index is None:
                line_index = -len(levels.get(page.number, [])) - 1  # before the text, in outline order
            page.headings[line_index] = title
            levels.setdefault(page.number, []).append(level)
    return levels


def _flush(sections: list[Section], buffer: list[str], page: int, path: list[tuple[int, str]]) -> None:
    text = clean_text("\n".join(buffer))
    buffer.clear()
    if text:
        heading = tuple(t for _, t in path)
        sections.append(Section(text=text, source=SourceRef(page=page, heading=heading)))


def _enter(path: list[tuple[int, str]], level: int, title: str) -> None:
    path[:] = [p for p in path if p[0] < level] + [(level, title)]


def _sections(pages: list[_Page], outline: dict[int, list[tuple[int, str]]]) -> list[Section]:
    sections: list[Section] = []
    path: list[tuple[int, str]] = []  # (level, title): the breadcrumb
    for page in pages:
        outline_levels = {title: level for level, title in outline.get(page.number - 1, [])}
        buffer: list[str] = []
        for i in sorted(k for k in page.headings if k < 0):  # outline titles not found in the text
            _enter(path, outline_levels.get(page.headings[i], 0), page.headings[i])
        for i, line in enumerate(page.lines):
            if i in page.skip:
                continue
            if i in page.headings:  # the heading goes to the breadcrumb, not the body
                _flush(sections, buffer, page.number, path)
                _enter(path, outline_levels.get(page.headings[i], 0), clean_inline(page.headings[i]))
                continue
            buffer.append(line)
        _flush(sections, buffer, page.number, path)
    return sections


def parse_pdf(path: Path, limits: ParseLimits) -> ParsedDocument:
    budget = TextBudget(limits)
    warnings: list[str] = []
    pdf = _open(path)
    try:
        page_count = len(pdf)
        budget.check_pages(page_count)
        outline = _outline(pdf)
        title = (pdf.get_metadata_value("Title") or "").strip() or None
        pages, font_sizes = _read_pages(pdf, budget, warnings)
    finally:
        pdf.close()
    if not pages:
        raise PdfUnreadable("No page of the PDF could be read.")
    _drop_headers_footers(pages, font_sizes)
    if outline:
        _outline_headings(pages, outline)
    else:
        _font_headings(pages, font_sizes)
    _check_text_layer(path, pages, page_count, warnings)
    return ParsedDocument(
        kind=DocumentKind.PDF,
        sections=_sections(pages, outline),
        page_count=page_count,
        title=clean_inline(title) if title else None,
        warnings=warnings,
    )


def _check_text_layer(path: Path, pages: list[_Page], page_count: int, warnings: list[str]) -> None:
    chars = [sum(len(line.strip()) for line in page.lines) for page in pages]
    total = sum(chars)
    if total < _MIN_TEXT_CHARS * max(page_count, 1):
        if total == 0 and not _has_eof_marker(path):
            raise PdfUnreadable("The PDF is truncated and no text could be recovered from it.")
        raise NoTextLayer(f"The PDF has almost no text ({total} characters on {page_count} pages).")
    with_text = sum(1 for n in chars if n >= _MIN_TEXT_CHARS)
    if with_text < 0.8 * len(pages):
        warnings.append(f"{len(pages) - with_text} of {len(pages)} pages have no text layer (scanned?)")


def _has_eof_marker(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 2048))
        return b"%%EOF" in fh.read()
