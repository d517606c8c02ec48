"""Card text → Anki field HTML: escaped, cloze markup and MathJax delimiters kept."""

from __future__ import annotations

import html
import re

from cards.markup import convert_math

_TAG_SPACE_RE = re.compile(r"\s+")


def to_field_html(text: str) -> str:
    """Escape ``text`` for an HTML field; ``$..$`` math becomes ``\\(..\\)``; newlines become ``<br>``.

    ``html.escape`` leaves ``{{c1::...}}`` and backslashes alone, so cloze and
    MathJax markup survive.
    """
    escaped = html.escape(convert_math(text.replace("\r\n", "\n")), quote=False)
    return escaped.replace("\t", " ").replace("\n", "<br>")


def anki_tag(tag: str) -> str:
    """Anki tags cannot hold spaces."""
    return _TAG_SPACE_RE.sub("_", tag.strip())
