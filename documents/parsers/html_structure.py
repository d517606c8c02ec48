"""HTML read by its structure: headings and their nesting kept, navigation and boilerplate dropped.

trafilatura is made for articles and news: on generated documentation it drops headings
(DocBook's ``<h2 class="title">`` inside ``<div class="titlepage">``) and sometimes whole
sections. Pages from the common documentation and wiki generators (DocBook, Sphinx, MkDocs,
MediaWiki, mdBook), and any page whose headings trafilatura loses, are read here instead: the main
content element is found by the generator's own markup, boilerplate is removed by tag and
class, and the rest is walked in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from documents.clean import clean_inline, clean_text, is_emphasised_term
from documents.headings import enter_heading, heading_tuple
from documents.model import Section, SourceRef

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Never content: chrome, scripts, forms, embedded media.
_DROP_TAGS = {
    "nav", "aside", "footer", "script", "style", "noscript", "form", "button", "svg", "iframe",
    "template", "input", "select", "textarea", "math", "object", "embed", "canvas", "audio", "video",
}  # fmt: skip
# Class or id tokens of navigation, tables of contents, edit links, reference lists and other
# chrome in the generators' markup (DocBook, Sphinx, MkDocs, MediaWiki) and in common themes.
_DROP_TOKENS = {
    "navheader", "navfooter", "navbar", "navigation", "nav", "menu", "breadcrumb", "breadcrumbs",
    "sidebar", "sphinxsidebar", "sphinxsidebarwrapper", "related", "toc", "toctree-wrapper",
    "headerlink", "anchor", "anchorjs-link", "mw-editsection", "references",
    "reflist", "refbegin", "navbox", "vertical-navbox", "catlinks", "printfooter", "noprint",
    "mw-jump-link", "metadata", "ambox", "hatnote", "mw-cite-backlink", "shortdescription",
    "sistersitebox", "md-sidebar", "md-header", "md-footer", "md-source", "md-nav", "md-top",
    "md-dialog", "md-search", "md-content__button", "footer", "share", "social", "cookie",
    "cookies", "advert", "ads", "skip-link", "sr-only", "visually-hidden", "screen-reader-text",
    "sitesub", "contentsub", "jump-to-nav", "mw-navigation", "rst-footer-buttons", "edit-link",
    "pg-boilerplate", "pg-header", "pg-footer",
}  # fmt: skip
# Of those, the ones a table of contents wears (which a single-page build reuses for its content).
_CONTENTS_TOKENS = {"toc", "toctree-wrapper"}
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "font",
    "label", "img", "del", "ins",
}  # fmt: skip
_EMPHASIS = {"b", "strong", "dfn"}
_TOKENS = re.compile(r"[\s]+")
_DOCBOOK_TITLE = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' titlepage ')]"
    "//*[self::h1 or self::h2 or self::h3 or self::h4][contains(@class, 'title')]"
)


def _class_tokens(element: etree._Element) -> set[str]:
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    return {t.lower() for t in _TOKENS.split(raw) if t}


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _dropped(element: etree._Element) -> bool:
    tag = _tag(element)
    if not tag or tag in _DROP_TAGS:
        return True
    if tag == "header" and not any(_tag(e) in _HEADINGS for e in element.iter()):
        return True
    if element.get("role") in ("navigation", "search", "banner", "contentinfo", "complementary"):
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    tokens = _class_tokens(element)
    if tokens & _CONTENTS_TOKENS and _holds_sections(element):
        return False
    # MediaWiki's citation marks are <sup class="reference">; Sphinx's links in the text are
    # <a class="reference internal">, which are words of the sentence.
    return bool(tokens & _DROP_TOKENS) or (tag == "sup" and "reference" in tokens)


def _holds_sections(element: etree._Element) -> bool:
    """True for a "contents" element that holds the documents themselves, not links to them.

    Sphinx's single-page build (``singlehtml``) writes every document inside the toctree's
    wrapper; a table of contents lists links and never holds a section with its heading.
    """
    return bool(
        element.xpath(
            ".//*[self::section or contains(concat(' ', normalize-space(@class), ' '), ' section ')]"
            "/*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
        )
    )


def parse_tree(html: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:  # a str with an XML encoding declaration
        return lxml.html.document_fromstring(html.encode("utf-8"))
    except etree.ParserError:
        return None


def _first(root: etree._Element, xpath: str) -> etree._Element | None:
    found = root.xpath(xpath)
    return found[0] if found and isinstance(found[0], etree._Element) else None


def content_root(root: etree._Element) -> tuple[etree._Element, str | None] | None:
    """The main content element of a known generator's page, and a page heading outside it."""
    generator = " ".join(str(g) for g in root.xpath("//meta[@name='generator']/@content")).lower()
    if "mediawiki" in generator or _first(root, "//*[@id='mw-content-text']") is not None:
        main = _first(root, "//*[@id='mw-content-text']")
        heading = _first(root, "//h1[@id='firstHeading']")
        if main is not None:
            return main, clean_inline(heading.text_content()) if heading is not None else None
    main = _first(root, "//article[contains(@class, 'md-content__inner')]")  # MkDocs Material
    if main is not None:
        return main, None
    # Sphinx and MkDocs mark themselves by the generator tag or by their heading permalinks.
    if any(name in generator for name in ("sphinx", "docutils", "mkdocs")) or (
        _first(root, "//a[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]") is not None
    ):
        for xpath in (
            "//div[contains(concat(' ', normalize-space(@class), ' '), ' body ')]",  # Sphinx themes
            "//div[@role='main']",  # MkDocs' own themes, Read the Docs
            "//main",
        ):
            main = _first(root, xpath)
            if main is not None:
                return main, None
    # mdBook (the Rust book, most Rust project guides) writes no generator tag, only a comment, and
    # heading links of class "header"; its chapter is the page's <main>. trafilatura drops the
    # listings there, and with them the code a sentence explains.
    if _is_mdbook(root):
        main = _first(root, "//main")
        if main is not None:
            return main, None
    if "docbook" in generator or _first(root, _DOCBOOK_TITLE) is not None:
        body = _first(root, "//body")
        return (body if body is not None else root), None
    return None


def _is_mdbook(root: etree._Element) -> bool:
    if root.xpath("//comment()[contains(., 'generated using mdBook')]"):
        return True
    return bool(root.xpath("//main//*[self::h1 or self::h2 or self::h3]/a[@class='header']"))


def generic_root(root: etree._Element) -> etree._Element:
    """The best guess at the content of an unknown page: <main>, one <article>, or <body>."""
    for xpath in ("//main", "//*[@role='main']"):
        found = _first(root, xpath)
        if found is not None:
            return found
    articles = root.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    body = _first(root, "//body")
    return body if body is not None else root


def count_headings(element: etree._Element) -> int:
    return sum(1 for e in element.iter() if _tag(e) in _HEADINGS and not _dropped(e))


@dataclass
class _Walker:
    sections: list[Section] = field(default_factory=list)
    path: list[tuple[int, str]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # paragraphs of the current body section
    inline: list[str] = field(default_factory=list)  # text of the current paragraph

    def end_paragraph(self) -> None:
        text = clean_text("".join(self.inline), join_hyphens=False)
        self.inline.clear()
        if text:
            self.pending.append(text)

    def end_section(self) -> None:
        self.end_paragraph()
        if self.pending:
            self.add("\n\n".join(self.pending), "body")
            self.pending.clear()

    def add(self, text: str, kind: str) -> None:
        if text.strip():
            source = SourceRef(heading=heading_tuple(self.path))
            self.sections.append(Section(text=text, source=source, kind=kind))

    def walk(self, element: etree._Element) -> None:
        tag = _tag(element)
        if _dropped(element):
            pass
        elif tag in _HEADINGS:
            self.end_section()
            title = clean_inline(inline_text(element, emphasis=False))
            if title:
                enter_heading(self.path, _HEADINGS[tag], title)
        elif tag == "pre":
            self.end_section()
            self.add(element.text_content().strip("\n"), "code")
        elif tag == "table" and not _layout_table(element):
            self.end_section()
            self.add("\n".join(_table_rows(element)), "table")
        elif tag in ("ul", "ol"):
            self.end_section()
            self.add("\n".join(_list_items(element)), "list")
        elif tag == "dl":
            self.end_paragraph()
            self.pending.append("\n".join(_definitions(element)))
        elif tag == "br":
            self.inline.append("\n")
        elif tag in _INLINE:
            self.inline.append(inline_text(element))
        else:  # a block: its own paragraph, its children in order
            self.end_paragraph()
            self.inline.append(element.text or "")
            for child in element:
                self.walk(child)
            self.end_paragraph()
        self.inline.append(element.tail or "")


def _layout_table(table: etree._Element) -> bool:
    """A table that lays out a page (hand-written sites before CSS): its cells hold headings or tables.

    Read as rows, such a page's headings and paragraphs ran together into one line; walked as
    blocks, each keeps its place. A table of data holds neither.
    """
    return any(_tag(e) in _HEADINGS or _tag(e) == "table" for e in table.iterdescendants() if not _dropped(e))


def inline_text(element: etree._Element, *, emphasis: bool = True) -> str:
    """Text of an element with boilerplate left out, short bold/defined terms as ``**term**``."""
    if _dropped(element):
        return ""
    parts = [element.text or ""]
    for child in element:
        if _tag(child) == "br":
            parts.append("\n")
        elif _tag(child) not in ("ul", "ol", "dl", "table", "pre"):
            parts.append(inline_text(child, emphasis=emphasis))
        parts.append(child.tail or "")
    text = "".join(parts)
    if emphasis and _tag(element) in _EMPHASIS:
        core = " ".join(text.split())
        if is_emphasised_term(core):
            return f"**{core}**"
    return text


def _table_rows(table: etree._Element) -> list[str]:
    rows: list[str] = []
    for row in table.iter("tr"):
        cells = [clean_inline(inline_text(c, emphasis=False)) for c in row if _tag(c) in ("td", "th")]
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _list_items(element: etree._Element) -> list[str]:
    items: list[str] = []
    for item in element:
        if _tag(item) != "li" or _dropped(item):
            continue
        text = clean_inline(inline_text(item))
        if text:
            items.append(text)
        for nested in item.iter("ul", "ol"):
            if nested.getparent() is item:
                items.extend(_list_items(nested))
    return items


def _definitions(element: etree._Element) -> list[str]:
    """A definition list as "term: definition" lines (the generators read that shape)."""
    lines: list[str] = []
    term = ""
    for child in element:
        text = clean_inline(inline_text(child, emphasis=False))
        if _tag(child) == "dt":
            term = f"{term}, {text}" if term else text
        elif _tag(child) == "dd" and text:
            lines.append(f"{term}: {text}" if term else text)
            term = ""
    if term:
        lines.append(term)
    return lines


def structured_sections(root: etree._Element, top_heading: str | None = None) -> list[Section]:
    """Sections of ``root`` in document order, each under its heading path."""
    walker = _Walker()
    if top_heading:
        enter_heading(walker.path, 1, top_heading)
    walker.walk(root)
    walker.end_section()
    return walker.sections
