"""HTML: documentation and wiki pages by their structure, other pages with trafilatura (Apache-2.0).

Generated documentation (DocBook, Sphinx, MkDocs) and MediaWiki pages are read by their
markup (:mod:`documents.parsers.html_structure`), which keeps every heading. Other pages
(news, blogs) go through trafilatura, which is better at finding an article among chrome;
when it loses every heading the page has, the structural reading is used instead. Every
section is then under a heading path, the page title at least: a section without one would
have no locator a card could cite.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import trafilatura

from documents.boilerplate import author_name
from documents.clean import clean_inline
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from documents.parsers.html_structure import (
    content_root,
    count_headings,
    generic_root,
    parse_tree,
    structured_sections,
)
from documents.parsers.markdown import markdown_sections
from documents.parsers.text import decode_bytes
from errors import DocumentTooLarge, EmptyDocument

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
# <meta name="author" content="…">, its attributes in either order.
_META_RE = re.compile(r"<meta\b[^>]*>", re.I)
_META_NAME_RE = re.compile(r"""\bname\s*=\s*["']?author["'\s/>]""", re.I)
_META_CONTENT_RE = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s", re.M)
# Markup outweighs text many times over in saved pages; past this the file cannot be a page we read.
_MAX_MARKUP_PER_CHAR = 20


# A named anchor, ``<a name="News">``: a place to link to, not a link. trafilatura reads a heading
# made of one as a link and drops it (libxslt's flat page lost its "DocBook", "News" … headings, and
# their text ran on under the heading before).
_NAMED_ANCHOR = re.compile(r"<a\b(?![^>]*\bhref\s*=)[^>]*>(.*?)</a\s*>", re.I | re.S)


def _trafilatura(html: str) -> str:
    return (
        trafilatura.extract(
            _NAMED_ANCHOR.sub(r"\1", html),
            output_format="markdown",
            include_tables=True,
            include_images=False,
            include_links=False,
            include_comments=False,
        )
        or ""
    )


def _sections(html: str) -> list[Section]:
    tree = parse_tree(html)
    found = content_root(tree) if tree is not None else None
    if found is not None:
        return structured_sections(*found)
    markdown = _trafilatura(html)
    sections = markdown_sections(markdown, with_lines=False) if markdown.strip() else []
    if tree is not None:
        root = generic_root(tree)
        page_headings = count_headings(root)
        # trafilatura dropped the text, or every heading of a page that has several: read the
        # structure. (It keeps some on news pages, whose other headings are related-story chrome.)
        if not sections or (page_headings >= 2 and not _MD_HEADING.search(markdown)):
            structured = structured_sections(root)
            if structured:
                return structured
    return sections


def _with_locator(sections: list[Section], title: str | None) -> list[Section]:
    if not title:
        return sections
    return [s if s.source.heading else Section(s.text, SourceRef(heading=(title,)), s.kind) for s in sections]


def _meta_author(head: str) -> str | None:
    """The page's author from ``<meta name="author">``, when it names someone."""
    for tag in _META_RE.findall(head):
        if _META_NAME_RE.search(tag) and (content := _META_CONTENT_RE.search(tag)):
            return author_name(clean_inline(unescape(content.group(1) or content.group(2) or "")))
    return None


def parse_html(path: Path, limits: ParseLimits) -> ParsedDocument:
    size = path.stat().st_size
    if size > limits.max_chars * _MAX_MARKUP_PER_CHAR:
        raise DocumentTooLarge(f"The HTML file is {size:,} bytes, more than this server reads.")
    html = decode_bytes(path.read_bytes())
    sections = _sections(html)
    if not sections:
        raise EmptyDocument("No readable article text was found in the HTML page.")
    budget = TextBudget(limits)
    for section in sections:
        budget.add_text(section.text)
    match = _TITLE.search(html[:200_000])
    title = clean_inline(unescape(match.group(1))) if match else None
    if not title:
        title = next((s.source.heading[0] for s in sections if s.source.heading), None)
    sections = _with_locator(sections, title)
    return ParsedDocument(
        kind=DocumentKind.HTML, sections=sections, title=title or None, author=_meta_author(html[:200_000])
    )
