"""DOCX with python-docx (MIT): heading path from 'Heading n'/'Title' styles, paragraphs numbered."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from documents.archive import SafeZip
from documents.clean import clean_inline, clean_text, mark_emphasis
from documents.headings import enter_heading
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)


def _heading_level(paragraph: Paragraph) -> int | None:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError):
        return None
    name = name or ""
    if name.lower() == "title":
        return 0
    match = _HEADING_STYLE.match(name)
    return int(match.group(1)) if match else None


def _is_toc(paragraph: Paragraph) -> bool:
    """An entry of Word's generated table of contents ("TOC 1" … "TOC 9", "TOC Heading")."""
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError):
        return False
    return (name or "").lower().startswith("toc")


def _is_list(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    try:
        return bool(paragraph.style is not None and (paragraph.style.name or "").lower().startswith("list"))
    except (KeyError, AttributeError):
        return False


def table_rows(table: Table) -> list[str]:
    """Rows as 'cell | cell'; a merged cell (repeated by python-docx per grid column) once."""
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(clean_inline(cell.text))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text with short bold spans kept as ``**term**``.

    The offline generator turns emphasised terms into cards (``cards.offline``); the
    quality gate strips the markers from card text. A paragraph bold throughout, or
    one whose runs do not add up to its text, is returned as plain text.
    """
    plain = paragraph.text
    parts: list[tuple[str, bool]] = []
    for item in paragraph.iter_inner_content():
        bold = isinstance(item, Run) and bool(item.bold)
        if parts and parts[-1][1] == bold:
            parts[-1] = (parts[-1][0] + item.text, bold)
        else:
            parts.append((item.text, bold))
    if "".join(t for t, _ in parts) != plain or all(b for _, b in parts):
        return plain
    return mark_emphasis(parts)


def parse_docx(path: Path, limits: ParseLimits) -> ParsedDocument:
    with SafeZip(path) as archive:
        archive.verify_all()  # real inflated sizes checked before python-docx's XML parser sees a part
    budget = TextBudget(limits)
    document = docx.Document(str(path))
    sections: list[Section] = []
    path_stack: list[tuple[int, str]] = []
    paragraph_number = 0
    title = clean_inline(document.core_properties.title or "") or None
    body = document.element.body
    items: list[str] = []  # the list being read
    items_source = SourceRef()

    def end_list() -> None:
        if items:
            sections.append(Section(text="\n".join(items), source=items_source, kind="list"))
            items.clear()

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if _is_toc(paragraph):
                continue  # contents lines are not prose
            level = _heading_level(paragraph)
            raw = paragraph.text if level is not None else paragraph_text(paragraph)
            text = clean_text(budget.add_text(raw))
            if not text:
                continue
            if level is not None:
                end_list()
                heading = clean_inline(text)
                enter_heading(path_stack, level, heading)
                if level == 0 and title is None:
                    title = heading
                continue
            if _is_list(paragraph):
                # A list is one section, an item a line (as HTML lists are): the generators read
                # a list's items together, and an item alone is rarely a sentence.
                if not items:
                    paragraph_number += 1
                    items_source = SourceRef(
                        heading=tuple(t for _, t in path_stack), paragraph=paragraph_number
                    )
                items.append(text)
                continue
            end_list()
            paragraph_number += 1
            source = SourceRef(heading=tuple(t for _, t in path_stack), paragraph=paragraph_number)
            sections.append(Section(text=text, source=source))
        elif child.tag == qn("w:tbl"):
            end_list()
            rows = table_rows(Table(child, document))
            text = budget.add_text("\n".join(rows))
            if text:
                paragraph_number += 1
                source = SourceRef(heading=tuple(t for _, t in path_stack), paragraph=paragraph_number)
                sections.append(Section(text=text, source=source, kind="table"))
    end_list()
    return ParsedDocument(kind=DocumentKind.DOCX, sections=sections, title=title)
