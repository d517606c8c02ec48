"""Measured comparisons: "A outperforms B (78.4% vs. 59.1% for top-20 accuracy …)" → a question.

Papers and reports give their results as a pair of figures in brackets after the claim that
one system beats another, or in the sentence after it ("DPR performs consistently better
than BM25 on all datasets. The gap is especially large when k is small (e.g., 78.4% vs.
59.1% for top-20 accuracy on Natural Questions)."). A cloze on one of the figures would not
say what was measured, nor of what; the question names both systems and the measure, and
the answer gives each figure with its system:

    What top-20 accuracy on Natural Questions did DPR reach, compared with BM25?
    → DPR: 78.4%; BM25: 59.1%.

The measure may come before the figures, as what improved over which system: "It … also results
in a substantial improvement on the end-to-end QA accuracy compared to ORQA (41.5% vs. 33.3%)" →
"What end-to-end QA accuracy did DPR reach, compared with ORQA?" — "DPR: 41.5%; ORQA: 33.3%.".

A comparison led by "it" names the paper's subject (:func:`.papers.paper_subject`) only when
the sentence before is about that subject; the figures' measure must be written next to them
("… for top-20 accuracy", "… in Top-5 accuracy"), never guessed.
"""

from __future__ import annotations

import re

from cards.offline.clean import MAX_SPAN
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_FIGURE = r"\d+(?:[.,]\d+)?\s?%?"
# "(e.g., 78.4% vs. 59.1% for top-20 accuracy on Natural Questions)", "(65.2% vs. 42.9% in Top-5 accuracy)"
_PAIR_RE = re.compile(
    rf"\((?:e\.g\.,?\s*|i\.e\.,?\s*)?(?P<x>{_FIGURE})\s+vs\.?\s+(?P<y>{_FIGURE})\s+"
    r"(?:for|in|on|of)\s+(?P<measure>[^()]{3,80}?)\)"
)
# "… a substantial improvement on the end-to-end QA accuracy compared to ORQA (41.5% vs. 33.3%)": the
# measure and the other system before the figures; the first system is the claim's or the subject.
_IMPROVEMENT_PAIR_RE = re.compile(
    r"\b(?:improvements?|gains?|increases?)\s+(?:on|in|of)\s+(?:the\s+)?(?P<measure>[\w\- ]{3,60}?)\s+"
    r"(?:compared\s+(?:to|with)|over)\s+(?P<b>[A-Z][\w\-/+.]*)\s+"
    rf"\((?P<x>{_FIGURE})\s+vs\.?\s+(?P<y>{_FIGURE})\)"
)
# A name: capitalised words, or one word with capitals or digits inside ("BM25", "Lucene-BM25").
_NAME = r"(?:[A-Z][\w\-/+.]*[A-Z0-9][\w\-/+]*|[A-Z][a-z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})"
# "DPR performs consistently better than BM25", "It not only outperforms BM25", "X beats Y"
_CLAIM_RE = re.compile(
    rf"(?:^|[,;:]\s+|\b(?:and|but|while)\s+)(?P<a>{_NAME}|It|it)\s+(?:(?:not only|also|still|already|"
    r"consistently|clearly|greatly|significantly|substantially|)\s*)"
    r"(?:outperforms?|outperformed|beats?|beat|(?:performs?|performed|does|did|is|was|are|were)\s+"
    r"(?:\w+\s+)?better than)\s+(?:the\s+|a\s+)?(?:\w+\s+)?"
    rf"(?P<b>{_NAME})"
)
# "our dense retriever outperforms a strong Lucene-BM25 system greatly by 9%-19% absolute in terms of
# top-20 passage retrieval accuracy": the margin, with what it was measured in.
_MARGIN_RE = re.compile(
    rf"(?:^|[,;:]\s+)(?P<a>{_NAME}|[Oo]ur\s+[a-z][\w\- ]{{2,40}}?|It|it)\s+(?:\w+ly\s+)?"
    r"(?:outperforms?|outperformed|beats?|improves? (?:on|over)|exceeds?)\s+(?:the\s+|a\s+)?"
    rf"(?:[a-z]+\s+){{0,2}}(?P<b>{_NAME})(?:\s+(?:system|baseline|model|method|retriever))?\s+"
    r"(?:\w+ly\s+)?by\s+"
    r"(?P<margin>\d[\d.,]*%?(?:\s*[-–]\s*\d[\d.,]*%?)?(?:\s+(?:points?|percentage points))?)"
    r"(?:\s+absolute)?\s+(?:in terms of|in|on)\s+(?P<measure>[^,;()]{3,60}?)(?=[,;.]|\s+and\b|$)"
)
# "DPR-based models outperform the previous state-of-the-art results on four out of the five datasets,
# with 1% to 12% absolute differences …": on how many of them, and by how much when it is said.
_COUNT_RE = re.compile(
    rf"^(?P<a>{_NAME}(?:\s+[a-z][\w\-]*){{0,2}}|It)\s+(?:\w+ly\s+)?"
    r"(?:outperforms?|outperformed|beats?|improves? (?:on|over)|surpass(?:es)?)\s+"
    r"(?P<b>[^,;()]{3,60}?)\s+on\s+(?P<k>\w+)\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<n>\w+)\s+"
    r"(?P<things>(?:[a-z][\w\-]*\s+)?[a-z][\w\-]*s)"
    r"(?:,\s+(?P<with>with\s+[^;()]{3,80}?))?\.?$"
)
_NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
)
WHAT_REACHED = {"en": "What {m} did {a} reach, compared with {b}?"}
HOW_MANY_OF = {"en": "On how many of the {n} {t} did {a} outperform {b}?"}
BY_HOW_MUCH = {"en": "By how much did {a} outperform {b} in {m}?"}
ANSWER = {"en": "{a}: {x}; {b}: {y}."}


def _claim(text: str, subject: str | None) -> tuple[str, str] | None:
    """The two systems of the first "A beats B" claim in ``text``; "it" as ``subject``."""
    m = _CLAIM_RE.search(text)
    if not m:
        return None
    a, b = m.group("a"), m.group("b")
    if a.casefold() == "it":
        if not subject:
            return None
        a = subject
    if a.casefold() == b.casefold():
        return None
    return a, b


def measured_comparison(
    d: Drafter, section: Section, previous: str, sentence: str, subject: str | None
) -> None:
    """A question on a pair of figures "(x vs. y for M)" whose claim names the two systems compared."""
    template, answer = WHAT_REACHED.get(d.lang), ANSWER.get(d.lang)
    if not template or not answer or CardKind.BASIC not in d.kinds:
        return
    for pair in _PAIR_RE.finditer(sentence):
        before = sentence[: pair.start()]
        claim = _claim(before, subject)
        source = sentence
        if claim is None and previous and not _CLAIM_RE.search(before):
            # "The gap is especially large (…)": the claim is the sentence before, about the subject
            it_subject = subject if subject and previous.startswith(subject) else None
            claim = _claim(previous, it_subject)
            source = f"{previous.strip()} {sentence.strip()}"
        if claim is None:
            continue
        a, b = claim
        measure = re.sub(r"\s+", " ", pair.group("measure")).strip(" ,.")
        x, y = (re.sub(r"\s+", "", pair.group(k)) for k in ("x", "y"))
        front = template.format(m=measure, a=a, b=b)
        d.add(section, CardKind.BASIC, front, answer.format(a=a, x=x, b=b, y=y), source, 0)
    for pair in _IMPROVEMENT_PAIR_RE.finditer(sentence):
        claim = _claim(sentence[: pair.start()], subject)
        first = claim[0] if claim else subject if subject and sentence.startswith(f"{subject} ") else None
        other = pair.group("b")
        if first is None or first.casefold() == other.casefold():
            continue
        measure = re.sub(r"\s+", " ", pair.group("measure")).strip()
        x, y = (re.sub(r"\s+", "", pair.group(k)) for k in ("x", "y"))
        front = template.format(m=measure, a=first, b=other)
        d.add(section, CardKind.BASIC, front, answer.format(a=first, x=x, b=other, y=y), sentence, 0)


def margin_comparison(d: Drafter, section: Section, sentence: str, subject: str | None) -> None:
    """ "A outperforms B by 9%-19% in M" → "By how much did A outperform B in M?" — "9%-19%"."""
    template = BY_HOW_MUCH.get(d.lang)
    if not template or CardKind.BASIC not in d.kinds:
        return
    m = _MARGIN_RE.search(sentence)
    if not m:
        return
    a, b = m.group("a"), m.group("b")
    if a.casefold() == "it" or a.casefold().startswith("our "):
        if not subject:
            return
        a = subject  # "our dense retriever", "it": the paper's subject
    if a.casefold() == b.casefold():
        return
    margin = re.sub(r"\s*([-–])\s*", r"\1", m.group("margin"))
    measure = re.sub(r"\s+", " ", m.group("measure")).strip()
    back = f"By {margin}" + (" (absolute)." if "absolute" in m.group(0) else ".")
    d.add(section, CardKind.BASIC, template.format(a=a, b=b, m=measure), back, sentence, 0)


def _count(word: str) -> bool:
    return word.isdigit() or word.casefold() in _NUMBER_WORDS


def count_comparison(d: Drafter, section: Section, sentence: str, subject: str | None) -> None:
    """ "A outperforms B on four of the five datasets" → "On how many of the five datasets did A …?"."""
    template = HOW_MANY_OF.get(d.lang)
    m = _COUNT_RE.match(sentence)
    if not template or not m or CardKind.BASIC not in d.kinds:
        return
    if not (_count(m.group("k")) and _count(m.group("n"))):
        return
    a = m.group("a")
    if a == "It":
        if not subject:
            return
        a = subject
    front = template.format(n=m.group("n"), t=m.group("things"), a=a, b=m.group("b"))
    back = m.group("k")[:1].upper() + m.group("k")[1:]
    if m.group("with") and word_count(m.group("with")) <= 14:
        back += f", {m.group('with')}"
    d.add(section, CardKind.BASIC, front, back + ".", sentence, 0)


# "In contrast, BM25/Lucene (implemented in Java, …) processes 23.7 questions per second per CPU thread."
_CONTRAST_RATE_RE = re.compile(
    rf"^(?:In contrast|By contrast|In comparison|Conversely),\s+(?P<b>{_NAME})(?:\s+\([^()]*\))?\s+"
    r"(?P<verb>[a-z]+s)\s+(?:only\s+|about\s+|roughly\s+|around\s+)?(?P<y>\d[\d.,]*)\s+"
    r"(?P<unit>[a-z]+(?:\s+per\s+[a-z]+)?)(?P<rest>(?:\s+per\s+[\w\s]{2,30}?)?)\.?$"
)
HOW_MANY_RATE = {"en": "How many {u} does {a} {v}, compared with {b}?"}
RATE_ANSWER = {"en": "{a}: {x}; {b}: {y}{r}."}


def _base_verb(verb: str) -> str:
    """ "processes" → "process", "takes" → "take": the form after "does"."""
    return verb[:-2] if verb.endswith(("sses", "shes", "ches", "xes")) else verb[:-1]


def contrasted_rate(d: Drafter, section: Section, previous: str, sentence: str, subject: str | None) -> None:
    """Two figures in one unit, the paper's subject's before and "In contrast, B …" after:

    "… DPR can be made incredibly efficient, processing 995.0 questions per second … In contrast,
    BM25/Lucene … processes 23.7 questions per second per CPU thread." → "How many questions per
    second does DPR process, compared with BM25/Lucene?" — "DPR: 995.0; BM25/Lucene: 23.7 per CPU
    thread."
    """
    template, answer = HOW_MANY_RATE.get(d.lang), RATE_ANSWER.get(d.lang)
    m = _CONTRAST_RATE_RE.match(sentence)
    if not template or not answer or not m or not subject or CardKind.BASIC not in d.kinds:
        return
    if not re.search(rf"\b{re.escape(subject)}\b", previous) or subject == m.group("b"):
        return
    unit = m.group("unit")
    first = re.findall(rf"(\d[\d.,]*)\s+{re.escape(unit)}\b", previous)
    source = f"{previous.strip()} {sentence.strip()}"
    if len(first) != 1 or len(source) > MAX_SPAN:
        return  # no figure, or two, in the sentence before; or a quote too long to hold both
    front = template.format(u=unit, a=subject, v=_base_verb(m.group("verb")), b=m.group("b"))
    back = answer.format(a=subject, x=first[0], b=m.group("b"), y=m.group("y"), r=m.group("rest"))
    d.add(section, CardKind.BASIC, front, back, source, 0)
