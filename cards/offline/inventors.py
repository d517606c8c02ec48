"""Who made, or is credited with, a thing, where a history names the maker with an aside.

A history of an art or a science says who invented or discovered what, but seldom in the plain
"Tourte invented the modern bow" that :func:`.makers.maker` reads: the maker comes with who they
were, and the deed may sit in a clause of a longer sentence.

* "Huygens, who was born at The Hague in 1629, invented the pendulum clock" → "Who invented the
  pendulum clock?" / "Huygens"; "Herschel, a musician of Bath, discovered the planet Uranus in
  1781" → "Who discovered the planet Uranus?" / "Herschel (in 1781)";
* "… up to the middle of the sixteenth century, when Zarlino, who died in 1590, invented the system
  in use at the present time, called the tempered scale, …" → "Who invented the tempered scale?"
  (the name the work is given, when the work itself is said in everyday words);
* "Hipparchus, who worked at Rhodes, is credited with the invention of trigonometry" → "Who is
  credited with the invention of trigonometry?" / "Hipparchus";
* "The astrolabe, which was the invention of the Greeks of Alexandria, consisted of …" → "Whose
  invention was the astrolabe?" / "The Greeks of Alexandria".

Never of a work led by a pointer ("built one of his own", "published his book"), nor of a maker
that is no name ("The Greeks, who …": a people credited as a whole is asked only by "invention of").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, complete_sentence, detach, noise
from cards.offline.drafter import Drafter
from cards.offline.makers import MADE_VERBS, NAME, POINTER_WORDS_RE, VERBS, WORK_END_RE, names_work
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count, words
from documents.model import Section

# A deed's clause inside a longer sentence: "…, when Zarlino, who died in 1590, invented …".
_WHEN_CLAUSE_RE = re.compile(r",\s+when\s+(?=[A-Z])")
# The maker, then an aside on who they were, then the deed.
_ASIDE_MAKER_RE = re.compile(
    rf"^(?P<who>{NAME})(?:\s+\([^)]{{1,30}}\))?,\s+(?P<aside>(?:who|a|an|the)\s+[^;()]{{3,80}}?),\s+"
    rf"(?:also\s+|first\s+|later\s+)?(?P<verb>{VERBS})\s+(?P<obj>[^;:]{{4,200}})$"
)
# "…, called the tempered scale, …": the name the work is given right after it.
_CALLED_AFTER_RE = re.compile(r"^,\s+called\s+(?P<name>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3})(?:,|$)")
_CREDITED_RE = re.compile(
    rf"^(?P<who>{NAME})(?:,\s+[^;]{{3,80}}?,)?\s+(?P<aux>is|was|has\s+been)\s+"
    r"(?:also\s+|generally\s+|often\s+|usually\s+|commonly\s+)?credited\s+with\s+"
    r"(?P<what>(?:the\s+(?:invention|discovery)\s+of|inventing|discovering)\s+[^;]{3,120})$"
)
_INVENTION_OF_RE = re.compile(
    r"^(?P<thing>(?:The|An?)\s+[^,;()]{2,60}?|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})"
    r"(?:,\s+which\s+was|\s+(?P<main>was))\s+(?:the|an?)\s+invention\s+of\s+(?P<who>[^,;()]{3,60})(?:,|$)"
)
# The clause after the credited thing: "…, but it is probable that he merely introduced them".
_CLAUSE_END_RE = re.compile(r",\s|\s+(?:which|who|where|when|while|whereas|but|and then)\s")


def _is_name(d: Drafter, who: str) -> bool:
    """A maker the text names: not "The Greeks", "In Paris", an abbreviation, or a sentence's first word."""
    first, last = who.split(" ", 1)[0], who.split(" ")[-1]
    if first.casefold() in STOP_WORDS or who.isupper():
        return False
    # written mid-sentence elsewhere, or no word of everyday language ("Bernhard", not "Usually")
    return bool(d.mid_sentence_count(last)) or (zipf(last.casefold(), d.lang) or 0.0) < 3.0


#: A work said in two or more words, one of them this rare (``wordfreq`` zipf), names a thing: "the
#: tempered scale", "organ pedals", "the pendulum clock"; not "a new instrument", "the great work".
_SPECIFIC_ZIPF = 3.6


def _specific(d: Drafter, work: str) -> bool:
    """The work is named or rare (:func:`.makers.names_work`) or a phrase with a specific word."""
    if names_work(d, work):
        return True
    content = [t for t in words(work) if t.casefold() not in STOP_WORDS]
    return len(content) >= 2 and any((zipf(t.casefold(), d.lang) or 0.0) < _SPECIFIC_ZIPF for t in content)


def _clean_work(work: str) -> str:
    work = work.strip().rstrip(",")
    if not 2 <= word_count(work) <= 12 or POINTER_WORDS_RE.search(work) or DANGLING_RE.search(work):
        return ""
    return work


def _maker_with_aside(d: Drafter, section: Section, sentence: str, body: str) -> None:
    for start in [0, *(m.end() for m in _WHEN_CLAUSE_RE.finditer(body))]:
        m = _ASIDE_MAKER_RE.match(body[start:])
        if not m or not _is_name(d, m.group("who")):
            continue
        obj = m.group("obj")
        work = WORK_END_RE.split(obj, maxsplit=1)[0]
        year = ""
        if dated := re.search(r"\s+(?:in|about|around)\s+(1\d{3}|20\d\d)$", work):
            work, year = work[: dated.start()], dated.group(1)
        called = _CALLED_AFTER_RE.match(obj[len(work) :])
        if called and not _specific(d, work) and " by " not in called.group("name"):
            name = called.group("name")
            work = name if name.startswith("the ") else f"the {name}"
        work = _clean_work(work)
        who = m.group("who")
        if not work or not _specific(d, work) or who.casefold() in work.casefold():
            continue
        answer = f"{who} (in {year})" if year else who
        d.add(section, CardKind.BASIC, f"Who {MADE_VERBS[m.group('verb')]} {work}?", answer, sentence, 1)
        return


def inventor(d: Drafter, section: Section, sentence: str) -> None:
    """A maker named with an aside, the one credited with an invention, whose invention a thing was."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or not complete_sentence(sentence):
        return
    body = detach(sentence).rstrip(".!")
    if m := _CREDITED_RE.match(body):
        what = _CLAUSE_END_RE.split(m.group("what"), maxsplit=1)[0].strip()
        if _is_name(d, m.group("who")) and _clean_work(what) and _specific(d, what):
            aux = " ".join(m.group("aux").split())
            d.add(section, CardKind.BASIC, f"Who {aux} credited with {what}?", m.group("who"), sentence, 1)
        return
    if m := _INVENTION_OF_RE.match(body):
        thing, who = m.group("thing"), m.group("who").strip()
        if POINTER_WORDS_RE.search(thing) or POINTER_WORDS_RE.search(who) or not _specific(d, thing):
            return
        first = thing.split(" ", 1)[0]
        thing = first.lower() + thing[len(first) :] if first in {"The", "A", "An"} else thing
        answer = who[:1].upper() + who[1:]
        d.add(section, CardKind.BASIC, f"Whose invention was {thing}?", answer, sentence, 1)
        return
    _maker_with_aside(d, section, sentence, body)
