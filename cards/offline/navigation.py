"""Navigation blocks: a generated page's links to its index, search page and neighbours.

Documentation generators end or frame every page with the same links: Sphinx's "Indices and
tables" (Index, Module Index, Search Page), "Navigation", "Quick search", "Next topic", "Previous
topic", "This Page" (Show Source). They state nothing to learn; a list cloze made of them
("Indices and tables: {{Index}}; {{Module Index}}; {{Search Page}}") is boilerplate.
:func:`navigation_block` recognises such a section by its heading, or by a body made only of
short lines that each name a place of the site.
"""

from __future__ import annotations

import re

from documents.model import Section

_NAV_HEADING_RE = re.compile(
    r"^\W*(?:indices(?: and tables)?|indexes(?: and tables)?|navigation|quick search|search(?: page)?|"
    r"module index|next topic|previous topic|this page|related topics|table of contents|on this page)\W*$",
    re.I,
)
# A line that names a place of the site: "Index", "Module Index", "Search Page", "Next: Triggers".
_NAV_LINE_RE = re.compile(
    r"^\W*(?:(?:general |module |genindex|modindex)?index|search(?: page)?|home|next(?: topic)?|"
    r"previous(?: topic)?|up|top|contents|table of contents|show source|back to top|modules)\b"
    r"(?:\s*[:»›|-].{0,60})?\W*$",
    re.I,
)


def navigation_block(section: Section) -> bool:
    """Whether ``section`` is a navigation block (see the module docstring)."""
    heading = section.source.heading[-1] if section.source.heading else ""
    if _NAV_HEADING_RE.match(heading):
        return True
    lines = [_BULLET_RE.sub("", line).strip() for line in section.text.splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].endswith(":"):
        lines = lines[1:]  # "Useful pages:" over its links
    return bool(lines) and len(lines) <= 8 and all(_NAV_LINE_RE.match(line) for line in lines)


_BULLET_RE = re.compile(r"^\s*(?:[-*+•‣▪◦]|\d{1,2}[.)])\s+")
