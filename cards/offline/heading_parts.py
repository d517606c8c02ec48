"""Which part of a heading that names several peoples or places a section is about.

A history groups small subjects under one chapter: "The Music of the Egyptians, Assyrians, and
Chinese", "The Music of the Hebrews and the Hindus". The heading is too long and too broad to
frame a card ("In “The Music of the Egyptians, Assyrians, and Chinese”, what is the gourd?" says
three things), yet the section under it tells of one of them: the paragraphs on the gourd follow
those on the Chinese stringed instruments. So a card there is framed by that part alone: "In the
music of the Chinese, what is the gourd?".

The part is the one item of the heading's list ("A, B, and C", "A and the B": capitalised words)
that the section itself names, or, when it names none, that the nearest section before it in the
chunk names; a section that names two or more items leaves it open (no frame).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from documents.model import Section

# "The Music of the Egyptians, Assyrians, and Chinese": a head ("The Music"), "of", two to four
# capitalised items separated by commas and a final "and".
_ITEM = r"(?:the\s+)?[A-Z][a-z]+"
_LIST_HEADING_RE = re.compile(
    rf"^(?P<head>The\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+of\s+(?P<items>{_ITEM}(?:,\s+{_ITEM}){{0,2}},?\s+and\s+{_ITEM})$"
)


def _stem(item: str) -> str:
    """What a text writes of the item whatever its ending: "Egyptians" → "Egyptian", "Hindus" → "Hindu"."""
    return item[:-1] if item.endswith("s") and len(item) > 4 else item


def heading_part(name: str, section: Section, sections: Sequence[Section]) -> str:
    """ "the music of the Chinese" for a section about the Chinese under "The Music of the Egyptians,
    Assyrians, and Chinese" (module docstring); "" when ``name`` is no such list or the part is unclear."""
    m = _LIST_HEADING_RE.match(name)
    if not m:
        return ""
    items = [
        re.sub(r"^the\s+", "", i.strip()) for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("items"))
    ]
    items = [i for i in items if i]
    if len(items) < 2:
        return ""
    patterns = {item: re.compile(rf"\b{re.escape(_stem(item))}", re.I) for item in items}
    index = next((i for i, s in enumerate(sections) if s is section), None)
    if index is None:
        return ""
    for earlier in reversed(sections[: index + 1]):
        if earlier.source.heading != section.source.heading:
            break  # another chapter: its peoples are not this one's
        named = [item for item, pattern in patterns.items() if pattern.search(earlier.text)]
        if len(named) == 1:
            # the article as the heading writes it: "of the Chinese", but "of France"
            article = "the " if m.group("items").startswith("the ") else ""
            return f"{m.group('head').casefold()} of {article}{named[0]}"
        if named:
            return ""  # two of them: which one the card is about, the section does not say
    return ""
