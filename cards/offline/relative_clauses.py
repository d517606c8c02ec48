"""What a relative clause or an aside says of the named thing it follows.

Long expository prose states a thing's make-up or date in passing, inside a sentence about
something else; the other extractors read only a sentence's own subject:

* "… was thus the origin of the hurdy-gurdy, which consisted of a wheel covered with resined
  leather and turned by a crank." → "What did the hurdy-gurdy consist of?" / "A wheel covered …";
* "The harpsichord, which was invented about 1400, …" → "When was the harpsichord invented?" /
  "About 1400";
* "For instance, the Burmese drum-organ, as it is called, consists of twenty-one drums …": the
  aside "as it is called" hides the subject from :func:`cards.offline.questions.purpose`; the
  sentence is read without it ("What does the Burmese drum-organ consist of?").

The thing must be a noun phrase that names something (a name or a rare word: "the hurdy-gurdy",
"the game of the cottabos"), never a pronoun or a pointer ("this style of overture, which …").
"""

from __future__ import annotations

import re

from cards.offline import lineage, questions
from cards.offline.clean import DANGLING_RE, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_WORD = r"[\w’'\-]+"
# The noun phrase the clause follows: an article and up to four words ("the marine trumpet", "the game
# of the cottabos"), or a capitalised name ("Ctesibus of Alexandria" is no subject here: it has no article).
_THING = rf"(?P<thing>(?:the|a|an)\s+(?:{_WORD}\s+){{0,3}}{_WORD}(?:\s+of\s+(?:the\s+)?{_WORD})?)"
_CONSISTED_RE = re.compile(
    rf"(?:^|\s){_THING},\s+which\s+(?:also\s+)?(?P<verb>consisted|consists|consist)\s+of\s+(?P<parts>[^;]{{6,200}})$",
    re.I,
)
_YEAR = r"1\d{3}|20\d\d"
_DATED_RE = re.compile(
    rf"(?:^|\s){_THING},\s+which\s+(?P<aux>was|were)\s+(?P<verb>invented|introduced|built|founded|composed|"
    rf"written|published|established|first\s+used)\s+(?P<when>(?:in|about|around|circa|c\.)\s+(?:{_YEAR}))\b",
    re.I,
)
# ", as it is called," / "(as they were called)": the name's aside, not part of the statement.
_CALLED_ASIDE_RE = re.compile(
    r",\s+as\s+(?:it|they)\s+(?:is|are|was|were)\s+(?:now\s+|then\s+|generally\s+)?called,|"
    r"\s+\(as\s+(?:it|they)\s+(?:is|are|was|were)\s+called\)",
    re.I,
)
# A leading example marker that only links the sentence to the one before it.
_EXAMPLE_LEAD_RE = re.compile(r"^(?:For\s+(?:instance|example)|Thus|So),\s+")
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|same|former|latter|other|its|their|his|her|our|your|above|"
    r"following|previous|next)\b",
    re.I,
)


def relative_clause(d: Drafter, section: Section, sentence: str) -> None:
    """ "the X, which consisted of Y" → "What did the X consist of?"; "the X, which was invented
    about 1400" → "When was the X invented?" (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    body = sentence.rstrip(".!")
    if m := _CONSISTED_RE.search(body):
        thing = _thing(m.group("thing"), d)
        answer = trim_answer(m.group("parts"))
        if thing and 2 <= word_count(answer) <= 25 and not _POINTER_RE.search(answer):
            tense = {"consisted": "did", "consist": "do"}.get(m.group("verb").casefold(), "does")
            d.add(section, CardKind.BASIC, f"What {tense} {thing} consist of?", _capital(answer), sentence, 1)
    if m := _DATED_RE.search(body):
        thing = _thing(m.group("thing"), d)
        if thing:
            verb = re.sub(r"\s+", " ", m.group("verb").casefold())
            q = f"When {m.group('aux').casefold()} {thing} {verb}?"
            d.add(section, CardKind.BASIC, q, _capital(m.group("when")), sentence, 1)


def called_aside(d: Drafter, section: Section, sentence: str) -> None:
    """The sentence read without its "as it is called" aside by the purpose, make-up and lineage questions."""
    if d.lang != "en" or not _CALLED_ASIDE_RE.search(sentence):
        return
    plain = _CALLED_ASIDE_RE.sub("", sentence)
    lead = _EXAMPLE_LEAD_RE.match(plain)
    if lead:
        rest = plain[lead.end() :]
        plain = rest[:1].upper() + rest[1:]
    # the card quotes the sentence as written
    d.originals.setdefault(plain, d.originals.get(sentence, sentence))
    questions.purpose(d, section, plain)
    lineage.lineage(d, section, plain)  # "All instruments of percussion, as they are called, are …"


def _thing(phrase: str, d: Drafter) -> str:
    """The noun phrase as the question names it, or "" when it names nothing specific."""
    if _POINTER_RE.search(phrase) or not names_something(phrase, d.lang):
        return ""
    _, of, inner = phrase.partition(" of ")
    if of and names_something(inner, d.lang):
        phrase = inner  # "the origin of the hurdy-gurdy, which consisted of …": the hurdy-gurdy did
    return phrase[:1].lower() + phrase[1:] if phrase.split(" ", 1)[0] in {"The", "A", "An"} else phrase


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
