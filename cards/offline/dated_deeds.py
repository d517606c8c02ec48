"""The year of a named subject's deed: "In 1737 Händel gave up the writing of operas" → a cloze on the year.

A history dates what its people did and when its things were made: "In 1720 a company for the
giving of Italian opera was formed", "Organ pedals were invented in Germany about 1325", "In 1723
Bach obtained the position of Cantor at the St. Thomas School". The year is the fact to learn, and
the rest of the sentence says whose deed it was, so the card is a cloze on the year. (The events
with a question of their own, "When was X born?", are :func:`cards.offline.questions.dated`'s; a
sentence another extractor already used makes no second card.)

Only a sentence (or its first clause before a semicolon) that names its subject and tells of one
dated deed in the past: a year of four figures after "in", "about", "by" or "until" (no range, no
second year: which would be asked?), the subject a name or a noun phrase before the verb, never a
pronoun, a pointer ("the former", "such works"), the author's "I" or "we", a question or a quotation.
"""

from __future__ import annotations

import re

from cards.focus import focus_problem
from cards.offline.clean import leans_on_context, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.terms import CENTURY_LEAD, ORDINAL
from cards.text import STOP_WORDS, normalize, word_count
from documents.model import Section

_YEAR = r"1[0-9]{3}"
_YEAR_RE = re.compile(rf"(?<![\w.,/-]){_YEAR}(?![\w/-]|\.\d)")
# The year a deed is dated by: "in 1737", "about 1325", "in March, 1875", "by 1742", "until 1650",
# "as early as 1500", "the Crusade of 1228", "dates from about the year 1550".
_DATING_RE = re.compile(
    r"\b(?P<lead>(?:[Ii]n|[Bb]y|[Uu]ntil|[Uu]p to|[Aa]s (?:early|late) as|[Ff]rom|of|[Aa]bout|[Aa]round)"
    r"(?:\s+about)?(?:\s+the year)?)\s+"
    rf"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    rf"(?:\s+\d{{1,2}})?,?\s+)?(?P<year>{_YEAR})(?![\w/-]|\.\d)"
)
# A century dating a deed: "were introduced in the fifteenth century", "lived in the first half of the
# thirteenth century", "until the beginning of the fourteenth century". Never "the last century", "our
# century" (counted from the author's day), nor "the fourteenth and fifteenth centuries" (which is asked?).
_CENTURY_DATING_RE = re.compile(rf"{CENTURY_LEAD}(?P<year>{ORDINAL}\s+century)\b(?!\s*,?\s*B\.\s?C)")
# A year of the era written out, any length: "as early as 306 A.D.", "in 590 A.D." (a year of four figures
# with it is still one year); the cloze hides the figures, "in {{c1::590}} A.D.".
_ERA_YEAR_RE = re.compile(r"(?<![\w.,/-])\d{2,4}\s?A\.\s?D\.")
_ERA_DATING_RE = re.compile(
    r"\b(?P<lead>(?:[Ii]n|[Bb]y|[Uu]ntil|[Uu]p to|[Aa]s (?:early|late) as|[Ff]rom|[Aa]bout|[Aa]round)"
    r"(?:\s+about)?(?:\s+the year)?)\s+(?P<year>\d{2,4})(?=\s?A\.\s?D\.)"
)
_CENTURY_WORD_RE = re.compile(r"\bcentur(?:y|ies)\b", re.I)
# A second date or a range: the sentence dates more than one thing.
_RANGE_RE = re.compile(rf"{_YEAR}\s*(?:[-–]|to|and|or)\s*\d{{2,4}}\b|\b(?:between|from)\s+{_YEAR}")
# A verb in the past: the sentence tells of a deed, not of a state ("is known", "was again in
# prosperous circumstances"; "was formed", a deed in the passive, is one).
_PAST_RE = re.compile(
    r"\b(?:(?:was|were|had been)\s+(?:[a-z]+ly\s+|first\s+|not\s+)?[a-z]{2,}(?:ed|en|wn|ht)|"
    r"became|had become|[a-z]{3,}ed|did not [a-z]{3,}|gave|wrote|written|went|made|took|came|left|began|"
    r"begun|won|"
    r"brought|sent|built|found|held|lived|sang|sung|taught|grew|met|rose|led|heard|drew|drawn|"
    r"undertook|overcame|fell|ran|knew|set|sold|bought|chose|spoke|sprang|stood|struck)\b"
)
# The author, the reader, a question to the reader: opinion or framing, not a fact of the history;
# "came to him", "sent them": a person named in another sentence.
_VOICE_RE = re.compile(r"\b(?:I|me|my|we|us|our|you|your|him|them)\b")
# A source telling of something in the present ("In the beginning of the seventeenth century Garcilaso
# tells of a love song played on a flute"): the date is the teller's, and the past participle of what he
# tells of ("played") is no deed of the subject.
_REPORTING_RE = re.compile(r"\b(?:tells|says|speaks|writes|relates|mentions|records|reports|describes)\b")
# A subject that points at something named elsewhere: "The former was born about 1650".
_POINTER_SUBJECT_RE = re.compile(
    r"^(?:The|A|An)?\s*(?:former|latter|same|other|next|last|first|second|third|one|two|both|"
    r"such|this|these|those|that)\b",
    re.I,
)
# A year in brackets closing the sentence dates its deed: "… produced “William Tell” (1829)."
_CLOSING_YEAR_RE = re.compile(rf"\((?P<year>{_YEAR})\)(?=\.$)")
# The word right after the year when it is a lower-case one.
_MODIFIED_RE = re.compile(r"\s+([a-z]+)\b")
_QUOTE_RE = re.compile(r"[\"“”]")
#: A card longer than this asks more than the year of one deed.
_MAX_WORDS = 35
_MIN_WORDS = 4


def dated_deed(d: Drafter, section: Section, sentence: str) -> None:
    """A sentence dating a named subject's deed by its year → a cloze on the year."""
    if CardKind.CLOZE not in d.kinds or d.lang != "en" or noise(sentence):
        return
    if normalize(d.originals.get(sentence, sentence)) in d.used_sentences:
        return  # another extractor has asked this sentence already
    text = _first_clause(sentence)
    if not text or not _MIN_WORDS <= word_count(text) <= _MAX_WORDS:
        return
    if "B.C" in text:
        return
    eras = len(_ERA_YEAR_RE.findall(text))
    years = len(_YEAR_RE.findall(_ERA_YEAR_RE.sub(" ", text)))
    centuries = len(_CENTURY_WORD_RE.findall(text))
    if years + eras + centuries != 1 or _RANGE_RE.search(text):
        return  # no date, or more than one: which would be asked?
    m = (_DATING_RE if years else _ERA_DATING_RE if eras else _CENTURY_DATING_RE).search(text)
    if m and "(" in text[m.start() - 1 : m.end() + 1]:
        m = None  # "(about 1377)": an aside dating something the sentence names in passing
    after = _MODIFIED_RE.match(text, m.end()) if m else None
    if after and after.group(1) not in STOP_WORDS:
        m = None  # "in 1700 style": the year describes a noun, it dates no deed
    m = m or _CLOSING_YEAR_RE.search(text)
    if not m or not _PAST_RE.search(text) or _VOICE_RE.search(text) or _REPORTING_RE.search(text):
        return
    if text.endswith("?") or len(_QUOTE_RE.findall(text)) % 2:
        return
    if not _names_its_subject(text, m):
        return
    year, end = m.span("year")
    if focus_problem(m.group("year"), text, year, d.lang):
        return  # the sentence states another fact ("a German named Denner"): its own cloze is that
    cloze = f"{text[:year]}{{{{c1::{m.group('year')}}}}}{text[end:]}"
    d.add(section, CardKind.CLOZE, cloze, "", sentence, 1)


def _first_clause(sentence: str) -> str:
    """The sentence, or its first clause when a semicolon joins a second statement to it."""
    text = sentence.strip()
    if "; " in text:
        text = text.split("; ", 1)[0].rstrip(",") + "."
    return text if text.endswith(".") and text[:1].isupper() else ""


def _names_its_subject(text: str, dating: re.Match[str]) -> bool:
    """The clause's subject (its words before the verb, after an opening "In 1720") is a name or a noun
    phrase, not a pointer."""
    rest = text
    if dating.start() == 0:  # "In 1737 Händel gave up …", "In 1720, a company … was formed"
        rest = text[dating.end() :].lstrip(" ,")
    if leans_on_context(rest) or _POINTER_SUBJECT_RE.match(rest):
        return False
    verb = _PAST_RE.search(rest)
    subject = re.split(r",", rest[: verb.start()] if verb else rest, maxsplit=1)[0]
    tokens = subject.split()
    if not tokens or len(tokens) > 8:
        return False
    first = tokens[0].strip("“”\"'")
    if first.casefold() in STOP_WORDS and first.casefold() not in {"the", "a", "an"}:
        return False  # "After that …", "When …": no subject ahead of the verb
    # a name ("Händel", "Cardinal Mazarin") or a noun phrase with a word of its own ("organ pedals")
    return any(t[:1].isupper() or (t.casefold() not in STOP_WORDS and len(t) > 3) for t in tokens)
