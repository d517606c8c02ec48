"""Bold terms survive parsing as **term** (DOCX, PPTX, Markdown, HTML) and become offline cards."""

from __future__ import annotations

from pathlib import Path

import docx
import pptx
from pptx.util import Inches

from cards.generate import offline_cards
from cards.schema import GenerationOptions
from cards.text import normalize
from documents import DocumentKind, ParseLimits, chunk_document
from documents import parse_document_in_process as parse_local

DEFINITION = " is the enzyme in saliva that starts breaking down starch into sugars."


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Digestion", level=1)
    term = document.add_paragraph()
    term.add_run("Amylase").bold = True
    term.add_run(DEFINITION)
    document.add_paragraph().add_run("Everything in this paragraph is bold for the exam.").bold = True
    long_bold = document.add_paragraph("Remember: ")
    long_bold.add_run("this whole warning sentence is set in bold type").bold = True
    long_bold.add_run(" before the test.")
    document.save(str(path))
    return path


def test_short_bold_runs_are_kept_as_emphasis_and_styling_is_not(tmp_path):
    parsed = parse_local(make_docx(tmp_path / "notes.docx"), DocumentKind.DOCX, ParseLimits())
    texts = [s.text for s in parsed.sections]
    assert texts[0] == "**Amylase**" + DEFINITION
    assert texts[1] == "Everything in this paragraph is bold for the exam."  # all bold: styling
    assert "**" not in texts[2]  # a bold span of 8 words is not a term


def test_a_bold_term_becomes_a_card_without_the_markers(tmp_path):
    parsed = parse_local(make_docx(tmp_path / "notes.docx"), DocumentKind.DOCX, ParseLimits())
    (chunk,) = chunk_document(parsed, 1200)
    cards = offline_cards(chunk, GenerationOptions(max_cards=10), language="en").cards
    term_cards = [c for c in cards if "Amylase" in c.front or "Amylase" in c.back]
    assert term_cards, [c.front for c in cards]
    assert all("**" not in c.front + c.back for c in cards)


def test_markdown_bold_is_kept_in_body_text(tmp_path):
    source = tmp_path / "notes.md"
    source.write_text("# Digestion\n\n**Amylase**" + DEFINITION + "\n")
    parsed = parse_local(source, DocumentKind.MARKDOWN, ParseLimits())
    assert parsed.sections[0].text == "**Amylase**" + DEFINITION


def test_a_quote_copied_without_the_markers_still_matches_its_source():
    assert normalize("**Amylase**" + DEFINITION) == normalize("Amylase" + DEFINITION)


def test_pptx_short_bold_runs_are_kept_as_emphasis(tmp_path: Path) -> None:
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = "Digestion"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(2)).text_frame
    term = box.paragraphs[0]
    bold = term.add_run()
    bold.text = "Amylase"
    bold.font.bold = True
    term.add_run().text = DEFINITION
    styled = box.add_paragraph().add_run()
    styled.text = "A whole line in bold is styling."
    styled.font.bold = True
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    parsed = parse_local(path, DocumentKind.PPTX, ParseLimits())
    assert parsed.sections[0].text == "**Amylase**" + DEFINITION + "\nA whole line in bold is styling."
