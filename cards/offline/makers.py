"""Who made what: "Tourte invented the modern bow" → "Who invented the modern bow?" / "Tourte".

The maker comes with an aside or a clause in :mod:`.inventors`; this module reads the plain forms,
and a deed dated by who did it first, "Counterpoint is first mentioned by Muris (1300)" → "Who first
mentioned counterpoint?" / "Muris (in 1300)".
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, complete_sentence, detach, noise
from cards.offline.drafter import Drafter
from cards.offline.person_names import person_name
from cards.offline.terms import names_something, zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count, words
from documents.model import Section

# Who made what: "Tourte invented the modern bow", "“Carmen” was composed by Bizet", "It was Guido who
# devised the syllables". The maker is a name; the work names something (a title, a name, a rare term).
MADE_VERBS = {
    "composed": "composed",
    "wrote": "wrote",
    "written": "wrote",
    "invented": "invented",
    "introduced": "introduced",
    "founded": "founded",
    "built": "built",
    "discovered": "discovered",
    "devised": "devised",
    "created": "created",
    "established": "established",
    "designed": "designed",
    "published": "published",
    "painted": "painted",
    "conceived": "conceived",
}
NAME = person_name()
VERBS = "|".join(sorted(MADE_VERBS, key=len, reverse=True))
_MAKER_RE = re.compile(
    rf"^(?:It was\s+)?(?P<who>{NAME})(?:\s+\([^)]{{1,30}}\))?,?\s+(?:who\s+)?(?:also\s+|first\s+|later\s+)?"
    rf"(?P<verb>{VERBS})\s+(?P<obj>[^;:]{{4,160}})$"
)
_MADE_BY_RE = re.compile(
    rf"^(?P<obj>[^;:,]{{4,100}}?)\s+(?:was|were)\s+(?:first\s+)?(?P<verb>{VERBS})\s+by\s+(?P<who>{NAME})"
    rf"(?:\s+in\s+(?P<year>1\d{{3}}|20\d\d))?$"
)
# Deeds a history dates by who did them first, and only then: "Counterpoint is first mentioned by Muris
# (1300)", "The disease was first described by Thomas Hodgkin in 1832" → "Who first described …?"
# ("was described by" alone is any description, not a first).
FIRST_VERBS = {
    "described": "described",
    "mentioned": "mentioned",
    "used": "used",
    "made": "made",
    "performed": "performed",
    "printed": "printed",
    "proposed": "proposed",
    "observed": "observed",
    "employed": "employed",
    "recorded": "recorded",
    "identified": "identified",
}
_FIRST_BY_RE = re.compile(
    rf"^(?P<obj>[^;:,]{{4,100}}?)\s+(?:was|were|is|are)\s+first\s+"
    rf"(?P<verb>{'|'.join(sorted(FIRST_VERBS, key=len, reverse=True))})\s+by\s+(?P<who>{NAME})"
    rf"(?:\s+in\s+(?P<year>1\d{{3}}|20\d\d)|\s+\((?P<pyear>1\d{{3}}|20\d\d)\))?$"
)
POINTER_WORDS_RE = re.compile(
    r"\b(?:he|she|it|they|his|her|its|their|them|him|this|these|those|that|such|former|latter|"
    r"above|below|same|other|we|our|I|my|you)\b",
    re.I,
)
WORK_END_RE = re.compile(r",\s|\s\((?!\d)|\s+(?:which|who|where|when|while|whereas|but|and then)\s")
_RARE_ZIPF = 3.0


def names_work(d: Drafter, work: str) -> bool:
    """The work is named (a title, a name after its first word) or is a rare term ("the pianoforte")."""
    tokens = words(work)
    if any(t[:1].isupper() for t in tokens[1:]) or re.search(r"[\"“][A-Z]", work):
        return True
    return any(
        t.isalpha() and len(t) > 3 and (zipf(t.casefold(), d.lang) or 0.0) < _RARE_ZIPF for t in tokens
    )


def maker(d: Drafter, section: Section, sentence: str) -> None:
    """ "Tourte invented the modern bow" → "Who invented the modern bow?" / "Tourte".

    A who-made-what fact of a history, a biography or a manual (composed, wrote, invented, founded…):
    asked only when the maker is a name the text uses and the work is named or a rare term, so that
    the question has one answer; a work led by a pronoun ("his first opera") is about someone the
    card does not name.
    """
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    written = re.sub(r"^\s*\[\d{1,3}\]\s+", "", sentence)  # "[10] Counterpoint …": a footnote's own number
    body = detach(written).rstrip(".!")
    m = _MAKER_RE.match(body)
    year = ""
    if m:
        work = WORK_END_RE.split(m.group("obj"), maxsplit=1)[0]
        dated = re.search(r"\s+(?:in|about|around)\s+(1\d{3}|20\d\d)$", work)
        if dated:
            work, year = work[: dated.start()], dated.group(1)
    else:
        m = _MADE_BY_RE.match(body) or _FIRST_BY_RE.match(body)
        if not m or not m.group("obj")[:1].isupper():
            return
        work, year = m.group("obj"), m.group("year") or m.groupdict().get("pyear") or ""
        first = work.split(" ", 1)[0]
        if first in {"The", "A", "An"}:
            work = first.lower() + work[len(first) :]
        elif m.re is _FIRST_BY_RE and re.search(rf"(?<![\w\-]){re.escape(first.lower())}\b", d.all_text):
            work = first.lower() + work[len(first) :]  # "Counterpoint": capitalised by its place only
        elif first.casefold() in STOP_WORDS:
            return  # "In 1840 the piano" : a phrase before the subject
    who = m.group("who")
    if who.split(" ", 1)[0].casefold() in STOP_WORDS or who.isupper():
        return  # "The Greeks", "In Paris": no name; "BWV": an abbreviation
    if not d.mid_sentence_count(who.split(" ")[-1]):
        return  # capitalised only at the start of a sentence ("Usually"): no name the text uses
    work = work.strip().rstrip(",")
    shortest = 1 if m.re is _FIRST_BY_RE else 2  # "Counterpoint is first mentioned by …": a term alone
    if not shortest <= word_count(work) <= 12 or POINTER_WORDS_RE.search(work) or DANGLING_RE.search(work):
        return
    # a first is asked of a term of the art too ("counterpoint"), as long as it names something specific
    named = names_work(d, work) or (m.re is _FIRST_BY_RE and names_something(work, d.lang))
    if not complete_sentence(written) or not named or who.casefold() in work.casefold():
        return
    if m.re is _FIRST_BY_RE:
        question = f"Who first {FIRST_VERBS[m.group('verb')]} {work}?"
    else:
        question = f"Who {MADE_VERBS[m.group('verb')]} {work}?"
    answer = f"{who} (in {year})" if year else who
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)
