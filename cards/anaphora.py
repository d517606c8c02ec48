"""Definite descriptions that point back: "the checklist", "the list".

A text names a thing fully once ("the Runaway Stabilizer checklist", "a cons list") and then
shortens it ("The checklist would be revised …", "the last item in the list"). Read in its place
the short form is clear; on a card it is not: which checklist, which list?
:func:`shortened_reference` finds such a description in a card's sentence: "the" right before a
lower-case noun that the sentences just before it name with a word in front that the card lacks
("a cons list", "the engine fire checklist"). A description that says which one ("the list of
supported versions", "the checklist that …", "the directory /usr/lib", "the spot it marked",
"the octet string") is not one; nor is a noun the card names before.

Also here: sentences that point at a figure, an example or a line of a listing the card does not
show ("As is shown, …", "as can be seen", "the second line shows …"), and answers that point back
at what the text said before ("this behavior") or remark on its plan ("for now").
"""

from __future__ import annotations

import re

from cards.text import STOP_WORDS, split_sentences

# "the checklist", "the list": "the" and a bare noun (a word before it already says which one: "the
# octet string"); not before "of", a relative clause or a name that identifies it.
_DEFINITE_RE = re.compile(
    r"\b[Tt]he\s+(?P<noun>[a-z][a-z-]{2,})\b"
    r"(?!\s+(?:of|that|which|who|whose|where|named|called|for|in\s+which)\b)(?![’'](?:s\b))"
    # not followed by the name that identifies it: "the directory /usr/lib", "the option --force"
    r"(?!\s+(?:[/\\\-.`\"“]|\S*[\d_/.]\S*\s|[A-Z]))"
    # the head noun: punctuation, a function word or a verb after it ("the octet string": "octet" is not)
    r"(?=\s*[,.;:)]|\s+(?P<next>[a-z]+)\b)"
)
# "As is shown, …", "as can be seen in", "As we have seen": a pointer at a figure or at earlier text.
POINTS_AT_FIGURE_RE = re.compile(
    r"\bas\s+(?:is|was|has\s+(?:already\s+)?been|can\s+be|will\s+be|we\s+have|we)\s+(?:already\s+)?"
    r"(?:shown|seen|illustrated|demonstrated|depicted|noted|discussed|described|mentioned|saw|showed|said|"
    r"stated|explained)\b",
    re.I,
)
# "the second line shows …", "in the previous example": a place in a listing the card does not show.
_PLACE_IN_LISTING_RE = re.compile(
    r"\bthe\s+(?:first|second|third|fourth|fifth|last|next|previous|following|preceding)\s+"
    r"(?:line|lines|example|examples|listing|snippet|statement|call|version|output|program)\b",
    re.I,
)
_CLAUSE_SUBJECTS = frozenset(["it", "they", "we", "you", "he", "she", "i", "the", "a", "an", "this", "its"])
#: How many sentences before the card's own are searched for the full name.
REACH = 2


def _preceding(section_text: str, span: str) -> str:
    """The :data:`REACH` sentences before ``span`` in ``section_text`` ("" when not found)."""
    key = span.strip().rstrip("…")[:60]
    at = section_text.find(key) if key else -1
    if at <= 0:
        return ""
    # the text just before is enough for two sentences (and keeps a long section cheap to split)
    return " ".join(split_sentences(section_text[max(0, at - 800) : at])[-REACH:])


def shortened_reference(sentence: str, span: str, section_text: str) -> str:
    """The description in ``sentence`` that shortens a fuller name used just before it, or ""."""
    before = _preceding(section_text, span)
    if not before:
        return ""
    own = sentence.casefold()
    for match in _DEFINITE_RE.finditer(sentence):
        noun, nxt = match.group("noun"), match.group("next") or ""
        if noun in STOP_WORDS or (nxt and nxt not in STOP_WORDS and not re.search(r"(?:s|ed)$", nxt)):
            continue
        if nxt in _CLAUSE_SUBJECTS:
            continue  # "the spot it marked": a relative clause says which one
        stem = noun[:-1] if noun.endswith("s") else noun
        if re.search(rf"\b{re.escape(stem)}", own[: match.start()]):
            continue  # the card names it before: "… were called suites; … the suite was called …"
        # the fuller name just before: "<word> <noun>" where the card never uses "<word>"
        for full in re.finditer(
            rf"\b(?:the|a|an|this|its|their|our|your|each|every)\s+(?:[\w-]+\s+)?([A-Za-z][\w-]+)\s+"
            rf"{re.escape(noun)}\b",
            before,
            re.I,
        ):
            word = full.group(1)
            low = word.casefold()
            if low in STOP_WORDS or low.endswith("ly") or re.search(rf"\b{re.escape(low)}\b", own):
                continue
            if re.search(rf"\b{re.escape(low)}\s+{re.escape(noun)}\b", own):
                continue
            return f"'{match.group(0)}' shortens '{word} {noun}' named before the card's sentence"
    return ""


def points_at_figure(text: str) -> str:
    """ "As is shown, …": the card leans on a figure or on text it does not show, or ""."""
    found = POINTS_AT_FIGURE_RE.search(text) or _PLACE_IN_LISTING_RE.search(text)
    return f"points at something not on the card ('{found.group(0)}')" if found else ""


# An answer that points at what the text said before: "this behavior", "these rules".
_POINTS_BACK_RE = re.compile(r"\b(?:this|these|those)\s+(?P<noun>[a-z]{3,})\b(?!\s+(?:of|that|which)\b)")
# A remark to the reader about the text's plan: "you don't need to worry about them for now".
# "… that we won't cover in detail here", "… is beyond the scope of this book": what the text leaves out.
_REMARK_RE = re.compile(
    r"\bfor now\b|\bfor the moment\b|\b(?:later|next) (?:chapter|section)\b"
    r"|\b(?:won[’']t|will not|don[’']t|do not|can[’']t|cannot)\s+(?:cover|discuss|go into|explain|describe)\b"
    r"|\bbeyond the scope\b",
    re.I,
)


def answer_points_elsewhere(front: str, back: str) -> str:
    """Why ``back`` is no answer on its own, or "": it points back at a noun ``front`` does not name
    ("What is calling methods?" → "One of the few places in Rust with this behavior": which one?),
    or remarks to the reader on the text's plan ("… but you don't need to worry about them for now")."""
    pointing = _POINTS_BACK_RE.search(back)
    if pointing and pointing.group("noun").casefold() not in front.casefold():
        return f"the answer points back ('{pointing.group(0)}')"
    if _REMARK_RE.search(back):
        return "the answer is a remark to the reader ('for now')"
    return ""
