"""A change log's releases: headings that name a version and its date, whose lines are fixes.

libxslt's site lists each release under "v1.1.34: Oct 30 2019" with lines such as
"Fix memory leak in xsltDocumentElem (David King)": read as facts they made "In XSLT, what is
Documentation?" / "man page fix (Vincent Lefevre)". No card comes from such a section.
"""

from __future__ import annotations

import re

from cards.text import MONTHS

# "October", "Oct", "Sept"
_MONTH_WORDS = MONTHS | frozenset(m[:3] for m in MONTHS) | {"sept"}
# A release's entry in a change log: "v1.1.34: Oct 30 2019", "Version 2.1 (2020-01-03)",
# "[1.2.0] - 2019-02-15", "Release 3.2".
_RELEASE_RE = re.compile(
    r"^\W*(version\s+|release\s+|v(?=\d))?\[?\d+(?:\.\d+){1,3}[a-z]?\d*\]?(?=\W|$)", re.I
)
_DATE_WORD_RE = re.compile(r"\d{1,4}(?:st|nd|rd|th)?|released|unreleased|on", re.I)


def release_heading(heading: str) -> bool:
    """A heading that names a release (a version, with its date or the word "version"), nothing else.

    Its lines are fixes credited to people ("Fix memory leak in xsltDocumentElem (David King)"):
    a change log, not facts a student learns. "3.1. Configuring the build" names a topic.
    """
    match = _RELEASE_RE.match(heading)
    if not match:
        return False
    rest = re.findall(r"[^\W_]+", heading[match.end() :])
    if any(not (_DATE_WORD_RE.fullmatch(w) or w.casefold() in _MONTH_WORDS) for w in rest):
        return False
    has_date = any(w.casefold() in _MONTH_WORDS for w in rest) or bool(
        re.search(r"\d{4}", heading[match.end() :])
    )
    return bool(match.group(1)) or has_date
