"""EPUB: contents lists and the producer's wrapper are not text of the book."""

from __future__ import annotations

import zipfile
from pathlib import Path

from documents import DocumentKind, ParseLimits, parse_document_in_process

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
OPF = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Pond Life</dc:title></metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine><itemref idref="nav"/><itemref idref="c1"/></spine></package>"""
NAV = """<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>
<nav><h1>Contents</h1><ol><li><a href="c1.xhtml">Chapter I. Water</a></li></ol></nav>
</body></html>"""
CHAPTER = """<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>
<section id="pg-header"><p>The Project Gutenberg eBook of Pond Life</p>
<p>Release date: May 1, 2010 [eBook #1234]</p></section>
<p class="toc"><a href="c1.xhtml#ch1">Chapter I. Water</a></p>
<p class="toc"><a href="c1.xhtml#ch2">Chapter II. Weeds</a></p>
<h2 id="ch1">Chapter I. Water</h2>
<p>Ponds are small bodies of still water (see <a href="#ch2">weeds</a>).</p>
<section id="pg-footer"><p>End of the Project Gutenberg eBook. Licence terms follow.</p></section>
</body></html>"""


def test_contents_links_and_gutenberg_wrapper_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "pond.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/book.opf", OPF)
        archive.writestr("OEBPS/nav.xhtml", NAV)
        archive.writestr("OEBPS/c1.xhtml", CHAPTER)
    doc = parse_document_in_process(path, DocumentKind.EPUB, ParseLimits(), detect_language=False)
    assert [(s.source.heading, s.text) for s in doc.sections] == [
        (("Chapter I. Water",), "Ponds are small bodies of still water (see weeds)."),
    ]
