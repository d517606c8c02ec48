"""Counted points: "X is due to two reasons. First, A. … Second, B." → one question, both points.

Papers and reports announce how many reasons, weaknesses or limitations they are about to give,
then give them one sentence each, led by "First," and "Second,". Each of those sentences leans on
the announcement (it starts with "First,"), so neither makes a card alone; together they answer
the announcement's question:

    We conjecture that the lower performance on SQuAD is due to two reasons. First, the
    annotators wrote questions after seeing the passage. […] Second, the data was collected
    from only 500+ Wikipedia articles […]
    → "In DPR, what are the two reasons for the lower performance on SQuAD?"
    — "The annotators wrote questions after seeing the passage; the data was collected from
    only 500+ Wikipedia articles."

Each point is its sentence's main clause (cut before ", as …", ", which …", "and thus …"); a
point too long to learn, or a count the sentences that follow do not match, makes no card. The
card quotes the announcement and the points' sentences, " | " between them.
"""

from __future__ import annotations

import re

from cards.offline.clean import detach
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import split_sentences, word_count
from documents.model import Section

_COUNTS = {"two": 2, "three": 3}
_ORDINALS = ("first", "second", "third")
# "We conjecture that …": the authors' frame around the claim.
_FRAME_RE = re.compile(
    r"^(?:we|the authors)\s+(?:\w+\s+)?(?:conjecture|believe|think|argue|hypothesi[sz]e|suspect|speculate)"
    r"\s+that\s+",
    re.I,
)
# "the lower performance on SQuAD is due to two reasons"
_REASONS_RE = re.compile(
    r"^(?P<effect>[^,;:()]{4,80}?)\s+(?:is|are|was|were|may be|might be|could be)\s+"
    r"(?:mainly\s+|mostly\s+|likely\s+|probably\s+|partly\s+)?(?:due to|caused by|explained by)\s+"
    r"(?P<n>two|three)\s+(?:main\s+|major\s+|key\s+)?(?:reasons|factors|causes)\.?$",
    re.I,
)
# "ORQA suffers from two weaknesses", "The method has three limitations"
_FLAWS_RE = re.compile(
    r"^(?P<owner>[A-Z][^,;:()]{1,60}?)\s+(?:also\s+)?(?:suffers?\s+from|has|have)\s+(?P<n>two|three)\s+"
    r"(?:main\s+|major\s+|key\s+)?(?P<kind>weaknesses|limitations|drawbacks|shortcomings|problems|"
    r"advantages|benefits|strengths)\.?$"
)
_VAGUE_RE = re.compile(r"^(?:it|they|this|that|these|those|which|there|he|she|its|their)\b", re.I)
# Where a point's main clause ends: an aside ("…, as argued by …") or a consequence ("and thus …").
_POINT_END_RE = re.compile(
    r",\s+(?:as|which|where|so|thus|while|because)\b|\s+and\s+(?:thus|hence|so)\b|[;:(]"
)
#: A point longer than this (its main clause) is a paragraph, not an answer.
MAX_POINT_WORDS = 14
#: The ordinals may come this many sentences apart (a point's explanation between them).
MAX_GAP = 2

REASONS_Q = {"en": "What are the {n} reasons for {e}?"}
FLAWS_Q = {"en": "What are the {n} {k} of {o}?"}
IN_SUBJECT = {"en": "In {s}, {q}"}


def _point(sentence: str, ordinal: str) -> tuple[str, str] | None:
    """(the point, the quoted part of its sentence) for "First, X." led by ``ordinal``, else None."""
    m = re.match(rf"^{ordinal}(?:ly)?,?\s+", sentence, re.I)
    if not m:
        return None
    rest = sentence[m.end() :]
    cut = _POINT_END_RE.search(rest)
    clause = detach(rest[: cut.start()] if cut else rest).strip().rstrip(".")
    if not 3 <= word_count(clause) <= MAX_POINT_WORDS or _VAGUE_RE.match(clause):
        return None
    quoted = sentence[: m.end() + (cut.start() if cut else len(rest))].rstrip(" ,.")
    return clause, quoted


def counted_points(d: Drafter, section: Section, text: str, subject: str | None) -> None:
    """A question on each announced count of reasons or weaknesses whose points follow in ``text``."""
    if CardKind.BASIC not in d.kinds or d.lang not in REASONS_Q:
        return
    sentences = split_sentences(text)
    for index, written in enumerate(sentences):
        lead = _FRAME_RE.sub("", detach(written).strip())
        if m := _REASONS_RE.match(lead):
            effect = m.group("effect")
            if _VAGUE_RE.match(effect):
                continue
            effect = effect[:1].lower() + effect[1:] if re.match(r"[A-Z][a-z]+\s", effect) else effect
            question = REASONS_Q[d.lang].format(n=m.group("n").lower(), e=effect)
            if subject and subject not in effect:
                question = IN_SUBJECT[d.lang].format(s=subject, q=question[:1].lower() + question[1:])
        elif (m := _FLAWS_RE.match(lead)) and not _VAGUE_RE.match(m.group("owner")):
            owner = re.sub(r"^(The|A|An)\b", lambda a: a.group(1).lower(), m.group("owner"))
            question = FLAWS_Q[d.lang].format(n=m.group("n").lower(), k=m.group("kind"), o=owner)
        else:
            continue
        wanted = _COUNTS[m.group("n").lower()]
        points: list[tuple[str, str]] = []
        at = index
        for ordinal in _ORDINALS[:wanted]:
            found = next(
                (
                    (k, p)
                    for k in range(at + 1, min(len(sentences), at + 2 + MAX_GAP))
                    if (p := _point(sentences[k], ordinal))
                ),
                None,
            )
            if found is None:
                break
            at, point = found
            points.append(point)
        if len(points) != wanted:
            continue
        back = "; ".join(p for p, _ in points) + "."
        back = back[:1].upper() + back[1:]
        source = " | ".join([written, *(q for _, q in points)])
        d.add(section, CardKind.BASIC, question, back, source, 0)
