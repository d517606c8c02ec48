"""A phrase that points back at something the sentences before named: "that value", "such a case",
"any other purpose".

"What happens if the CPU should later write the whole or some part of that value to memory?" — which
value? "… detects that an interior pointer corresponds to such a case" — which case? "What happens
when values in CPU registers are used for any other purpose?" — other than what? In the text the
sentence before says it; on a card, alone, the phrase names nothing (rubric Q7).

:func:`points_back` finds such a phrase: a demonstrative after a preposition or a verb's object
position ("of that value", "to these blocks", "for this reason"), "such a(n) …" / "such cases" (not
"such a way that", "such as", "no such process"), and "any other …" / "some other …" without a
"than" after it. "That" as a conjunction ("detects that an interior pointer …") is followed by an
article or a pronoun and is not read as a demonstrative; "those who …" names its people, and
"variables of that type" after "If a type …" points inside its own sentence.
"""

from __future__ import annotations

import re

_PREPOSITIONS = r"of|to|in|on|for|with|from|by|at|into|about|onto|over|under|within|after|before|during"
_DEMONSTRATIVE_RE = re.compile(
    rf"\b(?:{_PREPOSITIONS}|write|writes|use|uses|using|read|reads)\s+(?:that|this|these|those)\s+"
    r"(?!(?:the|a|an|it|they|he|she|we|you|who|which|that|of|is|are|was|were|can|will|must|may)\b)"
    r"(?P<noun>[a-z][\w\-]*)",
    re.I,
)
_SUCH_RE = re.compile(
    r"(?<!\bno\s)\bsuch\s+(?:an?\s+)?(?!as\b|that\b|an?\b)[a-z][\w\-]*\b(?!\s+(?:that|as)\b)", re.I
)
_OTHER_RE = re.compile(r"\b(?:any|some)\s+other\s+[a-z][\w\-]*\b(?![^.;]*\bthan\b)", re.I)


def points_back(text: str) -> bool:
    """True when ``text`` holds a phrase that points back at what was named before (module docstring)."""
    return bool(
        any(_unnamed_before(m, text) for m in _DEMONSTRATIVE_RE.finditer(text))
        or _SUCH_RE.search(text)
        or _OTHER_RE.search(text)
    )


def _unnamed_before(found: re.Match[str], text: str) -> bool:
    """The demonstrative's noun is not named earlier in ``text`` ("variables of that type" after "a type"
    points inside the sentence)."""
    stem = found.group("noun").casefold()[:4]
    return not re.search(rf"\b{re.escape(stem)}", text[: found.start()], re.I)
