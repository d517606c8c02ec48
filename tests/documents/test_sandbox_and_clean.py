"""The bounded child process, and text clean-up."""

from __future__ import annotations

import multiprocessing

import pytest

import errors
from documents import DocumentKind, ParseLimits, parse_document
from documents.clean import clean_text, plain_text_emphasis
from tests.conftest import corpus_file


def test_timeout_kills_the_child() -> None:
    path = corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf")
    with pytest.raises(errors.DocumentTooComplex):
        parse_document(path, DocumentKind.PDF, ParseLimits(timeout_s=0.01))
    assert multiprocessing.active_children() == []
    # The caller is healthy: the next parse succeeds.
    doc = parse_document(path, DocumentKind.PDF, ParseLimits())
    assert doc.page_count == 15


def test_memory_bound_fails_the_job_not_the_caller() -> None:
    path = corpus_file("pdf-text-heavy-federal-register-2020-17221.pdf")
    with pytest.raises(errors.DocumentTooComplex):
        # Far below what the child already maps: every new allocation fails.
        parse_document(path, DocumentKind.PDF, ParseLimits(memory_mb=16))
    assert multiprocessing.active_children() == []
    assert parse_document(path, DocumentKind.PDF, ParseLimits()).sections


def test_errors_cross_the_process_boundary() -> None:
    path = corpus_file("pdf-encrypted-rc4-user-password-libreoffice.pdf")
    with pytest.raises(errors.PdfEncrypted) as caught:
        parse_document(path, DocumentKind.PDF, ParseLimits())
    assert caught.value.code == "pdf_encrypted"
    assert "password" in caught.value.detail


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("infor\x02\r\nmation", "information"),
        ("infor-\nmation", "information"),
        ("well-\nKnown", "well-\nKnown"),
        ("ﬁne  spaced\t\ttext", "fine spaced text"),
        ("a\r\n\r\n\r\n\r\nb", "a\n\nb"),
        ("soft\u00adhyphen", "softhyphen"),
        ("infor\u00ad\nmation", "information"),
        # pdfium's mark for a word hyphenated at a line end, on the joined line
        ("ef\ufffeficient com\ufffe\nplementary", "efficient complementary"),
        ("Lucene\ufffeBM25", "Lucene-BM25"),
        # a continuation that is itself hyphenated is a compound's: the hyphen stays
        ("the state\ufffeof-the-art results", "the state-of-the-art results"),
        ("the state-\nof-the-art results", "the state-of-the-art results"),
        ("non\ufdd0char\uffffacters\U0010fffe", "noncharacters"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "marked"),
    [
        ("the _samisen_ is a banjo", "the **samisen** is a banjo"),
        ("he gained _the Prix de Rome_, and", "he gained **the Prix de Rome**, and"),
        ("_a title far too long to be one term at all_", "a title far too long to be one term at all"),
        ("file_name_here and __init__ stay", "file_name_here and __init__ stay"),
    ],
)
def test_plain_text_italics(raw: str, marked: str) -> None:
    assert plain_text_emphasis(raw) == marked
