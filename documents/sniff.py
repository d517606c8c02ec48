"""Which format a file is, judged from its bytes (the name only breaks ties between text formats)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import charset_normalizer

from documents.archive import SafeZip
from documents.model import DocumentKind
from errors import DocumentEncrypted, EmptyDocument, UnsupportedDocument

_HEAD_BYTES = 8192
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Directory entry names in a CFB file are UTF-16-LE.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OLE_SCAN_BLOCK = 1024 * 1024
#: Byte order marks and their encodings, UTF-32 first (its little-endian mark opens with UTF-16's);
#: the text parser decodes with the same table.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Formats we can name in the error, so the user knows why.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
)
_WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PPT_MAINS = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
)
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(r"<(html|head|body|div|p|h[1-6]|table|article|section|span|a)\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_MD_FENCE = re.compile(r"^\s*(```|~~~)", re.M)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_MD_LIST = re.compile(r"^\s*([-*+]|\d+\.)\s+\S", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)\S[^*\n]*\S\1|`[^`\n]+`")
_MARKDOWN_EXT = {".md", ".markdown", ".mdown", ".mkd", ".mdx"}
_TEXT_EXT = {".txt", ".text"}
_HTML_EXT = {".html", ".htm", ".xhtml"}


def detect_kind(path: Path, filename: str | None = None) -> DocumentKind:
    """The document's kind from its first bytes (and a zip's directory); never reads the file whole."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocument("The file is empty.")
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if b"%PDF-" in head[:1024]:
        return DocumentKind.PDF
    if head.startswith(_OLE2_MAGIC):
        _refuse_ole2(path)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path)
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise UnsupportedDocument(f"The file is {what}, not a document Deckhand reads.")
    text = _decode_head(head)
    suffix = Path(filename or path.name).suffix.lower()
    return _sniff_text(text, suffix)


def _refuse_ole2(path: Path) -> None:
    """OLE2/CFB: a password-protected OOXML file (EncryptedPackage) or a legacy .doc/.ppt/.xls."""
    tail = b""
    with path.open("rb") as fh:
        while block := fh.read(_OLE_SCAN_BLOCK):
            if _ENCRYPTED_PACKAGE in tail + block:
                raise DocumentEncrypted("The Office document is password-protected.")
            tail = block[-len(_ENCRYPTED_PACKAGE) :]
    raise UnsupportedDocument(
        "The file is a legacy Office document (.doc, .ppt or .xls).",
        hint="Open it in Word or PowerPoint and save it as .docx or .pptx, then upload that.",
    )


def _sniff_zip(path: Path) -> DocumentKind:
    with SafeZip(path) as archive:
        if archive.has("mimetype"):
            mimetype = archive.read("mimetype", max_bytes=1024).strip()
            if mimetype == b"application/epub+zip":
                return DocumentKind.EPUB
        if archive.has("[Content_Types].xml"):
            types = archive.read("[Content_Types].xml", max_bytes=1024 * 1024)
            if b"macroEnabled" in types or any(n.endswith("vbaProject.bin") for n in archive.names()):
                raise UnsupportedDocument(
                    "Macro-enabled Office files are not accepted.",
                    hint="Save the document without macros (.docx or .pptx) and upload that.",
                )
            if _WORD_MAIN in types:
                return DocumentKind.DOCX
            if any(main in types for main in _PPT_MAINS):
                return DocumentKind.PPTX
            raise UnsupportedDocument("The Office file is not a Word document or a PowerPoint deck.")
        if archive.has("META-INF/container.xml"):
            return DocumentKind.EPUB
    raise UnsupportedDocument("The file is a zip archive, not a document.")


def _decode_head(head: bytes) -> str:
    """The head as text, or UnsupportedDocument when the bytes are binary."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return codecs.getincrementaldecoder(encoding)("replace").decode(head[len(bom) :])
    if b"\x00" in head:
        raise UnsupportedDocument("The file holds binary data, not text.")
    try:
        # An incremental decoder tolerates a character cut at the end of the head.
        text = codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(head).best()
        if best is None:
            raise UnsupportedDocument("The file is neither a known document format nor text.") from None
        text = str(best)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if text and controls / len(text) > 0.02:
        raise UnsupportedDocument("The file holds binary data, not text.")
    return text


def _markdown_score(text: str) -> int:
    score = 2 * min(len(_MD_HEADING.findall(text)), 3)
    score += 2 * min(len(_MD_FENCE.findall(text)), 2)
    score += min(len(_MD_LINK.findall(text)), 2)
    score += min(len(_MD_LIST.findall(text)), 2)
    score += min(len(_MD_EMPHASIS.findall(text)), 2)
    return score


def _sniff_text(text: str, suffix: str) -> DocumentKind:
    if _HTML_START.match(text.encode("utf-8", "replace")[:4096]):
        return DocumentKind.HTML  # a whole page (doctype or <html>), whatever its name
    # Markdown may open with raw HTML (a centred <div> banner, badges): a .md file that is not
    # a whole page stays Markdown, and so does an unnamed one whose text reads as Markdown.
    if suffix in _MARKDOWN_EXT:
        return DocumentKind.MARKDOWN
    markdown_like = _markdown_score(text) >= 4
    if len(_HTML_TAGS.findall(text)) >= 5 and (
        suffix in _HTML_EXT or (text.lstrip().startswith("<") and not markdown_like)
    ):
        return DocumentKind.HTML
    if suffix in _TEXT_EXT:
        return DocumentKind.TEXT
    return DocumentKind.MARKDOWN if markdown_like else DocumentKind.TEXT
