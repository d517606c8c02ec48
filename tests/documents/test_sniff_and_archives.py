"""Sniffing by bytes, and generated hostile zip containers."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

import errors
from documents import DocumentKind, ParseLimits, detect_kind, parse_document_in_process, parse_text
from tests.conftest import corpus_file, tiny_png


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("picture.pdf", tiny_png()),
        ("random.pdf", os.urandom(4096)),
        ("program.txt", b"\x7fELF\x02\x01\x01" + bytes(100)),
        ("nul.txt", b"text" + b"\x00" * 50 + b"more text"),
    ],
)
def test_non_documents_are_unsupported(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(errors.UnsupportedDocument):
        detect_kind(path, name)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(errors.EmptyDocument):
        detect_kind(path)


def test_wrong_extension_is_read_by_bytes() -> None:
    path = corpus_file("wrongext-docx-saved-as-eng-spa-mult.doc")
    assert detect_kind(path, "eng_spa_mult.doc") == DocumentKind.DOCX


def test_legacy_ole2_without_encryption_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(errors.UnsupportedDocument) as caught:
        detect_kind(path)
    assert ".docx" in caught.value.hint


@pytest.mark.parametrize(
    ("text", "filename", "kind"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "page.txt", DocumentKind.HTML),
        (
            "# Title\n\nSome *text* with a [link](http://x.y).\n\n## More\n\n- a\n- b\n",
            "upload",
            DocumentKind.MARKDOWN,
        ),
        ("Just a plain note.\nWith two lines.", "note", DocumentKind.TEXT),
        ("Just a plain note.", "note.md", DocumentKind.MARKDOWN),
        ("# Heading\n\ntext", "note.txt", DocumentKind.TEXT),
    ],
)
def test_text_like_kinds(tmp_path: Path, text: str, filename: str, kind: DocumentKind) -> None:
    path = tmp_path / "upload.bin"
    path.write_text(text, encoding="utf-8")
    assert detect_kind(path, filename) == kind


def test_utf16_and_latin1_are_text(tmp_path: Path) -> None:
    utf16 = tmp_path / "a"
    utf16.write_bytes("\ufeffHéllo wörld, ça va?".encode("utf-16-le"))
    latin1 = tmp_path / "b"
    latin1.write_bytes("Ceci est écrit en Latin-1: déjà vu, façade.\n".encode("latin-1") * 20)
    assert detect_kind(utf16) == DocumentKind.TEXT
    assert detect_kind(latin1) == DocumentKind.TEXT
    doc = parse_document_in_process(latin1, DocumentKind.TEXT, ParseLimits())
    assert "déjà vu, façade" in doc.sections[0].text


# --- generated hostile archives -------------------------------------------------------


def _docx_like(path: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def _assert_quick(path: Path, error: type[errors.DeckhandError]) -> None:
    started = time.perf_counter()
    with pytest.raises(error):
        detect_kind(path)
    with pytest.raises(error):
        parse_document_in_process(path, DocumentKind.DOCX, ParseLimits())
    assert time.perf_counter() - started < 2.0


def test_too_many_entries(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(3000):
            zf.writestr(f"e{i}", b"")
    _assert_quick(path, errors.ArchiveBomb)


def test_path_traversal_entry(tmp_path: Path) -> None:
    path = _docx_like(tmp_path / "evil.docx", {"../../x": b"boo"})
    _assert_quick(path, errors.ArchiveBomb)


def test_absolute_path_entry(tmp_path: Path) -> None:
    path = _docx_like(tmp_path / "evil.docx", {"/etc/x": b"boo"})
    _assert_quick(path, errors.ArchiveBomb)


def test_highly_compressible_entry(tmp_path: Path) -> None:
    path = tmp_path / "zeros.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w") as entry:
            block = bytes(1024 * 1024)
            for _ in range(50):
                entry.write(block)
    assert path.stat().st_size < 1024 * 1024
    _assert_quick(path, errors.ArchiveBomb)


def test_encrypted_entry_flag(tmp_path: Path) -> None:
    path = _docx_like(tmp_path / "locked.docx", {"word/document.xml": b"ciphertext"})
    data = bytearray(path.read_bytes())
    # Set bit 0 (encrypted) of the general-purpose flags in every central-directory record.
    at = data.index(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 0x1
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    _assert_quick(path, errors.DocumentEncrypted)


def test_overlapping_entries(tmp_path: Path) -> None:
    path = _docx_like(tmp_path / "overlap.docx", {"word/document.xml": b"<w:document/>" * 10})
    data = bytearray(path.read_bytes())
    # Point the second central-directory record at the first entry's local header.
    first = data.index(b"PK\x01\x02")
    second = data.index(b"PK\x01\x02", first + 4)
    data[second + 42 : second + 46] = data[first + 42 : first + 46]
    path.write_bytes(bytes(data))
    _assert_quick(path, errors.ArchiveBomb)


def test_truncated_zip(tmp_path: Path) -> None:
    good = corpus_file("docx-headings-image-table-word-sample.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    _assert_quick(path, errors.DocumentCorrupt)


# --- pasted text ------------------------------------------------------------------


def test_parse_text_pasted() -> None:
    doc = parse_text(
        "Photosynthesis turns light into chemical energy.\n\nIt happens in chloroplasts.",
        ParseLimits(),
        "Bio",
    )
    assert doc.kind == DocumentKind.TEXT
    assert doc.title == "Bio"
    assert [s.source.paragraph for s in doc.sections] == [1, 2]
    assert doc.sections[1].source.lines == (3, 3)
    assert doc.language == "en"


def test_parse_text_limits_and_empty() -> None:
    with pytest.raises(errors.DocumentTooLarge):
        parse_text("x" * 2001, ParseLimits(max_chars=2000))
    with pytest.raises(errors.EmptyDocument):
        parse_text("  \n\n ", ParseLimits())
