"""PPTX with python-pptx (MIT): one section per slide (number and title), notes apart."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pptx
from pptx.enum.shapes import MSO_SHAPE_TYPE

from documents.archive import SafeZip
from documents.clean import clean_inline, clean_text, mark_emphasis
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef

_GENERIC_TITLE = re.compile(r"^(slide \d+|powerpoint presentation)$", re.I)


def _shape_texts(shapes: Iterable[Any], skip: Any) -> tuple[list[str], list[list[str]]]:
    """Text frames in reading order, and tables as rows; group shapes opened."""
    texts: list[str] = []
    tables: list[list[str]] = []
    for shape in sorted(shapes, key=_reading_position):
        if skip is not None and shape.shape_id == skip.shape_id:
            continue
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            inner_texts, inner_tables = _shape_texts(shape.shapes, None)
            texts.extend(inner_texts)
            tables.extend(inner_tables)
        elif getattr(shape, "has_table", False) and shape.has_table:
            rows = [" | ".join(clean_inline(cell.text) for cell in row.cells) for row in shape.table.rows]
            tables.append([r for r in rows if r.strip(" |")])
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            texts.append(frame_text(shape.text_frame))
    return texts, tables


def _reading_position(shape: Any) -> tuple[int, int]:
    """Top, then left: shapes are stored in drawing order (what was added last lies on top),
    which is not the order a reader takes them in. A shape without a position keeps its place
    at the top (the sort is stable)."""
    return (shape.top or 0, shape.left or 0)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's runs with short bold spans as ``**term**`` (as the DOCX parser keeps them).

    The offline generator turns emphasised terms into cards; the quality gate strips the
    markers. A paragraph bold throughout is plain text: that is styling.
    """
    runs = [(run.text, bool(run.font.bold)) for run in paragraph.runs]
    if all(bold for _, bold in runs) or not any(bold for _, bold in runs):
        return str(paragraph.text)  # keeps line breaks inside the paragraph
    merged: list[tuple[str, bool]] = []
    for text, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        else:
            merged.append((text, bold))
    return mark_emphasis(merged)


def frame_text(frame: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in frame.paragraphs)


def parse_pptx(path: Path, limits: ParseLimits) -> ParsedDocument:
    with SafeZip(path) as archive:
        archive.verify_all()
    budget = TextBudget(limits)
    deck = pptx.Presentation(str(path))
    slides = deck.slides
    budget.check_pages(len(slides), "slides")
    sections: list[Section] = []
    first_title: str | None = None
    for number, slide in enumerate(slides, start=1):
        budget.add_page("slides")
        title_shape = slide.shapes.title
        title = (
            clean_inline(title_shape.text) if title_shape is not None and title_shape.has_text_frame else ""
        )
        first_title = first_title or title or None
        heading = (title,) if title else ()
        texts, tables = _shape_texts(slide.shapes, title_shape)
        # The same text in several boxes of one slide (a label repeated over a diagram) is read once.
        texts = list(dict.fromkeys(text for text in map(str.strip, texts) if text))
        body = clean_text(budget.add_text("\n".join(texts)))
        if body or title:
            sections.append(Section(text=body or title, source=SourceRef(slide=number, heading=heading)))
        for rows in tables:
            text = budget.add_text("\n".join(rows))
            if text:
                sections.append(
                    Section(text=text, source=SourceRef(slide=number, heading=heading), kind="table")
                )
        if slide.has_notes_slide:
            frame = slide.notes_slide.notes_text_frame
            notes = clean_text(budget.add_text(frame.text)) if frame is not None else ""
            if notes:
                source = SourceRef(slide=number, heading=heading, notes=True)
                sections.append(Section(text=notes, source=source, kind="notes"))
    declared = clean_inline(deck.core_properties.title or "")
    # Exporters often leave the default "Slide 1" or "PowerPoint Presentation" as the title.
    doc_title = first_title if not declared or _GENERIC_TITLE.match(declared) else declared
    return ParsedDocument(kind=DocumentKind.PPTX, sections=sections, page_count=len(slides), title=doc_title)
