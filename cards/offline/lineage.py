"""Where a named thing comes from: what it descends, derives or originates from, what it led to.

A history of an art, a science or a language explains things by their lineage:

* "The Ragni is a direct descendant of the old magic songs and incantations" → "What is the Ragni a
  direct descendant of?" / "The old magic songs and incantations"; likewise ancestor, forerunner,
  precursor ("What was the Mystery the direct ancestor of?");
* "The samisen is a kind of small banjo, and probably originated in the Chinese kin." → "Where did
  the samisen probably originate?" / "In the Chinese kin"; "X evolved from Y", "X is derived
  from Y" → "What did X evolve from?" / "What is X derived from?";
* "The bagpipe is of Asiatic origin" → "What is the origin of the bagpipe?" / "Asiatic";
* "The development of rhythm may be traced to the words sung or declaimed, and …" → "What may the
  development of rhythm be traced to?" / "The words sung or declaimed" (can, could, is to …; "traced
  back to" likewise; an aside between the subject and its verb, "…, from which rose Buddhism …,", is
  left out of the question).

A lineage the author hedges ("may be traced to", "probably originated") is the author's reading,
asked as the named author's when the document names one ("According to Edward MacDowell, what may
the development of rhythm be traced to?"); "was traced to" and "originally" are of record.

(Where a *word* comes from is :mod:`cards.offline.origins`.) Both sides must be said in the
sentence: the subject a name or a phrase with a specific word, never a pronoun or a pointer
("These instruments all descended from …", "… from this primitive type").
"""

from __future__ import annotations

import re

from cards.offline.claim_frames import authors, says_what
from cards.offline.clean import (
    ADDED_CLAUSE_RE,
    PRONOUN_START_RE,
    statement_body,
    trim_answer,
)
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

# a word of a noun phrase: never the verb that follows it ("The psaltery was …")
_WORD = (
    r"(?!(?:is|was|are|were|has|have|had|and|or|probably|perhaps|undoubtedly|certainly|clearly|originally|"
    r"ultimately)\b)[\w’'\-]+"
)
# The subject: an article and up to four words, or a capitalised name of up to four words.
_SUBJECT = (
    rf"(?P<subj>(?:(?:The|A|An|All|Most|Many)\s+(?:{_WORD}\s+){{0,3}}{_WORD})|"
    rf"(?:[A-Z]{_WORD}(?:\s+[A-Z]{_WORD}){{0,3}}))"
)
_HEDGE = r"(?:(?P<hedge>probably|perhaps|undoubtedly|certainly|clearly|originally|ultimately)\s+)?"
# "X is a direct descendant of Y", "X was the forerunner of Y"
_KIN_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<aux>is|was|are|were)\s+{_HEDGE}(?:(?P<art>the|a|an)\s+)?"
    r"(?P<kin>(?:(?:direct|immediate|lineal|earliest|early)\s+)?(?:descendants?|ancestors?|forerunners?|"
    r"precursors?|progenitors?))\s+of\s+(?P<what>[^;]{3,120})(?:;.*)?$"
)
# "X (…, and) probably originated in Y", "X evolved from Y", "X sprang from Y"
_FROM_RE = re.compile(
    rf"^{_SUBJECT}(?P<between>\s+(?:is|was|are|were)\s+[^,;]{{3,60}},?\s+and)?\s+{_HEDGE}"
    r"(?P<verb>originated|originates|originate|descended|descends|descend|evolved|evolves|evolve|"
    r"sprang|springs|spring|derived|derives|derive)\s+(?P<prep>in|from|out\s+of)\s+(?P<what>[^;]{3,120})(?:;.*)?$"
)
# "X is derived from Y" / "X was developed from Y"
_DERIVED_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<aux>is|was|are|were)\s+{_HEDGE}(?P<verb>derived|developed|descended|adapted)\s+"
    r"from\s+(?P<what>[^;]{3,120})(?:;.*)?$"
)
# "X is of Asiatic origin"
_OF_ORIGIN_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<aux>is|was|are|were)\s+{_HEDGE}of\s+(?P<what>[A-Z][\w\-]+(?:\s+or\s+[A-Z][\w\-]+)?)\s+origin\b"
)
# "X (, aside,) may be traced (back) to Y", "X was traced to Y": where a history says a thing began.
_TRACED_RE = re.compile(
    rf"^{_SUBJECT}(?:,\s+[^,;]{{2,90}},)?\s+"
    r"(?P<modal>(?:may|can|could|might|must)\s+(?:(?:also|still|clearly|easily)\s+)?be|(?:is|are)\s+to\s+be|"
    r"was|were|is|are|has\s+been|have\s+been)\s+"
    rf"{_HEDGE}traced\s+(?P<back>back\s+)?to\s+(?P<what>[^;]{{3,120}})(?:;.*)?$"
)
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|it|its|they|their|them|he|his|she|her|we|our|"
    r"you|your|above|following|previous|next|one another|each other)\b",
    re.I,
)
_PAST = {"was": "did", "were": "did"}
# The hedges that make a lineage the author's guess ("probably originated"), not a time ("originally").
_JUDGING_HEDGES = frozenset(["probably", "perhaps", "undoubtedly", "certainly", "clearly"])


def _asked(d: Drafter, q: str, m: re.Match[str]) -> str:
    """``q`` as the named author's claim when the sentence hedges it ("probably originated in")."""
    return authors(d, q) if m.group("hedge") in _JUDGING_HEDGES else q


def lineage(d: Drafter, section: Section, sentence: str) -> None:
    """What a named thing descends, derives or originates from (module docstring)."""
    body = statement_body(sentence)
    if CardKind.BASIC not in d.kinds or d.lang != "en" or body is None:
        return
    if m := _KIN_RE.match(body):
        subject = _subject(m.group("subj"), d)
        answer = _answer(m.group("what"))
        if subject and answer:
            hedge = f"{m.group('hedge')} " if m.group("hedge") else ""
            art = f"{m.group('art')} " if m.group("art") else ""  # "are direct descendants of"
            q = f"What {m.group('aux')} {subject} {hedge}{art}{m.group('kin')} of?"
            d.add(section, CardKind.BASIC, _asked(d, q, m), answer, sentence, 1)
    elif m := _FROM_RE.match(body):
        subject = _subject(m.group("subj"), d)
        answer = _answer(m.group("what"))
        if not (subject and answer):
            return
        verb = m.group("verb")
        past = verb.endswith(("ed", "sprang"))
        aux = "did" if past else "do" if not verb.endswith("s") else "does"
        base = {"sprang": "spring", "springs": "spring"}.get(verb, re.sub(r"(?:ed|d|s)$", "", verb))
        base = {"originat": "originate", "deriv": "derive", "evolv": "evolve", "descend": "descend"}.get(
            base, base
        )
        hedge = f"{m.group('hedge')} " if m.group("hedge") else ""
        prep = m.group("prep")
        if prep == "in":
            first = answer.split(" ", 1)[0]
            lowered = (
                first.lower() if first in {"The", "A", "An"} else first
            )  # "In the Chinese kin", "In Denmark"
            q, answer = f"Where {aux} {subject} {hedge}{base}?", f"In {lowered}{answer[len(first) :]}"
        else:
            q = f"What {aux} {subject} {hedge}{base} {prep}?"
        d.add(section, CardKind.BASIC, _asked(d, q, m), answer, sentence, 1)
    elif m := _DERIVED_RE.match(body):
        subject = _subject(m.group("subj"), d)
        answer = _answer(m.group("what"))
        if subject and answer:
            hedge = f"{m.group('hedge')} " if m.group("hedge") else ""
            q = f"What {m.group('aux')} {subject} {hedge}{m.group('verb')} from?"
            d.add(section, CardKind.BASIC, _asked(d, q, m), answer, sentence, 1)
    elif m := _TRACED_RE.match(body):
        _traced(d, section, sentence, m)
    elif m := _OF_ORIGIN_RE.match(body):
        subject = _subject(m.group("subj"), d)
        if subject:
            q = f"What {m.group('aux')} the origin of {subject}?"
            d.add(section, CardKind.BASIC, _asked(d, q, m), m.group("what"), sentence, 1)


def _traced(d: Drafter, section: Section, sentence: str, m: re.Match[str]) -> None:
    """ "X may be traced back to Y" → "What may X be traced back to?" / "Y".

    A subject with an "of" complement says what it is about ("the development of rhythm"), as a
    claim's does (:func:`says_what`), though its words are common.
    """
    subject = _subject(m.group("subj"), d, specific=says_what(d, m.group("subj")))
    answer = _answer(m.group("what"))
    if not (subject and answer):
        return
    modal = " ".join(m.group("modal").split()).split(" ")
    back = "back " if m.group("back") else ""
    hedge = f"{m.group('hedge')} " if m.group("hedge") else ""
    # "may be" → "What may X be traced to?"; "is to be" → "What is X to be traced to?"; "was" → "What was X …"
    rest = " ".join(modal[1:])
    q = f"What {modal[0]} {subject} {rest + ' ' if rest else ''}{hedge}traced {back}to?"
    # "may (can, is to) be traced to": the author's reading of a history, asked as theirs when named;
    # "was traced to" reports a finding of record
    if modal[0] in {"may", "can", "could", "might", "must"} or modal[1:2] == ["to"]:
        q = authors(d, q)
    else:
        q = _asked(d, q, m)
    d.add(section, CardKind.BASIC, q, answer, sentence, 1)


def _subject(phrase: str, d: Drafter, *, specific: bool = False) -> str:
    """The subject as the question names it, or "" when it names nothing specific (``specific``: the
    caller has found it specific already)."""
    if PRONOUN_START_RE.match(phrase) or _POINTER_RE.search(phrase):
        return ""
    if not (specific or names_something(phrase, d.lang)):
        return ""
    if re.match(r"(?:the|a)\s+(?:word|term|name)\b", phrase, re.I):
        return ""  # where a word comes from is asked by the origins extractor
    phrase = re.sub(r"\s+(?:themselves|itself)$", "", phrase)  # "The embellishments themselves originated …"
    first, _, rest = phrase.partition(" ")
    if first in {"The", "A", "An", "All", "Most", "Many"}:
        return f"{first.lower()} {rest}"
    return phrase


def _answer(text: str) -> str:
    """What the thing comes from, up to the clause that adds to it; "" when it points elsewhere."""
    what = ADDED_CLAUSE_RE.split(text, maxsplit=1)[0]
    what = trim_answer(what)
    if not what or word_count(what) > 15 or _POINTER_RE.search(what):
        return ""
    return what[:1].upper() + what[1:]
