"""What a short name abbreviates, said in passing: "… the Rust type Rc<T>, which is an abbreviation
for reference counting" → "What is Rc<T> an abbreviation for?" / "Reference counting".

A tutorial says it to the reader ("You have to enable … by using the Rust type Rc<T>, which is …"):
the sentence as a whole speaks in the second person, but the fact the card asks for is the name and
its long form alone. The long form must spell the short name (Schwartz & Hearst: every letter in
order, the first one starting its first word), so "X, which is short for a while" makes nothing; the
short name is a code name ("Rc<T>", "mpsc::channel"'s "mpsc") or a word the text writes as a name
(capitals, "HTTP"; or a rare lower-case word, "mpsc"). The card is led by the document's subject
when it does not name it ("In Rust, …": a short name is ambiguous outside its field).
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.subject import IN_CONTEXT, names_subject
from cards.offline.terms import schwartz_hearst, zipf
from cards.schema import CardKind
from cards.text import code_terms, normalize
from documents.model import Section

# "X, which is an abbreviation for Y", "X (short for Y)", "X stands for Y", "X is short for Y".
_ABBREVIATION_RE = re.compile(
    r"(?P<short>[^\s,;()]{2,40}?)(?:,\s+which\s+is|\s+\(|\s+is)?\s+"
    r"(?P<how>(?:an\s+)?abbreviation\s+(?:for|of)|short\s+for|stands\s+for)\s+"
    r"(?P<long>[^.;()]{3,80}?)\s*(?:[.;)]|,\s|$)"
)
#: A lower-case short name rarer than this in general language (``wordfreq`` zipf) is a name ("mpsc").
_NAME_ZIPF = 3.0


def _letters(short: str) -> str:
    """The letters an abbreviation spells: "Rc<T>" → "Rc"; none of a path ("mpsc::channel")."""
    spans = code_terms(short)
    if spans == [(0, len(short))] and "<" in short and "::" not in short:
        return short.split("<", 1)[0]  # a generic type abbreviates by its name
    return short if re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,9}", short) else ""


def abbreviation(d: Drafter, section: Section, sentence: str) -> None:
    """ "X, which is an abbreviation for Y" → "What is X an abbreviation for?" / "Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    for m in _ABBREVIATION_RE.finditer(sentence):
        short, long = m.group("short").strip("`"), m.group("long").strip()
        letters = _letters(short)
        if not letters:
            continue
        named = code_terms(short) or not letters.islower() or zipf(letters, d.lang) < _NAME_ZIPF
        if not named or normalize(schwartz_hearst(letters, long) or "") != normalize(long):
            continue  # "the fund, which is short for money": the long form does not spell the name
        what = "short for" if m.group("how").startswith("short") else "an abbreviation for"
        question = f"What is {short} {what}?"
        subject = d.subject
        if subject and subject.proper and not names_subject(short, subject):
            # a short name may stand for other things elsewhere: "In Rust, what is Rc<T> …?"
            question = IN_CONTEXT["en"].format(c=subject.name, q="w" + question[1:])
        d.add(section, CardKind.BASIC, question, long[:1].upper() + long[1:], sentence, 0)
