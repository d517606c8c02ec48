"""Debris that extraction used to leave in the text: footnote marks glued to words, e-book
typography, producer notes and licences. Each test reads a corpus document in place or a
small file written here, and fails if the debris comes back."""

from __future__ import annotations

from pathlib import Path

from documents import DocumentKind, ParsedDocument, ParseLimits, parse_document_in_process
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
