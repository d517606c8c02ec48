"""HTML with trafilatura (Apache-2.0): main content as Markdown, boilerplate dropped, headings kept."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import trafilatura

from documents.clean import clean_inline
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument
from documents.parsers.markdown import markdown_sections
from documents.parsers.text import decode_bytes
from errors import DocumentTooLarge, EmptyDocument

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
# Markup outweighs text many times over in saved pages; past this the file cannot be a page we read.
_MAX_MARKUP_PER_CHAR = 20


def parse_html(path: Path, limits: ParseLimits) -> ParsedDocument:
    size = path.stat().st_size
    if size > limits.max_chars * _MAX_MARKUP_PER_CHAR:
        raise DocumentTooLarge(f"The HTML file is {size:,} bytes, more than this server reads.")
    html = decode_bytes(path.read_bytes())
    markdown = trafilatura.extract(
        html,
        output_format="markdown",
        include_tables=True,
        include_images=False,
        include_links=False,
        include_comments=False,
    )
    if not markdown or not markdown.strip():
        raise EmptyDocument("No readable article text was found in the HTML page.")
    TextBudget(limits).add_text(markdown)
    match = _TITLE.search(html[:200_000])
    title = clean_inline(unescape(match.group(1))) if match else None
    return ParsedDocument(
        kind=DocumentKind.HTML, sections=markdown_sections(markdown, with_lines=False), title=title or None
    )
