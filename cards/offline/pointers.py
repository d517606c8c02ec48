"""Asides that point at a figure, a table or a side of the page, taken out of a sentence.

The student never sees the figure: "A String is made up of three parts, shown on the left: a
pointer, …" states its fact without the pointer.
"""

from __future__ import annotations

import re

# An aside that points at a figure beside the text ("…, shown on the left: …", "(see Figure 4-1)"): the
# student never sees the figure, and the sentence states its fact without the pointer.
_POINTER_ASIDE_RE = re.compile(
    r",\s+(?:as\s+)?(?:shown|illustrated|pictured|depicted)\s+(?:on\s+the\s+(?:left|right)|above|below|"
    r"(?:in|on)\s+(?:Figure|Fig\.|Table|Listing|the\s+(?:left|right))(?:\s+\d[\w.-]*)?)(?:,(?=\s)|(?=[:;.]))"
    r"|\s*\((?:see\s+|as\s+shown\s+in\s+)?(?:Figure|Fig\.|Table|Listing)\s+\d[\w.-]*\)(?=[\s.,;:])",
    re.I,
)


def without_pointer_aside(sentence: str) -> str:
    """``sentence`` without an aside pointing at a figure, table or side of the page.

    "A String is made up of three parts, shown on the left: a pointer, …" → "A String is made up of
    three parts: a pointer, …". A sentence whose subject is the figure ("Figure 4-1 shows …") keeps it
    and stays refused by :data:`cards.offline.clean.DANGLING_RE`.
    """
    text = _POINTER_ASIDE_RE.sub("", sentence)
    lead = _LEADING_POINTER_RE.match(text)  # "As is shown (in Figure 3), X …" → "X …"
    if lead and text[lead.end() :][:1].isalpha():
        rest = text[lead.end() :]
        return rest[:1].upper() + rest[1:] if rest.split(" ", 1)[0].islower() else rest
    return text


_LEADING_POINTER_RE = re.compile(
    r"^As\s+(?:is|was|has\s+been|can\s+be)\s+(?:shown|seen|illustrated|depicted)"
    r"(?:\s+(?:above|below|in\s+(?:Figure|Fig\.|Table)\s+\d[\w.-]*))?,\s+",
    re.I,
)
