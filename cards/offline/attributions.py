"""Whom or what a thing is credited to: "X is ascribed to Y", "X is due to Y", "X owes its Z to Y".

A history says who brought something about, a textbook what causes an effect:

* "The use of dots for punctuation is also ascribed to Aristophanes" → "Who is the use of dots for
  punctuation ascribed to?" / "Aristophanes" (attributed, credited likewise);
* "The present shape of the bow is due to Tourte, a Paris maker, who experimented …" → "Who is the
  present shape of the bow due to?" / "Tourte, a Paris maker"; "The slowdown is due to lock
  contention" → "What is the slowdown due to?";
* "The city owes its name to the river" → "What does the city owe its name to?"; also in the
  clause after ", for", "…, for poetry owes its very "feet" to the dance" → "What does
  poetry owe its very "feet" to?" (one lower-case word there names a whole field, "poetry", "music";
  another common subject carries its section).

A debt other than a name's is the author's account, asked as the named author's when the document
names one ("According to Edward MacDowell, what does poetry owe its very "feet" to?"); "owes its
name to" is a fact of record.

"Who" when the answer opens with a name, else "What". The thing credited must be said in the
sentence and name something (or the question carries the section's subject); never a pointer
("The invention of the latter is attributed to Sappho", "much of which is due to …").
"""

from __future__ import annotations

import re

from cards.offline.claim_frames import authors
from cards.offline.clean import (
    ADDED_CLAUSE_RE,
    noise,
    statement_body,
    trim_answer,
)
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_SUBJECT = r"(?P<subj>(?:The|A|An)\s+[^,;:()]{3,80}?|[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3})"
_ASCRIBED_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<aux>is|are|was|were|has\s+been|have\s+been)\s+(?:also\s+|usually\s+|generally\s+|"
    r"often\s+|commonly\s+|traditionally\s+)?(?P<verb>ascribed|attributed|credited)\s+to\s+(?P<who>[^;]{2,120}?)"
    r"(?:\s+by\s+[A-Z][^;]*)?(?:;.*)?$"
)
_DUE_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<aux>is|are|was|were)\s+(?:largely\s+|mainly\s+|mostly\s+|partly\s+|chiefly\s+)?"
    r"due\s+to\s+(?P<who>[^;]{2,120})(?:;.*)?$"
)
_OWES_RE = re.compile(
    rf"^{_SUBJECT}\s+(?P<verb>owes|owe|owed)\s+(?P<what>(?:its|their|his|her)\s+[^,;]{{2,60}}?)\s+to\s+"
    r"(?P<who>[^;]{2,120})(?:;.*)?$"
)
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|it|they|them|he|she|him|we|our|us|you|your|"
    r"above|following|previous|which)\b",
    re.I,
)


# A debt of record, not of judgement: "The city owes its name to the river".
_NAME_DEBT_RE = re.compile(r"\b(?:name|names|title|nickname|designation)$")


# "…, for poetry owes its very "feet" to the dance": a clause that states a debt of its own after the
# sentence's main clause (never after "that": "It was long held that X owes …" is a belief reported).
_OWING_CLAUSE_RE = re.compile(r",\s+for\s+(?P<clause>[a-z][a-z\- ]{2,40}\s+(?:owes|owe|owed)\s+.+)$")


def _owes(body: str) -> tuple[re.Match[str] | None, bool]:
    """The "owes its Z to Y" match of the clause after ", for" in ``body``, else of ``body``; and
    whether the subject is the clause's, written in lower case."""
    if clause := _OWING_CLAUSE_RE.search(body):
        text = clause.group("clause")
        if m := _OWES_RE.match(text[:1].upper() + text[1:]):
            return m, True
    return _OWES_RE.match(body), False


def attribution(d: Drafter, section: Section, sentence: str) -> None:
    """ "X is ascribed to Y" / "X is due to Y" / "X owes its Z to Y" → a question on Y (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    body = statement_body(sentence)
    if body is None:
        # "And in this music is not the only debtor, for poetry owes …": the clause stands on its own
        owes, lowered = _owes(sentence.strip().rstrip(".!"))
        if not (owes and lowered):
            return
        body = ""
    else:
        owes, lowered = _owes(body)
    if m := _ASCRIBED_RE.match(body):
        aux = re.sub(r"\s+", " ", m.group("aux"))
        head, _, rest = aux.partition(" ")
        middle = f"{rest} " if rest else ""
        template = "{w} " + head + " {t} " + middle + m.group("verb") + " to?"
    elif m := _DUE_RE.match(body):
        template = "{w} " + m.group("aux") + " {t} due to?"
    elif m := owes:
        what = m.group("what")
        if _POINTER_RE.search(what):
            return
        aux = "did" if m.group("verb") == "owed" else "does" if m.group("verb") == "owes" else "do"
        template = "{w} " + aux + " {t} owe " + what + " to?"
    else:
        return
    subject = m.group("subj")
    if lowered:  # capitalised only to be read as a subject: "poetry", as the clause writes it
        subject = subject[:1].lower() + subject[1:]
    if _POINTER_RE.search(subject):
        return
    who = _answer(m.group("who"))
    if not who:
        return
    # a bare field the clause names in lower case ("poetry owes …") is a whole art, no one case of it
    field = lowered and " " not in subject
    specific = field or names_something(subject, d.lang)
    context = "" if specific else d.context_of(section)
    if not context and not specific:
        return  # "The effect is due to the rhythm": which effect?
    named = re.match(
        r"[A-Z][\w’'\-]+", m.group("who").strip()
    )  # as written: "Aristophanes", not "Backpressure"
    wh = "Who" if named and not who.startswith(("The ", "A ", "An ")) else "What"
    q = template.format(w=wh, t=_mid_question(subject))
    if owes and m is owes and not _NAME_DEBT_RE.search(m.group("what")):
        q = authors(d, q)  # "poetry owes its very feet to the dance": the author's account of a debt
    if context and context.casefold() not in q.casefold():
        q = f"In {context}, {q[:1].lower()}{q[1:]}"
    d.add(section, CardKind.BASIC, q, who, sentence, 1)


def _mid_question(subject: str) -> str:
    first, _, rest = subject.partition(" ")
    return f"{first.lower()} {rest}" if first in {"The", "A", "An"} else subject


def _answer(text: str) -> str:
    """The one credited, up to the clause about them; "" when it points elsewhere or runs long."""
    who = trim_answer(ADDED_CLAUSE_RE.split(text, maxsplit=1)[0])
    if not who or word_count(who) > 12 or _POINTER_RE.search(who):
        return ""
    return who[:1].upper() + who[1:]
