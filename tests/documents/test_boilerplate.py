"""Contents, indexes and e-book wrappers are recognised by their shape and left out."""

from __future__ import annotations

from pathlib import Path

import docx

from documents import DocumentKind, ParseLimits, parse_document_in_process
from documents.boilerplate import ebook_body, is_toc_block, opens_transcriber_notes, toc_entries
from tests.conftest import corpus_file


def test_contents_with_page_numbers_or_leaders() -> None:
    contents = ["Contents", "1 Introduction 1", "2 Background 4", "2.1 Prior work 6", "3 Method 11"]
    assert toc_entries(contents) == {1, 2, 3, 4}
    assert is_toc_block(contents)
    leaders = ["Preface ........ iii", "Installing ......... 3", "Configuring . . . . . . 12"]
    assert toc_entries(leaders) == {0, 1, 2}  # roman front-matter page numbers too
    assert toc_entries(["Some prose.", "Getting started ............ 7", "More prose here."]) == {1}


def test_index_lines() -> None:
    index = ["Zarlino, 81.", "Zither, 33.", "Zoroaster, 12, 40–42."]
    assert toc_entries(index) == {0, 1, 2}


def test_prose_and_tables_of_numbers_are_not_contents() -> None:
    prose = [
        "The reactor reached full power in 1957.",
        "Its output was 60 MW, later raised to 90.",
        "Operators logged temperatures every 15.",
    ]
    assert not is_toc_block(prose)
    # Numbers that go down are a table, not page numbers.
    table = ["Apples 40", "Pears 31", "Plums 12", "Figs 3"]
    assert not is_toc_block(table)


def test_gutenberg_wrapper() -> None:
    lines = [
        "The Project Gutenberg EBook of Pond Life, by A. Writer",
        "Release Date: May 1, 2010 [EBook #1234]",
        "*** START OF THIS PROJECT GUTENBERG EBOOK POND LIFE ***",
        "Chapter I.",
        "Ponds are small.",
        "End of the Project Gutenberg EBook of Pond Life",
        "*** END OF THIS PROJECT GUTENBERG EBOOK POND LIFE ***",
        "1.A. By reading or using any part of this Project Gutenberg-tm electronic work...",
    ]
    assert ebook_body(lines) == (3, 5)
    assert ebook_body(["just text"]) == (0, 1)


def test_text_file_drops_wrapper_and_contents_but_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text(
        "The Project Gutenberg EBook of Pond Life\n\nRelease Date: May 1, 2010 [EBook #1234]\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK POND LIFE ***\n\nProduced by Volunteers\n\n"
        "CONTENTS\n\nI. Water 1\nII. Weeds 9\nIII. Frogs 17\n\n"
        "Ponds are small bodies of still water.\n\n"
        "*** END OF THE PROJECT GUTENBERG EBOOK POND LIFE ***\n\nSection 1. General Terms of Use\n",
        encoding="utf-8",
    )
    doc = parse_document_in_process(path, DocumentKind.TEXT, ParseLimits(), detect_language=False)
    # "CONTENTS" is the heading of the list, dropped with it: the text after it has no heading.
    assert [(s.text, s.source.lines, s.source.heading) for s in doc.sections] == [
        ("Ponds are small bodies of still water.", (15, 15), ()),
    ]


def test_word_contents_styles_are_skipped(tmp_path: Path) -> None:
    document = docx.Document()
    styles = document.styles
    toc_style = styles.add_style("TOC 1", 1)  # WD_STYLE_TYPE.PARAGRAPH
    document.add_paragraph("Introduction\t1", style=toc_style)
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph("Ponds are small.")
    path = tmp_path / "toc.docx"
    document.save(str(path))
    doc = parse_document_in_process(path, DocumentKind.DOCX, ParseLimits(), detect_language=False)
    assert [(s.text, s.source.heading) for s in doc.sections] == [("Ponds are small.", ("Introduction",))]


def test_transcriber_notes_titled_in_french_german_or_spanish_are_left_out() -> None:
    for heading in (
        "Au lecteur.",
        "Note du transcripteur",
        "Anmerkungen zur Transkription:",
        "Nota del transcriptor",
    ):
        assert opens_transcriber_notes(heading), heading
    assert not opens_transcriber_notes("Au lecteur attentif, rien n'échappe.")
    doc = parse_document_in_process(
        corpus_file("txt-french-utf8-entre-nous.txt"), DocumentKind.TEXT, ParseLimits(), detect_language=False
    )
    texts = [s.text for s in doc.sections]
    # The notes at the start (how italics are shown) and at the end (corrections made).
    assert not any(t.startswith("Au lecteur") or "=gras=" in t or "remplacé par" in t for t in texts)
    assert any(t.startswith("Inspirée par les si jolis ouvrages") for t in texts)  # the preface stays
