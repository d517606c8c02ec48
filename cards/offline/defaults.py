"""What a thing does by default: "By default, if a test passes, Rust’s test library captures anything
printed to standard output." → "What does Rust’s test library do by default if a test passes?" /
"Captures anything printed to standard output".

A tool's tutorial states its behaviour as defaults, which the reader is expected to remember
and which an option changes. Asked only of a subject that is a thing named in full (a determiner
or an owner and at most four words, no pronoun: "these panics" points at sentences before), of a
verb in the present tense ("captures", "starts"), and of an answer cut before a clause that
explains it (", which means …", ", meaning …").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import base_form, word_count
from documents.model import Section

_DEFAULT_RE = re.compile(
    r"^By default, (?:(?P<cond>(?:if|when|whenever) [^,;]{4,80}), )?"
    r"(?P<subj>(?:the|a|an|[A-Z][\w.]*[’']s) [a-z][\w-]*(?: [a-z][\w-]*){0,3}?) "
    r"(?P<verb>[a-z]{3,20}(?<!ss)s) (?P<obj>[^;]{4,160})$"
)
# Where the behaviour ends and its explanation begins.
_END_RE = re.compile(r",\s+(?:which|meaning|so|and then|but|because|as|while|whereas)\b|;")
# Words of a subject that point back ("the same program") or are the reader ("your test").
_POINTING_RE = re.compile(r"\b(?:this|these|those|that|such|same|former|latter|our|your|we|you)\b", re.I)
# Verbs ending in "s" that are no third person ("is", "has" are the sentence's state, not a behaviour).
_NOT_ACTIONS = {"is", "has", "was", "does", "sees", "goes", "uses"}


def default_behaviour(d: Drafter, section: Section, sentence: str) -> None:
    """ "By default, [if C,] X does Y" → "What does X do by default [if C]?" / "Does Y"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    m = _DEFAULT_RE.match(sentence.strip().rstrip("."))
    if not m or m.group("verb") in _NOT_ACTIONS or base_form(m.group("verb")) == m.group("verb"):
        return
    subject, cond = m.group("subj"), m.group("cond") or ""
    if _POINTING_RE.search(subject) or _POINTING_RE.search(cond):
        return
    obj = _END_RE.split(m.group("obj"), maxsplit=1)[0].strip(" ,")
    if not 1 <= word_count(obj) <= 20 or _POINTING_RE.match(obj):
        return
    when = f" {cond}" if cond else ""
    question = f"What does {subject} do by default{when}?"
    answer = f"{m.group('verb')} {obj}"
    d.add(
        section,
        CardKind.BASIC,
        question[:1].upper() + question[1:],
        answer[:1].upper() + answer[1:],
        sentence,
        1,
    )
