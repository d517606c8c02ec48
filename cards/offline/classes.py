"""The parts of an announced classification, told in the sentences after it.

An essay or textbook announces a division ("Nationalism may be divided into six different classes:")
and then takes the parts one by one, each in a sentence of its own led by its place in the series:

* a part named as it comes, "First we have what may be broadly termed “orientalism,” …", "Our
  second division may be termed the style of reiteration, …", "The third consists of the mannerism
  known as the “Scotch snap,” …" → "In the author's division of nationalism into six classes, which
  comes second?" / "The style of reiteration";
* a name given to the parts told so far, "These two divisions of music have been termed
  “programme” or “objective” music." after "the first stage …", "The next stage …" of a division
  into four → "In the author's division of music into four classes, what have the first two
  classes been termed?", and "The other two classes … have been termed subjective." → "… what have
  the last two classes been termed?".

Only when certain: the series follows the announcement under the same heading, each place comes
after the one before it ("Our second division" with no first is another series), "these two" is
exactly the parts told so far and "the other two" exactly the rest; a new division, or a heading,
ends the series. "May be divided" is the author's division; "is divided" a fact ("In the division
of the cell cycle into four phases, …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cards.offline import structure
from cards.offline.casing import as_written
from cards.offline.claim_frames import NUMBERS, POINTER_RE, author
from cards.offline.clean import trim_answer
from cards.offline.divisions import DIVIDED_RE
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import split_sentences, word_count
from documents.model import Section

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_ORDINAL_WORDS = {v: k for k, v in _ORDINALS.items()}
_COUNT_WORDS = {v: k for k, v in NUMBERS.items()}
# The nouns a series' parts go by: not always the announcement's ("classes" told as "stages").
_PART = (
    r"(?:class|classes|division|divisions|kind|kinds|type|types|group|groups|stage|stages|category|"
    r"categories|part|parts|phase|phases|order|orders|period|periods|form|forms|branch|branches)"
)
_ORD = "|".join(_ORDINALS)
# "First we have …", "Firstly, there is …"
_FIRST_LEAD_RE = re.compile(r"^First(?:ly)?,?\s+(?:we\s+have|there\s+is|comes)\s+(?P<rest>.+)$")
# "Our second division …", "The third …", "The fifth type, like the fourth, …", "The next stage …"
_NTH_LEAD_RE = re.compile(
    rf"^(?:Our|The)\s+(?P<ord>{_ORD}|next|last)(?:\s+(?P<part>{_PART}))?\b(?P<rest>.*)$"
)
# "… liken the first stage to …": a part's place told mid-sentence.
_MID_ORD_RE = re.compile(rf"\bthe\s+(?P<ord>{_ORD}|next)\s+{_PART}\b", re.I)
# What the part is: "may be termed Y", "consists of Y", "what may be broadly termed “Y,” …"
_NAMED_RE = re.compile(
    r"^,?\s*(?:what\s+)?(?:(?:may|might|can)\s+be|is)\s+(?:(?:broadly|roughly|generally|loosely)\s+)?"
    r"(?:termed|called|named)\s+(?P<name>.+)$"
    r"|^,?\s*(?:consists|consisted)\s+of\s+(?P<made>.+)$"
)
_QUOTED_NAME_RE = re.compile(r"^[\"“](?P<q>[^\"“”]{2,40}?),?[\"”]")
_NAME_END_RE = re.compile(r"\s*[,;(]|\s+[—–]\s+|\s+--\s+")
# "These two divisions of music have been termed …", "The other two classes of music …"
_TERMED_RE = re.compile(
    rf"^The(?:se|\s+(?P<other>other|remaining))\s+(?P<m>{'|'.join(NUMBERS)})\s+{_PART}"
    r"(?:\s+of\s+(?P<whole>[a-z][\w\s\-]{1,40}?))?\s+(?:have\s+been|has\s+been|are|were|may\s+be)\s+"
    r"(?:termed|called|named|known\s+as)\s+(?P<name>[^;]{2,80}?)\.?$"
)


@dataclass
class _Series:
    """A division announced and the places of its parts told so far."""

    whole: str  # as written mid-sentence ("nationalism")
    n: int
    kind: str  # the announcement's noun ("classes")
    authors: bool  # "may be divided": the author's division
    heading: tuple[str, ...]
    author: str = "the author"  # whose division "may be divided" is: "Edward MacDowell", when named
    told: set[int] = field(default_factory=set)
    named_first: int = 0  # how many parts "these N" has named

    def frame(self) -> str:
        whose = f"{self.author}'s division" if self.authors else "the division"
        return f"In {whose} of {self.whole} into {_COUNT_WORDS[self.n]} {self.kind}"


def announced_classes(d: Drafter) -> None:
    """Cards on the parts of an announced division (module docstring), read over the whole chunk."""
    if CardKind.BASIC not in d.kinds or d.lang != "en":
        return
    series: _Series | None = None
    for section, text in d.prepared:
        if section.kind in {"table", "code"}:
            continue
        heading = tuple(section.source.heading or ())
        if series and series.heading != heading:
            series = None
        for sentence in split_sentences(structure.without_list_lines(text)):
            sentence = " ".join(sentence.split())
            announced = _announcement(d, sentence, heading)
            if announced:
                series = announced
                continue
            if series:
                series = _part(d, section, series, sentence)


def _announcement(d: Drafter, sentence: str, heading: tuple[str, ...]) -> _Series | None:
    m = DIVIDED_RE.match(sentence.rstrip(".:"))
    if not m or POINTER_RE.search(m.group("whole")) or word_count(m.group("whole")) > 8:
        return None
    whole = as_written(d, m.group("whole"))
    if re.match(r"(?:The|A|An)\s", whole) and not re.search(r"\s(?:of|in)\s", whole):
        return None  # "The building may be divided …": which building, the card could not say
    whole = re.sub(r"^(The|A|An)\b", lambda a: a.group(1).lower(), whole)
    n_word = m.group("n").lower()
    n = NUMBERS.get(n_word) or int(n_word)
    authors = " ".join(m.group("aux").split()).endswith(" be")
    return _Series(whole, n, m.group("kind"), authors, heading, author(d))


def _part(d: Drafter, section: Section, series: _Series, sentence: str) -> _Series | None:
    """Reads one sentence after the announcement; the series, or None once it has ended."""
    place, rest = _place(sentence, series)
    if place == -1:
        return None  # a place out of order: another series, or one this reading cannot follow
    if place:
        series.told.add(place)
        if rest is not None:
            _named_part(d, section, series, place, rest, sentence)
    else:
        for mid in _MID_ORD_RE.finditer(sentence):
            ordinal = mid.group("ord").lower()
            at = _ORDINALS.get(ordinal) or max(series.told, default=0) + 1
            if at == max(series.told, default=0) + 1:
                series.told.add(at)
    _termed(d, section, series, sentence)
    return series


def _place(sentence: str, series: _Series) -> tuple[int, str | None]:
    """The place a sentence's lead gives (0: none; -1: out of order) and the rest after it."""
    last = max(series.told, default=0)
    if m := _FIRST_LEAD_RE.match(sentence):
        return (1, m.group("rest")) if last == 0 else (-1, None)
    m = _NTH_LEAD_RE.match(sentence)
    if not m:
        return 0, None
    ordinal = m.group("ord").lower()
    if ordinal == "last":
        return (series.n, None) if last == series.n - 1 else (0, None)
    place = _ORDINALS.get(ordinal) or last + 1
    if place != last + 1 or place > series.n:
        return -1, None
    if m.group("part") is None and not re.match(r"\s+(?:consists|may|is)\b", m.group("rest")):
        return 0, None  # "The first of these …", "The third time": not a part's lead
    return place, m.group("rest")


def _named_part(d: Drafter, section: Section, series: _Series, place: int, rest: str, sentence: str) -> None:
    m = _NAMED_RE.match(rest.strip())
    if not m:
        return
    # the comma an old text sets inside a closing quote ("Scotch snap,") ends the name after it
    told = re.sub(r",([\"”])", r"\1,", m.group("name") or m.group("made") or "")
    quoted = _QUOTED_NAME_RE.match(told)
    answer = quoted.group("q") if quoted else _NAME_END_RE.split(told, maxsplit=1)[0]
    answer = trim_answer(answer.strip().rstrip("."))
    if quoted:  # in the source's own quotes
        answer = f'"{answer}"' if told[0] == '"' else f"“{answer}”"
    if not answer or POINTER_RE.search(answer) or not 1 <= word_count(answer) <= 15:
        return
    question = f"{series.frame()}, which comes {_ORDINAL_WORDS[place]}?"
    d.add(section, CardKind.BASIC, question, _capital(answer), sentence, 1)


def _termed(d: Drafter, section: Section, series: _Series, sentence: str) -> None:
    m = _TERMED_RE.match(sentence)
    if not m:
        return
    count = NUMBERS[m.group("m")]
    whole = m.group("whole")
    if whole and _singular(whole.strip()) != _singular(series.whole):
        return  # "these two classes of rock" after "Rocks may be divided …" is the same whole
    if m.group("other"):
        if not series.named_first or series.named_first + count != series.n:
            return
        which = f"last {m.group('m')}"
    else:
        if count != len(series.told) or series.told != set(range(1, count + 1)) or count >= series.n:
            return  # "these two" must be exactly the parts told so far
        series.named_first = count
        which = f"first {m.group('m')}"
    name = trim_answer(m.group("name").strip())
    if POINTER_RE.search(name) or not 1 <= word_count(name) <= 10:
        return
    question = f"{series.frame()}, what have the {which} {series.kind} been termed?"
    d.add(section, CardKind.BASIC, question, _capital(name), sentence, 1)


def _singular(phrase: str) -> str:
    return re.sub(r"s$", "", phrase.casefold())


def _capital(text: str) -> str:
    """``text`` with its first letter in capitals, after any opening quote."""
    i = next((k for k, c in enumerate(text) if c.isalpha()), 0)
    return text[:i] + text[i : i + 1].upper() + text[i + 1 :]
