"""Debris that extraction used to leave in the text: footnote marks glued to words, e-book
typography, producer notes and licences. Each test reads a corpus document in place or a
small file written here, and fails if the debris comes back."""

from __future__ import annotations

from pathlib import Path

import docx

from documents import DocumentKind, ParsedDocument, ParseLimits, Section, SourceRef, parse_document_in_process
from documents.language import _sample as language_sample
from documents.language import detect_language
from tests.conftest import corpus_file


def _parse(path: Path, kind: DocumentKind) -> ParsedDocument:
    return parse_document_in_process(path, kind, ParseLimits(), detect_language=False)


def _flat(doc: ParsedDocument) -> str:
    return " ".join(" ".join(s.text for s in doc.sections).split())


def test_superscript_footnote_marks_are_dropped_from_pdf_text() -> None:
    paper = _flat(_parse(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"), DocumentKind.PDF))
    # Marks after a word, after its full stop, and a line that opens with a comma after the mark.
    assert "is often observed in practice, indicating the needs" in paper
    assert "multiple open-domain QA benchmarks. " in paper
    assert "as the basic retrieval units and get M" in paper
    assert "practice2" not in paper and "benchmarks.1" not in paper and "units3" not in paper
    # A footnote's own number opening its line goes too.
    assert "The code and trained models have been released at" in paper
    assert "1The code" not in paper
    # Subscripts (lowered, not raised) are not marks, nor is an exponent after a one-letter name.
    assert "d1, d2" in paper
    slides = _parse(corpus_file("pdf-slides-python-scicomp-lecture8-hpc.pdf"), DocumentKind.PDF)
    assert "A naive O(n 3 ) dgemm" in _flat(slides)


def test_superscript_marks_after_punctuation_and_in_korean() -> None:
    rule = _flat(_parse(corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf"), DocumentKind.PDF))
    assert "altitude disagree alert, and may affect" in rule
    assert "alert,5" not in rule and "threshold,11" not in rule
    brief = _flat(_parse(corpus_file("pdf-korean-nars-issue-brief-4p.pdf"), DocumentKind.PDF))
    assert "대수의 법칙이나 수지상등의" in brief
    assert "재해분류표는" in brief
    assert "법칙8)" not in brief
    # A number glued to a code before a decimal point is part of the code, not a mark.
    assert "EP06AU20.011" in rule and "EP06AU.011" not in rule


def test_korean_words_broken_at_a_line_end_are_joined() -> None:
    # This producer ends a line with a space where a word ends: a break without one is inside a word.
    brief = _flat(_parse(corpus_file("pdf-korean-nars-issue-brief-4p.pdf"), DocumentKind.PDF))
    assert "상해나 재해로 인한 보험금의 경우" in brief
    assert "코로나-19를 과연 질병으로 보아야 할지" in brief
    assert "보 험금" not in brief and "질 병으로" not in brief
    # A line that ended in a space (a word's end) still breaks between words.
    assert "수지상등의 원칙" in brief


def test_gutenberg_transcribers_notes_are_left_out() -> None:
    doc = _parse(corpus_file("txt-latin1-macdowell-critical-historical-essays.txt"), DocumentKind.TEXT)
    text = _flat(doc)
    # The notes run from their heading to the book's title, several paragraphs long.
    assert "Italic text is represented by" not in text
    assert "Pitches:" not in text and "= F double-sharp" not in text
    # The book's title, the first line after them, is a heading now: the first paragraph is under it.
    assert doc.sections[0].source.heading == ("Critical and Historical Essays",)
    assert doc.sections[0].text == "Lectures delivered at Columbia University"


def test_gutenberg_double_hyphens_become_dashes_and_run_in_headings_terms() -> None:
    essays = _parse(corpus_file("txt-latin1-macdowell-critical-historical-essays.txt"), DocumentKind.TEXT)
    texts = [s.text for s in essays.sections]
    flat = _flat(essays)
    assert "symbols for emotions—emotions that otherwise" in flat
    assert any(t.startswith("7. SALTARELLO: Similar to the tarantella") for t in texts)
    # A drawing of dashes and bars is not prose: it stays as drawn.
    assert "|---I---|---II---|--I--|" in flat
    assert "SALTARELLO.--" not in flat and "emotions--emotions" not in flat
    reader = _flat(_parse(corpus_file("txt-french-utf8-entre-nous.txt"), DocumentKind.TEXT))
    assert "— Oui, maman, dit Jean" in reader
    assert "Jean. — Et je suis Jean." in reader
    assert "--Oui" not in reader


def test_inline_and_trailing_transcriber_notes_and_options_in_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "Ponds are small--smaller than lakes--and still [Transcriber's Note: 'stil' in the original.].\n\n"
        "Frogs--the green ones--sing at night.\n\n"
        "TRANSCRIBER'S NOTES\n\n"
        "Obvious printer's errors have been corrected.\n\n"
        "Hyphenation has been made consistent.\n",
        encoding="utf-8",
    )
    doc = _parse(path, DocumentKind.TEXT)
    assert [s.text for s in doc.sections] == [
        "Ponds are small—smaller than lakes—and still.",
        "Frogs—the green ones—sing at night.",
    ]
    # A text that does not write dashes this way keeps its double hyphens (command-line options).
    manual = tmp_path / "manual.txt"
    manual.write_text("Run the tool with --verbose to see each step--or --quiet.\n", encoding="utf-8")
    assert _parse(manual, DocumentKind.TEXT).sections[0].text == (
        "Run the tool with --verbose to see each step--or --quiet."
    )


_FDL_APPENDIX = (
    "## Appendix A. GNU Free Documentation License\n\n"
    "Version 1.3, 3 November 2008\n\n"
    "Copyright (C) 2000, 2001, 2002, 2007, 2008 Free Software Foundation, Inc.\n\n"
    "### 0. PREAMBLE\n\n"
    "The purpose of this License is to make a manual, textbook, or other functional and useful "
    "document free in the sense of freedom.\n"
)


def test_licence_sections_of_a_manual_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "manual.md"
    path.write_text(
        "# Pond pump manual\n\nThe pump moves water from the pond to the filter.\n\n"
        "## Cleaning\n\nRinse the filter sponge in pond water once a month. "
        "The firmware is released under the MIT licence, like the rest of our code.\n\n" + _FDL_APPENDIX,
        encoding="utf-8",
    )
    doc = _parse(path, DocumentKind.MARKDOWN)
    assert [s.source.heading[-1] for s in doc.sections] == ["Pond pump manual", "Cleaning"]
    # Prose that names its code's licence in passing is not licence text.
    assert "released under the MIT licence" in doc.sections[-1].text


def test_licence_headers_and_full_texts_in_other_formats(tmp_path: Path) -> None:
    page = tmp_path / "guide.html"
    page.write_text(
        "<html><body><main><h1>Filter guide</h1>"
        "<p>A biological filter keeps pond water clear by growing bacteria that break down waste.</p>"
        "<h2>License</h2><p>Licensed under the Apache License, Version 2.0 (the &quot;License&quot;); "
        "you may not use this file except in compliance with the License.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    html = _parse(page, DocumentKind.HTML)
    assert "bacteria that break down waste" in _flat(html)
    assert "Apache License" not in _flat(html)
    text = tmp_path / "notes.txt"
    text.write_text(
        "Ponds freeze from the top down, so fish survive the winter below the ice.\n\n"
        "GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007\n\n"
        "Everyone is permitted to copy and distribute verbatim copies of this license document, "
        "but changing it is not allowed.\n\n"
        "Preamble\n\n"
        "The licenses for most software and other practical works are designed to take away your "
        "freedom to share and change the works.\n",
        encoding="utf-8",
    )
    plain = _parse(text, DocumentKind.TEXT)
    assert [s.text for s in plain.sections] == [
        "Ponds freeze from the top down, so fish survive the winter below the ice."
    ]
    document = docx.Document()
    document.add_paragraph(
        "Permission is granted to copy, distribute and/or modify this document under the terms of "
        "the GNU Free Documentation License, Version 1.3."
    )
    document.add_paragraph("Water lilies", style="Heading 1")
    document.add_paragraph("Water lilies shade the pond and keep algae down.")
    word = tmp_path / "lilies.docx"
    document.save(str(word))
    assert [s.text for s in _parse(word, DocumentKind.DOCX).sections] == [
        "Water lilies shade the pond and keep algae down."
    ]


def test_stray_tabs_inside_words_of_an_epub_are_not_word_breaks() -> None:
    book = _parse(corpus_file("epub-alice-in-wonderland.epub"), DocumentKind.EPUB)
    text = _flat(book)
    assert "Alice's elbow was pressed hard against it" in text
    assert "she trembled till she shook the house" in text
    assert '"It matters a good deal to me," said Alice hastily' in text
    assert "press ed" not in text and "h ard" not in text
    # A paragraph is one line, as a reader sees it: the markup's line breaks are only spaces.
    assert all("\n" not in s.text for s in book.sections if s.kind == "body")


def test_slide_text_in_reading_order_and_repeated_labels_once() -> None:
    deck = _parse(corpus_file("pptx-deck-with-notes-ohio-ela-standards.pptx"), DocumentKind.PPTX)
    body = {s.source.slide: s.text.split("\n") for s in deck.sections if s.kind == "body"}
    # Slide 29's heading box sits at the top; it was drawn last, so it used to come last.
    assert body[29][0] == "Comparative Analysis"
    assert body[29][-1] == "What is no longer present"
    # The same label in three boxes over a diagram is read once.
    assert body[6].count("Standards Statements by Grade Level") == 1


def test_language_sample_is_small_and_spread_over_the_whole_document() -> None:
    french = (
        "Le petit garçon est tombé de la table et sa mère a appelé le médecin, qui est venu tout de "
        "suite avec sa grande valise noire pour lui remettre le bras. "
    ) * 8
    english = (
        "The small boy fell from the table and his mother called the doctor, who came at once with "
        "his large black bag to set the arm again. "
    ) * 8
    # A French preface of four sections, then eight English chapters: the English text decides.
    sections = [Section(french, SourceRef(paragraph=i)) for i in range(4)] + [
        Section(english, SourceRef(paragraph=4 + i)) for i in range(8)
    ]
    assert detect_language(sections) == "en"
    assert len(language_sample(sections).encode()) <= 3000
    korean = [Section("한국어 문장은 세 바이트로 쓰인다. " * 200, SourceRef(paragraph=1))]
    assert len(language_sample(korean).encode()) <= 3000
    assert detect_language(korean) == "ko"


def test_footnotes_are_read_after_the_page_text_not_inside_a_sentence() -> None:
    brief = _flat(_parse(corpus_file("pdf-korean-nars-issue-brief-4p.pdf"), DocumentKind.PDF))
    # The sentence ran from the foot of one column ("이번에 개") over two footnotes to the next one.
    assert "A형간염”이었으나 이번에 개정된 법에서 이들은 제2급감염병으로 변경되었다." in brief
    assert "개정 이유는 질환의 특성별" in brief  # the footnote itself is still there, after the text
    paper = _parse(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"), DocumentKind.PDF)
    page_one = [s.text for s in paper.sections if s.source.page == 1]
    assert "of improving retrieval.\nRetrieval in open-domain QA is usually implemented" in page_one[1]
    assert page_one[-1].startswith("Equal contribution\nThe code and trained models have been released at")


def test_a_footnote_whose_number_ends_the_line_above_is_read_after_the_page_text() -> None:
    paper = _parse(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"), DocumentKind.PDF)
    page_five = [s.text for s in paper.sections if s.source.page == 5]
    text = " ".join(" ".join(page_five).split())
    # pdfium put the note's raised "8" at the end of the column's last line ("… with mul-8"), over the
    # note's own first line in small type: the note is not part of the running sentence.
    assert "mul-8" not in text and "with mul- SQuAD is limited" not in text
    assert page_five[-1].startswith("SQuAD is limited to a small set of Wikipedia documents")
    # The last digits of a line in small type are no note's number (a filing code in a footer).
    register = _flat(_parse(corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf"), DocumentKind.PDF))
    assert "06AUP1.SGM 06AUP1" in register


def test_a_quoted_sidebars_title_is_a_paragraph_of_its_own() -> None:
    chapter = _parse(corpus_file("md-rust-book-ch04-01-what-is-ownership.md"), DocumentKind.MARKDOWN)
    text = "\n".join(s.text for s in chapter.sections)
    # "> ### The Stack and the Heap" then "> Many programming languages …": never one sentence.
    assert "\nThe Stack and the Heap\n\nMany programming languages don’t require you" in text


def test_lines_set_across_the_page_at_its_edge_are_not_its_text() -> None:
    paper = _flat(_parse(corpus_file("pdf-two-column-dpr-paper-emnlp2020.pdf"), DocumentKind.PDF))
    assert "arXiv:2004.04906v3 [cs.CL]" not in paper  # up the first page's margin
    rule = _flat(_parse(corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf"), DocumentKind.PDF))
    assert "EP06AU20.010</GPH>" not in rule  # a printer's code turned on a figure page
    assert "add the information in figure 5 to paragraph (h)(6) of this AD." in rule
