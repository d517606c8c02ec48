"""DOCX heading paths: a title styled twice (Title, then Heading 1) appears once."""

from __future__ import annotations

from pathlib import Path

import docx

from documents import DocumentKind, ParseLimits, parse_document_in_process


def test_title_repeated_as_heading_1_appears_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Pond Ecology", style="Title")
    document.add_paragraph("Pond Ecology", style="Heading 1")
    document.add_paragraph("Ponds are small bodies of still water.")
    document.add_paragraph("Algae", style="Heading 2")
    document.add_paragraph("Algae make most of the oxygen in a pond.")
    document.add_paragraph("Fish", style="Heading 1")
    document.add_paragraph("Sticklebacks build nests.")
    path = tmp_path / "pond.docx"
    document.save(str(path))
    doc = parse_document_in_process(path, DocumentKind.DOCX, ParseLimits(), detect_language=False)
    headings = [s.source.heading for s in doc.sections]
    assert headings == [("Pond Ecology",), ("Pond Ecology", "Algae"), ("Pond Ecology", "Fish")]
    assert doc.title == "Pond Ecology"
