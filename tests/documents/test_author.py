"""The document's author, where the file says it plainly (``ParsedDocument.author`` → ``Chunk.author``):
an e-book header's "Author:", EPUB's dc:creator, HTML's <meta name="author">, and a PDF's metadata
author only when it is a person's name its first page prints; never office software's junk."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from documents import DocumentKind, ParsedDocument, ParseLimits, chunk_document, parse_document_in_process
from documents.boilerplate import author_name
from documents.model import chunk_from_payload, chunk_to_payload
from documents.parsers.text import parse_plain_text
from tests.documents.pdf_writer import Line, build_pdf

HEADER = """The Project Gutenberg EBook of Lectures on Architecture, by Henry Ashworth

Title: Lectures on Architecture
       Delivered at the Royal Institution

Author: {author}

Release Date: March 3, 2008 [EBook #24001]

*** START OF THIS PROJECT GUTENBERG EBOOK LECTURES ON ARCHITECTURE ***

The Gothic arch may be traced to the pointed vaults of the Norman builders.

*** END OF THIS PROJECT GUTENBERG EBOOK LECTURES ON ARCHITECTURE ***
"""


def _parse(path: Path, kind: DocumentKind) -> ParsedDocument:
    return parse_document_in_process(path, kind, ParseLimits())


def test_a_gutenberg_header_names_the_author_and_every_chunk_carries_it() -> None:
    doc = parse_plain_text(HEADER.format(author="Henry Ashworth"), ParseLimits())
    assert doc.author == "Henry Ashworth"
    chunks = chunk_document(doc, 2000)
    assert [c.author for c in chunks] == ["Henry Ashworth"]
    # the worker reads the chunk back from its stored payload: the author travels with it
    assert chunk_from_payload(0, chunk_to_payload(chunks[0])).author == "Henry Ashworth"


def test_a_header_that_names_no_one_and_a_file_without_a_header_have_no_author() -> None:
    assert parse_plain_text(HEADER.format(author="Various"), ParseLimits()).author is None
    text = "Author: Henry Ashworth\n\nThe Gothic arch may be traced to the pointed vaults."
    assert parse_plain_text(text, ParseLimits()).author is None  # no e-book header: a line of the text


def test_a_catalogue_name_reads_as_written() -> None:
    assert author_name("Carroll, Lewis, 1832-1898") == "Lewis Carroll"
    assert author_name("  Edward   MacDowell ") == "Edward MacDowell"
    for junk in ("jsmith", "Microsoft Word - essay.doc", "webmaster@example.com", "Anonymous", ""):
        assert author_name(junk) is None, junk


OPF = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" xmlns:opf="http://www.idpf.org/2007/opf" version="2.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Pond Life</dc:title>{creators}</metadata>
<manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c1"/></spine></package>"""
CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
CHAPTER = """<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>
<h1>Water</h1><p>Ponds are small bodies of still water that may be likened to lakes in miniature.</p>
</body></html>"""


def _epub(tmp_path: Path, creators: str) -> Path:
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OEBPS/book.opf", OPF.format(creators=creators))
        z.writestr("OEBPS/c1.xhtml", CHAPTER)
    return path


def test_an_epub_names_its_author_in_dc_creator(tmp_path: Path) -> None:
    creators = (
        '<dc:creator opf:role="aut">Mary Delaney</dc:creator><dc:creator opf:role="ill">Tom Hood</dc:creator>'
    )
    assert _parse(_epub(tmp_path, creators), DocumentKind.EPUB).author == "Mary Delaney"
    assert _parse(_epub(tmp_path, ""), DocumentKind.EPUB).author is None


def test_an_html_page_names_its_author_in_its_meta_tag(tmp_path: Path) -> None:
    page = (
        '<html><head><title>On Bridges</title><meta content="Ruth Calloway" name="author"></head>'
        "<body><article><h1>On Bridges</h1><p>The suspension bridge may be traced to the rope bridges of the"
        " Andes, which the Inca built across deep gorges.</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page)
    assert _parse(path, DocumentKind.HTML).author == "Ruth Calloway"
    path.write_text(page.replace("Ruth Calloway", "admin@bridges.example"))
    assert _parse(path, DocumentKind.HTML).author is None


def _pdf(tmp_path: Path, author: str, byline: str) -> Path:
    lines = [Line(72, 700, "On the Decline of the Fresco", size=18), Line(72, 670, byline)]
    lines.append(Line(72, 640, "The decline of the fresco may be traced to the rise of oil painting."))
    path = tmp_path / "essay.pdf"
    path.write_bytes(build_pdf([lines], info={"Author": author}))
    return path


def test_a_pdf_metadata_author_only_when_the_first_page_prints_the_name(tmp_path: Path) -> None:
    assert _parse(_pdf(tmp_path, "Jane Marlow", "by Jane Marlow"), DocumentKind.PDF).author == "Jane Marlow"
    # office software's junk, and a person who saved the file but is not the by-line's writer
    for junk in ("Microsoft Word - fresco.doc", "Windows User", "jsmith", "Peter Quill"):
        assert _parse(_pdf(tmp_path, junk, "by Jane Marlow"), DocumentKind.PDF).author is None, junk


def test_a_docx_metadata_author_is_left_out(tmp_path: Path) -> None:
    # Word writes the account that saved the file ("Windows User", a colleague's name): not the writer
    document = docx.Document()
    document.core_properties.author = "Jane Marlow"
    document.add_paragraph("The decline of the fresco may be traced to the rise of oil painting.")
    path = tmp_path / "essay.docx"
    document.save(str(path))
    assert _parse(path, DocumentKind.DOCX).author is None
