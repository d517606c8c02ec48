"""Who did a deed the text names as a noun, in the passive: "the first X was attempted by NAME".

A history tells of a step forward by naming the step and then the person: "we find that the first
actual arrangement of Christian music into a regular system was attempted by Pope Sylvester, in 314
A.D., when …" → "Who attempted the first actual arrangement of Christian music into a regular
system?" / "Pope Sylvester (in 314 A.D.)"; "The first change in the tetrachord system … was made by
Guido d'Arezzo (first half of eleventh century), who …" → "Who made the first change in …?" /
"Guido d'Arezzo (first half of eleventh century)"; "… where the taming of the dithyramb into an art
form was accomplished by Praxilla, a poetess who …" → "Who accomplished the taming of …?" /
"Praxilla, a poetess".

:func:`.makers.maker` reads the passive only as a whole sentence ("“Carmen” was composed by
Bizet."); here the passive may be a clause of a longer sentence (after "that", "where", "when" or
a comma), so the deed must be a noun phrase that says what was done: led by "the", with "of" or
"in" or "to" after its head ("the taming of …", "the first change in …"), never a share ("the rest of
…"). Never a deed that points elsewhere ("this change", "his reform"), nor one that speaks of the
writer's own words ("the nearest approach to what we call music"); the doer is a name, not a
capitalised word of everyday language ("by Nature") nor a people's adjective ("by Christian monks").

A named person's finding is read the same way: "Didymus (about 30 B.C.) first discovered that two
different-sized whole tones were necessary …; and …" → "Who first discovered that …?" / "Didymus
(about 30 B.C.)" (:func:`finding`).
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.offline.makers import MADE_VERBS, POINTER_WORDS_RE
from cards.offline.person_names import PARTICLES, person_name
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, word_count
from documents.model import Section

#: Verbs of achieving a step, past participle → past tense, beside the verbs of making.
_DONE_VERBS = {
    **MADE_VERBS,
    "accomplished": "accomplished",
    "achieved": "achieved",
    "attempted": "attempted",
    "made": "made",
    "developed": "developed",
    "undertaken": "undertook",
    "begun": "began",
    "completed": "completed",
    "effected": "effected",
    "initiated": "initiated",
}
_VERBS = "|".join(sorted(_DONE_VERBS, key=len, reverse=True))
# "Guido d'Arezzo": an elided particle joined to the next name
_NAME = person_name(particles=rf"{PARTICLES}|d['’][A-Z][\w’'\-]*")
# The deed opens its clause: the sentence's start, or after "that", "where", "when", "whereupon" or a
# comma; "the", up to 20 words without a comma, then the passive with its doer.
_DONE_BY_RE = re.compile(
    r"(?:^|(?<=,\s)|(?<=\bthat\s)|(?<=\bwhere\s)|(?<=\bwhen\s))"
    rf"(?P<deed>[Tt]he\s+[^,;:()\"“”]{{6,160}}?)\s+(?:was|were)\s+(?P<first>first\s+)?(?P<verb>{_VERBS})\s+by\s+"
    rf"(?P<who>{_NAME})(?P<rest>.*)$"
)
# "the taming of the dithyramb …", "the first change in the tetrachord system …": a noun with its object
_DEED_SHAPE_RE = re.compile(r"^the\s+(?:first\s+)?(?:[a-z]+\s+){0,2}[a-z]+\s+(?:of|in|to)\s")
# "the rest of the work", "most of the songs": a share of something, not a deed
_SHARE_RE = re.compile(r"^the\s+(?:rest|most|part|half|whole|remainder|majority|bulk|end|top|bottom|side)\b")
# What may follow the doer into the answer: a bracketed date or period, ", in 314 A.D.", or ", a poetess".
_BRACKET_RE = re.compile(r"^\s+(?P<b>\([^()]{2,50}\))")
_YEAR_RE = re.compile(
    r"^,?\s+(?P<y>in\s+(?:the\s+year\s+)?\d{3,4}(?:\s+(?:A\.D\.|B\.C\.|AD|BC))?)(?=[,.;]|\s*$)"
)
_APPOSED_RE = re.compile(r"^,\s+(?P<a>an?\s+[a-z]+(?:\s+[a-z]+){0,2}?)(?=,|\s+(?:who|which|whose)\b)")
# After the doer's name: punctuation, a bracket, a clause or the sentence's end, not the noun a
# capitalised adjective goes with.
_NAME_END_RE = re.compile(r"^(?:[,.;:(]|\s+(?:\(|in|at|on|who|and|about|around)\b|\s*$)")
#: A one-word doer this common (``wordfreq`` zipf) is a word, not a name.
_WORD_ZIPF = 4.2
# The writer's own words in the deed: "what we call music", "as I have said".
_WRITER_RE = re.compile(r"\b(?:we|us|our|I|my|you|your)\b")


def done_by(d: Drafter, section: Section, sentence: str) -> None:
    """ "… the first change in X was made by Guido …" → "Who made the first change in X?" / "Guido"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _DONE_BY_RE.search(" ".join(sentence.split()))  # a name may run over a line's end
    if not m:
        return
    deed, who, rest = m.group("deed"), m.group("who"), m.group("rest")
    deed = deed[:1].lower() + deed[1:]
    if not _DEED_SHAPE_RE.match(deed) or _SHARE_RE.match(deed) or not 3 <= word_count(deed) <= 20:
        return
    if POINTER_WORDS_RE.search(deed) or _WRITER_RE.search(deed) or DANGLING_RE.search(deed):
        return
    if who.split(" ", 1)[0].casefold() in STOP_WORDS or who.isupper():
        return  # "by The Church", "by BWV": no person's name
    if not _NAME_END_RE.match(rest):
        return  # "by Christian monks": an adjective of a people, not a name
    if " " not in who and zipf(who, d.lang) >= _WORD_ZIPF:
        return  # "by Nature": a word of everyday language, capitalised
    answer = who
    if b := _BRACKET_RE.match(rest):
        answer = f"{who} {b.group('b')}"
    elif y := _YEAR_RE.match(rest):
        answer = f"{who} ({y.group('y')})"
    elif a := _APPOSED_RE.match(rest):
        answer = f"{who}, {a.group('a')}"
    verb = ("first " if m.group("first") else "") + _DONE_VERBS[m.group("verb")]
    d.add(section, CardKind.BASIC, f"Who {verb} {deed}?", answer, sentence, 1)


_FINDING_VERBS = {
    "discovered": "discovered",
    "found": "found",
    "showed": "showed",
    "proved": "proved",
    "demonstrated": "demonstrated",
    "established": "established",
}
# "Didymus (about 30 B.C.) first discovered that two different-sized whole tones were necessary …; and …":
# a named person's finding, the sentence's subject and its first clause.
_FINDING_RE = re.compile(
    rf"^(?:In\s+(?:the\s+year\s+)?(?P<year>\d{{3,4}}),?\s+)?(?P<who>{_NAME})(?P<aside>\s+\([^()]{{2,40}}\))?(?:,\s+[^,;]{{2,60}},[\"”]?)?\s+"
    rf"(?P<first>first\s+)?(?P<verb>{'|'.join(_FINDING_VERBS)})\s+that\s+(?P<what>[^;:]+?)\s*(?:[;:]|\.?$)"
)
# The finding says something of its own: not "that he …", "that this …", "that we …", "that its …" (an
# "its" later in the clause is its own subject's: "the volume of a gas varies as its pressure"), nor a
# second finding.
_FINDING_POINTER_RE = re.compile(
    r"^(?:its|their)\b|\b(?:he|she|it|they|him|her|his|them|this|these|those|such|former|latter|we|us|our|I|you)\b"
    r"|\bbut\s+that\b"
)


def finding(d: Drafter, section: Section, sentence: str) -> None:
    """ "Didymus (about 30 B.C.) first discovered that X" → "Who first discovered that X?" / "Didymus (…)"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _FINDING_RE.match(" ".join(sentence.split()))
    if not m:
        return
    who, what = m.group("who"), m.group("what").rstrip(" .,")
    if who.split(" ", 1)[0].casefold() in STOP_WORDS or who.isupper():
        return
    if " " not in who and zipf(who, d.lang) >= _WORD_ZIPF and not d.mid_sentence_count(who):
        return  # "Experiments showed that …": a word at the sentence's start, not a name
    if not 4 <= word_count(what) <= 25 or _FINDING_POINTER_RE.search(what) or DANGLING_RE.search(what):
        return
    verb = ("first " if m.group("first") else "") + _FINDING_VERBS[m.group("verb")]
    answer = f"{who}{m.group('aside') or ''}"
    if m.group("year") and not m.group("aside"):
        answer = f"{who} (in {m.group('year')})"
    d.add(section, CardKind.BASIC, f"Who {verb} that {what}?", answer, sentence, 1)
