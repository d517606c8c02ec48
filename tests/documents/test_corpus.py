"""Every file of the shared corpus, with the outcome it must have."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import errors
from documents import DocumentKind, ParsedDocument, ParseLimits, detect_kind, parse_document
from documents import parse_document_in_process as parse_local
from tests.conftest import CORPUS, corpus_file

LIMITS = ParseLimits()
Check = Callable[[ParsedDocument], None]


def _federal(doc: ParsedDocument) -> None:
    assert doc.page_count == 15
    assert {s.source.page for s in doc.sections} == set(range(1, 16))
    assert doc.language == "en"
    text = "\n".join(s.text for s in doc.sections)
    assert "\x02" not in text and "\r" not in text
    assert "Federal Aviation Administration" in text


def _dpr(doc: ParsedDocument) -> None:
    assert doc.page_count == 13
    assert {s.source.page for s in doc.sections} == set(range(1, 14))
    assert "Dense Passage Retrieval" in " ".join(s.text + " ".join(s.source.heading) for s in doc.sections)


def _slides(doc: ParsedDocument) -> None:
    assert doc.page_count == 20
    assert max(s.source.page or 0 for s in doc.sections) == 20
    assert "Cython" in " ".join(s.text for s in doc.sections)


def _korean(doc: ParsedDocument) -> None:
    assert doc.language == "ko"
    assert re.search(r"[\uac00-\ud7a3]{5}", doc.sections[0].text)
    assert {s.source.page for s in doc.sections} == {1, 2, 3, 4}


def _tiny(doc: ParsedDocument) -> None:
    assert doc.page_count == 1
    assert doc.sections[0].source.page == 1
    assert "Lorem ipsum" in doc.sections[0].text


def _docx_headings(doc: ParsedDocument) -> None:
    headings = {s.source.heading for s in doc.sections}
    assert ("Swimming in the lake", "Let’s swim!") in headings
    assert any(s.kind == "table" and " | " in s.text for s in doc.sections)
    numbers = [s.source.paragraph for s in doc.sections]
    assert numbers == sorted(numbers) and numbers[0] == 1
    # The bullet list under "Let's swim!" is one section, an item a line.
    lists = [s.text.split("\n") for s in doc.sections if s.kind == "list"]
    assert lists[0][:3] == ["You can relax and look around", "Paddle about", "Enjoy summer warmth"]
    assert lists[-1] == ["Leaves", "Berries", "Grain"]


def _docx_tables(doc: ParsedDocument) -> None:
    tables = [s for s in doc.sections if s.kind == "table"]
    assert len(tables) == 7
    assert "Header 0.0 | Header 0.1 | Header 0.2" in tables[0].text
    assert "Merged Cell" in tables[1].text


def _docx_images(doc: ParsedDocument) -> None:
    assert "floating picture" in " ".join(s.text for s in doc.sections)


def _wrongext(doc: ParsedDocument) -> None:
    assert doc.kind == DocumentKind.DOCX
    text = " ".join(s.text for s in doc.sections)
    assert "All human beings are born free" in text
    assert "Todos los seres humanos" in text


def _pptx(doc: ParsedDocument) -> None:
    assert doc.page_count == 48
    assert {s.source.slide for s in doc.sections if not s.source.notes} >= {1, 2, 48}
    notes = [s for s in doc.sections if s.source.notes]
    assert len({s.source.slide for s in notes}) == 32
    assert all(s.kind == "notes" for s in notes)
    assert ("Session Objectives",) in {s.source.heading for s in doc.sections if s.source.slide == 2}


def _duck(doc: ParsedDocument) -> None:
    assert ("Duck", "Etymology") in {s.source.heading for s in doc.sections}
    text = " ".join(s.text for s in doc.sections)
    assert "waterfowl" in text
    assert "Jump to content" not in text


def _bbc(doc: ParsedDocument) -> None:
    assert "frustration" in (doc.title or "")
    assert "gun" in " ".join(s.text for s in doc.sections)


def _markdown(doc: ParsedDocument) -> None:
    headings = {s.source.heading for s in doc.sections}
    assert ("What Is Ownership?", "Ownership Rules") in headings
    assert (
        "What Is Ownership?",
        "Memory and Allocation",
        "Variables and Data Interacting with Move",
    ) in headings
    assert all(s.source.lines and s.source.lines[0] <= s.source.lines[1] for s in doc.sections)
    assert any(s.kind == "code" for s in doc.sections)
    assert "{{#" not in " ".join(s.text for s in doc.sections)


def _latin1(doc: ParsedDocument) -> None:
    text = " ".join(s.text for s in doc.sections)
    assert "\ufffd" not in text
    assert re.search(r"[éèàü]", text)
    assert "MacDowell" in text
    # Line numbers are the file's, though Project Gutenberg's header and licence are left out.
    assert doc.sections[0].source.lines is not None and doc.sections[0].source.lines[0] > 22
    assert "Project Gutenberg" not in text and "Release Date" not in text
    # The contents ("CHAP. PAGE" then one line per lecture) and the index are not prose.
    assert not re.search(r"THE ORIGIN OF MUSIC \d", text)
    assert "Zither, 33." not in text
    # Its _italics_ are terms: kept as emphasis, without the underscores.
    assert "**samisen**" in text and "_samisen_" not in text


def _french(doc: ParsedDocument) -> None:
    assert doc.language == "fr"
    text = " ".join(s.text for s in doc.sections)
    assert "français" in text.lower()
    assert "Project Gutenberg" not in text and "EBook #44157" not in text
    assert "Voilà le Docteur 10" not in text  # a contents line


def _utf16(doc: ParsedDocument) -> None:
    assert doc.sections[0].text.startswith("This is a test document to use for unit tests.")


def _epub(doc: ParsedDocument) -> None:
    chapters: list[str] = []
    for section in doc.sections:
        assert section.source.chapter
        if section.source.chapter not in chapters:
            chapters.append(section.source.chapter)
    assert chapters[1:4] == ["Down The Rabbit-Hole", "The Pool Of Tears", "A Caucus-Race And A Long Tale"]
    assert chapters[-1] == "Alice's Evidence"


GOOD: dict[str, tuple[DocumentKind, Check]] = {
    "pdf-text-heavy-federal-register-2020-17221.pdf": (DocumentKind.PDF, _federal),
    "pdf-two-column-dpr-paper-emnlp2020.pdf": (DocumentKind.PDF, _dpr),
    "pdf-slides-python-scicomp-lecture8-hpc.pdf": (DocumentKind.PDF, _slides),
    "pdf-korean-nars-issue-brief-4p.pdf": (DocumentKind.PDF, _korean),
    "pdf-tiny-one-page-minimal-latex.pdf": (DocumentKind.PDF, _tiny),
    # Hostile but readable with pypdfium2: the cycle page is skipped, JBIG2 data is never decoded.
    "pdf-hostile-page-tree-cycle.pdf": (DocumentKind.PDF, lambda d: None),
    "pdf-hostile-jbig2-content-stream-bomb.pdf": (DocumentKind.PDF, lambda d: None),
    "docx-headings-image-table-word-sample.docx": (DocumentKind.DOCX, _docx_headings),
    "docx-tables-merged-cells.docx": (DocumentKind.DOCX, _docx_tables),
    "docx-images-inline-and-floating.docx": (DocumentKind.DOCX, _docx_images),
    "wrongext-docx-saved-as-eng-spa-mult.doc": (DocumentKind.DOCX, _wrongext),
    "pptx-deck-with-notes-ohio-ela-standards.pptx": (DocumentKind.PPTX, _pptx),
    "html-wikipedia-duck.html": (DocumentKind.HTML, _duck),
    "html-news-bbc-obama-gun-laws.html": (DocumentKind.HTML, _bbc),
    "md-rust-book-ch04-01-what-is-ownership.md": (DocumentKind.MARKDOWN, _markdown),
    "txt-latin1-macdowell-critical-historical-essays.txt": (DocumentKind.TEXT, _latin1),
    "txt-french-utf8-entre-nous.txt": (DocumentKind.TEXT, _french),
    "txt-utf16le-bom-fake-text.txt": (DocumentKind.TEXT, _utf16),
    "epub-alice-in-wonderland.epub": (DocumentKind.EPUB, _epub),
}

# Refused when sniffed (upload time).
BAD_AT_SNIFF: dict[str, type[errors.DeckhandError]] = {
    "docx-corrupt-truncated-zip.docx": errors.DocumentCorrupt,
    "docx-encrypted-ole2-password-pass.docx": errors.DocumentEncrypted,
    "docx-hostile-zipbomb-zbsm-renamed.docx": errors.ArchiveBomb,
}
# Sniffed as PDF, refused while parsing.
BAD_AT_PARSE: dict[str, type[errors.DeckhandError]] = {
    "pdf-encrypted-rc4-user-password-libreoffice.pdf": errors.PdfEncrypted,
    "pdf-truncated-illustrator-no-startxref.pdf": errors.PdfUnreadable,
    "pdf-scanned-image-only-huck-finn-p22.pdf": errors.NoTextLayer,
}


def _manifest() -> list[str]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return sorted({*GOOD, *BAD_AT_SNIFF, *BAD_AT_PARSE})
    with path.open(encoding="utf-8") as fh:
        return [row["filename"] for row in csv.DictReader(fh, delimiter="\t")]


def test_every_manifest_file_has_an_expectation() -> None:
    assert set(_manifest()) == {*GOOD, *BAD_AT_SNIFF, *BAD_AT_PARSE}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_files_parse_with_references(name: str) -> None:
    path = corpus_file(name)
    kind, check = GOOD[name]
    assert detect_kind(path, name) == kind
    doc = parse_local(path, kind, LIMITS)
    assert doc.kind == kind
    assert doc.sections and all(s.text.strip() for s in doc.sections)
    check(doc)


@pytest.mark.parametrize("name", sorted(BAD_AT_SNIFF))
def test_bad_files_refused_at_sniff(name: str) -> None:
    with pytest.raises(BAD_AT_SNIFF[name]):
        detect_kind(corpus_file(name), name)


@pytest.mark.parametrize("name", sorted(BAD_AT_PARSE))
def test_bad_pdfs_refused_at_parse(name: str) -> None:
    path = corpus_file(name)
    assert detect_kind(path, name) == DocumentKind.PDF
    with pytest.raises(BAD_AT_PARSE[name]) as caught:
        parse_local(path, DocumentKind.PDF, LIMITS)
    assert caught.value.hint


def test_zip_bomb_refused_by_parser_too() -> None:
    """Even if a caller skipped sniffing, the parser's own zip checks refuse the bomb."""
    with pytest.raises(errors.ArchiveBomb):
        parse_local(corpus_file("docx-hostile-zipbomb-zbsm-renamed.docx"), DocumentKind.DOCX, LIMITS)


HOSTILE_IN_CHILD: list[tuple[str, DocumentKind, type[errors.DeckhandError] | None]] = [
    ("pdf-hostile-page-tree-cycle.pdf", DocumentKind.PDF, None),
    ("pdf-hostile-jbig2-content-stream-bomb.pdf", DocumentKind.PDF, None),
    ("pdf-encrypted-rc4-user-password-libreoffice.pdf", DocumentKind.PDF, errors.PdfEncrypted),
    ("pdf-truncated-illustrator-no-startxref.pdf", DocumentKind.PDF, errors.PdfUnreadable),
    ("pdf-scanned-image-only-huck-finn-p22.pdf", DocumentKind.PDF, errors.NoTextLayer),
    ("docx-hostile-zipbomb-zbsm-renamed.docx", DocumentKind.DOCX, errors.ArchiveBomb),
    ("docx-corrupt-truncated-zip.docx", DocumentKind.DOCX, errors.DocumentCorrupt),
]


def test_hostile_files_in_child_then_worker_alive() -> None:
    """Through the bounded child: the same error classes with their detail, and the caller still works."""
    for name, kind, expected in HOSTILE_IN_CHILD:
        path = corpus_file(name)
        if expected is None:
            doc = parse_document(path, kind, LIMITS)
            assert doc.sections
        else:
            with pytest.raises(expected) as caught:
                parse_document(path, kind, LIMITS)
            assert type(caught.value) is expected
            assert caught.value.detail and caught.value.detail != expected.title
    good = parse_document(corpus_file("pdf-tiny-one-page-minimal-latex.pdf"), DocumentKind.PDF, LIMITS)
    assert good.sections[0].source.page == 1
    local = parse_local(
        corpus_file("md-rust-book-ch04-01-what-is-ownership.md"), DocumentKind.MARKDOWN, LIMITS
    )
    assert local.sections


def test_page_limit_enforced() -> None:
    path = corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf")
    with pytest.raises(errors.TooManyPages):
        parse_local(path, DocumentKind.PDF, ParseLimits(max_pages=5))
    with pytest.raises(errors.TooManyPages):
        parse_local(
            corpus_file("pptx-deck-with-notes-ohio-ela-standards.pptx"),
            DocumentKind.PPTX,
            ParseLimits(max_pages=10),
        )


@pytest.mark.parametrize(
    "name",
    [
        "pdf-text-heavy-federal-register-2020-17221.pdf",
        "txt-latin1-macdowell-critical-historical-essays.txt",
        "epub-alice-in-wonderland.epub",
        "pptx-deck-with-notes-ohio-ela-standards.pptx",
        "html-wikipedia-duck.html",
    ],
)
def test_char_limit_enforced(name: str) -> None:
    path = corpus_file(name)
    with pytest.raises(errors.DocumentTooLarge):
        parse_local(path, detect_kind(path), ParseLimits(max_chars=1000))


def test_corpus_dir_is_outside_repo() -> None:
    assert not Path(__file__).resolve().is_relative_to(CORPUS)
