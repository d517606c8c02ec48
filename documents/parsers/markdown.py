"""Markdown with markdown-it-py: heading paths and line ranges from the tokens' ``map``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.token import Token

from documents.clean import clean_inline, clean_text
from documents.headings import enter_heading
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from documents.parsers.text import read_text_file

# mdBook/Hugo directives such as {{#include ../listings/x.rs}}: not text a reader sees.
_DIRECTIVE = re.compile(r"^\s*\{\{[#%].*\}\}\s*$", re.M)
_HTML_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HTML_SKIP = {"script", "style", "template"}
_HTML_INLINE = {"a", "abbr", "b", "code", "em", "i", "img", "kbd", "small", "span", "strong", "sub", "sup"}
_BLOCK_OPEN = {"paragraph_open", "bullet_list_open", "ordered_list_open", "blockquote_open", "table_open"}


@dataclass
class _Block:
    kind: str  # body | code | table
    text: str
    lines: tuple[int, int] | None


def _inline_text(token: Token, *, emphasis: bool = False) -> str:
    """Plain text of an inline token: links and HTML comments rendered away, code kept.

    ``emphasis`` keeps bold as ``**term**``: the offline generator turns emphasised terms
    into cards (``cards.offline``), and the quality gate strips the markers from card text.
    """
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif emphasis and child.type in ("strong_open", "strong_close"):
            parts.append("**")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


#: The level :func:`_html_block` gives a table's rows (headings have 1-6, body text 0).
TABLE_LEVEL = -1


def _html_block(content: str) -> list[tuple[str, int]]:
    """Raw HTML inside Markdown (a README's centred banner): (text, level) items, level 0 for body,
    :data:`TABLE_LEVEL` for a table ("cell | cell" rows).

    Its headings are headings of the document; the rest is text. Comments and scripts go.
    """
    try:
        root = lxml.html.fragment_fromstring(content, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    items: list[tuple[str, int]] = []
    body: list[str] = []

    def flush() -> None:
        text = " ".join("".join(body).split())
        body.clear()
        if text:
            items.append((text, 0))

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HTML_HEADINGS:
            flush()
            title = " ".join("".join(element.itertext()).split())
            if title:
                items.append((title, _HTML_HEADINGS[tag]))
        elif tag == "table":  # a table written in HTML (an API's constants): its rows, as a Markdown table's
            flush()
            rows = [
                " | ".join(" ".join("".join(cell.itertext()).split()) for cell in row.iter("td", "th"))
                for row in element.iter("tr")
            ]
            if any(row.strip(" |") for row in rows):
                items.append(("\n".join(row for row in rows if row.strip(" |")), TABLE_LEVEL))
        elif tag and tag not in _HTML_SKIP:
            body.append(element.text or "")
            for child in element:
                walk(child)
            if tag not in _HTML_INLINE:
                body.append(" ")
        body.append(element.tail or "")

    walk(root)
    flush()
    return items


def _blocks(tokens: list[Token], heading_sink: list[tuple[int, str, int]]) -> list[tuple[int, _Block]]:
    """Top-level blocks in order; headings go to ``heading_sink`` as (position, title, level)."""
    out: list[tuple[int, _Block]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        lines = (token.map[0] + 1, token.map[1]) if token.map else None
        if token.type == "heading_open":
            heading_sink.append((len(out), _inline_text(tokens[i + 1]), int(token.tag[1:])))
            i += 3
            continue
        if token.type in ("fence", "code_block"):
            code = _DIRECTIVE.sub("", token.content).strip("\n")
            if code.strip():
                out.append((len(out), _Block("code", code, lines)))
            i += 1
            continue
        if token.type in _BLOCK_OPEN and token.level == 0:
            depth, j = 0, i
            parts: list[str] = []
            row: list[str] = []
            while j < len(tokens):
                t = tokens[j]
                depth += t.nesting
                if t.type == "inline":
                    text = _inline_text(t, emphasis=token.type != "table_open")
                    if token.type == "table_open":
                        row.append(" ".join(text.split()))
                    elif text.strip():
                        parts.append(text)
                elif t.type == "tr_close":
                    parts.append(" | ".join(row))
                    row = []
                elif t.type in ("fence", "code_block"):
                    parts.append(_DIRECTIVE.sub("", t.content).strip("\n"))
                if depth == 0:
                    break
                j += 1
            kind = "table" if token.type == "table_open" else "body"
            # A quoted block (a sidebar: "> ### The Stack and the Heap") holds paragraphs and a
            # title of its own: each is a paragraph, so the title is never read into the sentence.
            joiner = "\n\n" if token.type == "blockquote_open" else "\n"
            out.append((len(out), _Block(kind, joiner.join(parts), lines)))
            i = j + 1
            continue
        if token.type == "html_block":
            for text, level in _html_block(token.content):
                if level == TABLE_LEVEL:
                    out.append((len(out), _Block("table", text, lines)))
                elif level:
                    heading_sink.append((len(out), text, level))
                else:
                    out.append((len(out), _Block("body", text, lines)))
            i += 1
            continue
        i += 1  # hr, front matter: nothing a card should cite
    return out


def markdown_sections(source: str, *, with_lines: bool = True) -> list[Section]:
    md = MarkdownIt("commonmark").enable("table")
    headings: list[tuple[int, str, int]] = []
    blocks = _blocks(md.parse(_DIRECTIVE.sub("", source) if not with_lines else source), headings)
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    pending: list[_Block] = []
    heading_at: dict[int, list[tuple[str, int]]] = {}
    for position, title, level in headings:
        heading_at.setdefault(position, []).append((title, level))

    def flush() -> None:
        if not pending:
            return
        text = clean_text("\n\n".join(b.text for b in pending), join_hyphens=False)
        first, last = pending[0].lines, pending[-1].lines
        span = (first[0], last[1]) if with_lines and first and last else None
        pending.clear()
        if text:
            heading = tuple(t for _, t in path)
            sections.append(Section(text=text, source=SourceRef(heading=heading, lines=span)))

    for position in range(len(blocks) + 1):
        for title, level in heading_at.get(position, []):
            flush()
            enter_heading(path, level, clean_inline(title))
        if position == len(blocks):
            break
        block = blocks[position][1]
        if block.kind == "body":
            pending.append(block)
            continue
        flush()
        text = clean_text(block.text, join_hyphens=False) if block.kind == "table" else block.text.strip()
        if text:
            span = block.lines if with_lines else None
            heading = tuple(t for _, t in path)
            sections.append(
                Section(text=text, source=SourceRef(heading=heading, lines=span), kind=block.kind)
            )
    flush()
    return sections


def parse_markdown_text(source: str, limits: ParseLimits) -> ParsedDocument:
    TextBudget(limits).add_text(source)
    sections = markdown_sections(source)
    title = next((s.source.heading[0] for s in sections if s.source.heading), None)
    return ParsedDocument(kind=DocumentKind.MARKDOWN, sections=sections, title=title)


def parse_markdown(path: Path, limits: ParseLimits) -> ParsedDocument:
    return parse_markdown_text(read_text_file(path, limits), limits)
