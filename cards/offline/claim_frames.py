"""What an essay's claim cards share: whose claim it is, and how a question names its subject.

Used by :mod:`.claims`, :mod:`.divisions` and :mod:`.classes`: the "According to the author, "
lead (the author by name where the file gives one, ``Chunk.author``: "According to Edward
MacDowell, "; and the lead :mod:`.lineage` and :mod:`.attributions` put on a hedged claim then),
the pointers that make a subject unsure, the number words of a count, and the framing of a question
whose subject names nothing without its chapter.
"""

from __future__ import annotations

import re

from cards.offline.casing import as_written
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.text import STOP_WORDS, word_count, words
from documents.model import Section


def author(d: Drafter) -> str:
    """Who makes the document's claims: its author by name when the file gives one
    (``Chunk.author``: "Edward MacDowell"), else "the author"."""
    return d.chunk.author or "the author"


def according(d: Drafter) -> str:
    """The lead that makes a question the author's claim: "According to Edward MacDowell, " (or
    "According to the author, " when the document names no author)."""
    return f"According to {author(d)}, "


def authors(d: Drafter, question: str) -> str:
    """``question`` asked as the named author's claim ("What may X be traced to?" → "According to
    Edward MacDowell, what may X be traced to?"); unchanged when the document names no author (a
    page's hedge, "can be traced to", is its own statement, not someone's to name)."""
    if not d.chunk.author or not question:
        return question
    return according(d) + question[:1].lower() + question[1:]


POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|it|its|they|their|them|he|his|him|she|her|"
    r"we|our|us|you|your|I|me|my|above|following|previous|one|other)\b",
    re.I,
)

NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
ITEM_SPLIT_RE = re.compile(r"\s*,\s*(?:and|or)\s+|\s*,\s*|\s*;\s*|\s+(?:and|or)\s+")


def framed(d: Drafter, section: Section, question: str, about: str) -> str:
    """``question`` led by its chapter's heading when ``about`` names nothing on its own."""
    if names_something(f"x {as_written(d, about)}", d.lang):  # "Pan's pipes": a name first is a name
        return question
    context = d.context_of(section)
    title = " ".join((d.chunk.title or "").split())
    if not context and d.chunk.author and d.chunk.author in question:
        return question  # the claim named as its author's: whose book it is in says itself
    if not context and "the author" in question and 1 <= word_count(title) <= 6:
        context = f"“{title}”"  # the author's claim, in the book the chapter's long title is part of
    if not context or context.strip("“”").casefold() in question.casefold():
        return ""
    return f"In {context}, {question[:1].lower()}{question[1:]}"


# Nouns that stand for something said elsewhere ("the result", "the main difference", "the problem"):
# a subject made of one, without an "of …" to say whose, asks about nothing the card shows.
_SHELL_NOUNS = frozenset(
    [
        "difference",
        "problem",
        "result",
        "point",
        "thing",
        "question",
        "answer",
        "reason",
        "way",
        "case",
        "fact",
        "idea",
        "matter",
        "issue",
        "solution",
        "approach",
        "method",
        "function",
        "process",
        "aim",
        "purpose",
        "goal",
        "step",
        "part",
        "rest",
        "effect",
        "advantage",
        "disadvantage",
        "trick",
        "outcome",
        "situation",
        "task",
        "example",
    ]
)


def says_what(d: Drafter, subject: str) -> bool:
    """``subject`` names what it is about: a specific word, an "of"/"in" complement ("the strength of
    X"), or two content words not led by a shell noun ("the violin bow"; not "the main difference")."""
    if names_something(f"x {as_written(d, subject)}", d.lang):
        return True
    if re.search(r"\s(?:of|in)\s", subject):
        return True
    content = [w for w in words(subject) if w.casefold() not in STOP_WORDS]
    return len(content) >= 2 and content[-1].casefold() not in _SHELL_NOUNS


def lower_article(phrase: str) -> str:
    return re.sub(r"^(The|A|An)\b", lambda m: m.group(1).lower(), phrase)
