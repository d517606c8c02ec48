"""Pasted text (the API's JSON ``text``): the same path as an uploaded text file."""

from __future__ import annotations

from documents.limits import ParseLimits
from documents.model import ParsedDocument
from documents.parsers.text import parse_plain_text
from documents.registry import finish


def parse_text(text: str, limits: ParseLimits, title: str | None = None) -> ParsedDocument:
    """Parse pasted text in process: it is already decoded and bounded by ``max_chars``."""
    return finish(parse_plain_text(text, limits, title=title))
