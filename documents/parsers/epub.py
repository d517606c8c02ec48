"""EPUB with zipfile + lxml (EbookLib is AGPL): chapters in spine order, h1-h3 as headings."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from documents.archive import SafeZip
from documents.boilerplate import author_name
from documents.clean import clean_inline, clean_text, markup_block_text
from documents.headings import enter_heading
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from errors import DocumentCorrupt, DocumentEncrypted

# No entities, no network, no huge trees: the XML comes from an untrusted upload.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
_HTML_PARSER = etree.HTMLParser(no_network=True, huge_tree=False, recover=True)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "figcaption", "caption", "div"}


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _xml(data: bytes, what: str) -> etree._Element:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocumentCorrupt(f"The EPUB's {what} is not valid XML ({exc}).") from None
    if root is None:
        raise DocumentCorrupt(f"The EPUB's {what} is empty.")
    return root


def _first(root: etree._Element, name: str) -> list[etree._Element]:
    return [el for el in root.iter() if _local(el.tag) == name]


_MAX_AUTHORS = 2


def _creator(opf: etree._Element) -> str | None:
    """The book's author from its package's dc:creator ("Lewis Carroll"); two joined with "and";
    None for more (an anthology speaks with no one voice) and for a creator whose role is not
    the author's (an illustrator, an editor)."""
    names: list[str] = []
    for element in _first(opf, "creator"):
        role = next((v for k, v in element.attrib.items() if etree.QName(k).localname == "role"), "aut")
        if role == "aut" and (name := author_name(element.text)):
            names.append(name)
    return " and ".join(names) if 1 <= len(names) <= _MAX_AUTHORS else None


def _toc_titles(archive: SafeZip, opf_dir: str, manifest: dict[str, tuple[str, str]]) -> dict[str, str]:
    """href (no fragment) -> title from the NCX or the EPUB 3 nav document."""
    titles: dict[str, str] = {}
    for href, media in manifest.values():
        if media == "application/x-dtbncx+xml" and archive.has(href):
            base = posixpath.dirname(href)
            for point in _first(_xml(archive.read(href), "table of contents"), "navpoint"):
                label = next((el for el in point.iter() if _local(el.tag) == "text"), None)
                content = next((el for el in point.iter() if _local(el.tag) == "content"), None)
                if label is not None and content is not None and label.text:
                    src = unquote(content.get("src", "").split("#")[0])
                    titles.setdefault(posixpath.normpath(posixpath.join(base, src)), clean_inline(label.text))
    return titles


# Project Gutenberg's licence header and footer inside its EPUBs, and navigation lists.
_BOILERPLATE_IDS = {"pg-header", "pg-footer", "pg-machine-header", "pg-start-separator", "pg-end-separator"}


def _boilerplate(body: etree._Element) -> set[etree._Element]:
    """Elements (with all they hold) that are not the book: nav lists, the producer's wrapper."""
    out: set[etree._Element] = set()
    for element in body.iter():
        classes = set((element.get("class") or "").split())
        if (
            _local(element.tag) == "nav"
            or element.get("id") in _BOILERPLATE_IDS
            or "pg-boilerplate" in classes
        ):
            out.update(element.iter())
    return out


def _only_links(element: etree._Element, text: str) -> bool:
    """The block's text is all in links to places inside the book (a contents list)."""
    linked = "".join(
        "".join(a.itertext())
        for a in element.iter()
        if _local(a.tag) == "a" and a.get("href") and "://" not in (a.get("href") or "")
    )
    return bool(linked) and "".join(linked.split()) == "".join(text.split())


def _chapter_sections(
    root: etree._Element, chapter: str, budget: TextBudget
) -> tuple[list[Section], str | None]:
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    first_heading: str | None = None
    body = next((el for el in root.iter() if _local(el.tag) == "body"), root)
    paragraph = 0
    skipped = _boilerplate(body)
    for element in body.iter():
        if element in skipped:
            continue
        name = _local(element.tag)
        if name in _HEADINGS:
            text = clean_inline("".join(element.itertext()))
            if text:
                first_heading = first_heading or text
                level = _HEADINGS[name]
                enter_heading(path, level, text)
            continue
        if name not in _BLOCKS:
            continue
        # A div holding other blocks is read through them, not twice.
        if any(
            _local(child.tag) in _BLOCKS or _local(child.tag) in _HEADINGS for child in element.iterchildren()
        ):
            continue
        raw = budget.add_text("".join(element.itertext()))
        text = clean_text(raw) if name == "pre" else markup_block_text(raw)
        if text and _only_links(element, text):
            continue  # a contents entry: a link to a chapter, not text of the book
        if text:
            paragraph += 1
            source = SourceRef(chapter=chapter, heading=tuple(t for _, t in path), paragraph=paragraph)
            sections.append(Section(text=text, source=source, kind="code" if name == "pre" else "body"))
    return sections, first_heading


def parse_epub(path: Path, limits: ParseLimits) -> ParsedDocument:
    budget = TextBudget(limits)
    with SafeZip(path) as archive:
        if archive.has("META-INF/encryption.xml"):
            enc = archive.read("META-INF/encryption.xml")
            if b"EncryptedData" in enc and b"obfuscation" not in enc.lower():
                raise DocumentEncrypted("The EPUB is protected by DRM.")
        container = _xml(archive.read("META-INF/container.xml"), "container")
        rootfile = next((el.get("full-path") for el in _first(container, "rootfile")), None)
        if not rootfile or not archive.has(rootfile):
            raise DocumentCorrupt("The EPUB names no package document.")
        opf = _xml(archive.read(rootfile), "package document")
        opf_dir = posixpath.dirname(rootfile)
        manifest: dict[str, tuple[str, str]] = {}
        for item in _first(opf, "item"):
            href = posixpath.normpath(posixpath.join(opf_dir, unquote(item.get("href", ""))))
            manifest[item.get("id", "")] = (href, item.get("media-type", ""))
        spine = [ref.get("idref", "") for ref in _first(opf, "itemref") if ref.get("linear", "yes") != "no"]
        toc = _toc_titles(archive, opf_dir, manifest)
        title_el = next(iter(_first(opf, "title")), None)
        title = clean_inline(title_el.text or "") if title_el is not None and title_el.text else None
        sections: list[Section] = []
        for idref in spine:
            href, media = manifest.get(idref, ("", ""))
            if not href or not archive.has(href) or "html" not in media:
                continue
            data = archive.read(href)
            try:
                root = etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError:
                root = None
            if root is None:
                root = etree.fromstring(data, _HTML_PARSER)
            if root is None:
                continue
            chapter = toc.get(href) or posixpath.basename(href)
            chapter_sections, first_heading = _chapter_sections(root, chapter, budget)
            if href not in toc and first_heading:
                chapter_sections = [
                    Section(s.text, SourceRef(**{**s.source.__dict__, "chapter": first_heading}), s.kind)
                    for s in chapter_sections
                ]
            sections.extend(chapter_sections)
    return ParsedDocument(
        kind=DocumentKind.EPUB, sections=sections, title=title or None, author=_creator(opf)
    )
