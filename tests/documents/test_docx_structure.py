"""DOCX structure: a title styled twice (Title, then Heading 1) appears once; a list is one section."""

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


def test_a_list_is_one_section_with_an_item_a_line(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Pond Life", style="Heading 1")
    document.add_paragraph("A pond is home to:")
    for item in ("Frogs", "Newts", "Dragonflies"):
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("Plants grow at its edge.")
    for item in ("Reeds", "Rushes"):
        document.add_paragraph(item, style="List Number")
    document.add_paragraph("Weeds", style="Heading 2")
    document.add_paragraph("Duckweed", style="List Bullet")
    path = tmp_path / "pond.docx"
    document.save(str(path))
    doc = parse_document_in_process(path, DocumentKind.DOCX, ParseLimits(), detect_language=False)
    assert [(s.kind, s.text) for s in doc.sections] == [
        ("body", "A pond is home to:"),
        ("list", "Frogs\nNewts\nDragonflies"),
        ("body", "Plants grow at its edge."),
        ("list", "Reeds\nRushes"),
        ("list", "Duckweed"),  # a heading ends a list
    ]
    assert [s.source.paragraph for s in doc.sections] == [1, 2, 3, 4, 5]
    assert doc.sections[-1].source.heading == ("Pond Life", "Weeds")
