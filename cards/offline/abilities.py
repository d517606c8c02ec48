"""What a named feature lets the reader do: "Boxes allow you to store data on the heap rather than the stack".

Tutorials introduce a feature by what it lets the reader do, in the reader's voice ("you") or the
author's ("us"): "Structs let you create custom types that are meaningful for your domain", "A hash
map allows you to associate a value with a specific key", "Modules let us organize code within a
crate for readability and easy reuse". The ability is the fact a student learns: "What do boxes
allow you to do?" / "Store data on the heap rather than the stack" (the student is "you", whoever
the sentence said).

Only a sentence that opens with its subject, a noun phrase of up to five words ("The if let syntax",
"Implementing the Deref trait"), never a pronoun, the document's subject itself ("Rust lets you …"
says too little of what), a negation or a modal ("Rust doesn’t allow us …"), an "also" (a second
ability of a thing asked once already) or a sentence about the example ("…, and we’re now passing
…"). The answer is cut before a clause that only comments (", which …", "so that …", "because …").
"""

from __future__ import annotations

import re

from cards.offline.casing import as_mid_sentence
from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count, words
from documents.model import Section

_ABILITY_RE = re.compile(
    r"^(?P<subj>(?:(?:A|An|The)\s+)?[A-Za-z][\w\-<>:&]*(?:\s+[\w\-<>:&]+){0,4}?)\s+"
    r"(?P<verb>allows?|lets?|enables?)\s+(?:you|us)\s+(?:to\s+)?(?P<vp>[a-z][^;:]{8,220}?)[.!]?$"
)
# Words that make the "subject" a clause: a negation, a modal or an auxiliary ("Rust doesn’t allow").
_NOT_SUBJECT_RE = re.compile(
    r"[’']t\b|\b(?:not|also|can|will|would|could|should|must|may|might|does|do|did|has|have|is|are|"
    r"was|were|we|you|it|this|that|these|those|they|here|there|let’s|let's|listing|example)\b",
    re.I,
)
# The author's voice or a pointer anywhere in the sentence: the example's step, not the feature's use.
_POINTING_RE = re.compile(r"\b(?:we|we’re|we're|our|it|its|them|they|this|these|those|here)\b", re.I)
# Where the ability ends and a comment on it begins.
_ABILITY_END_RE = re.compile(r",\s+(?:which|so|and|but|because|while)\b|\s+(?:so that|because|while)\b")
# "lets you down", "lets you know", "lets you in": an idiom, not a verb of an ability.
_IDIOM_HEADS = frozenset(["down", "up", "in", "out", "off", "through", "know", "go"])
#: The longest ability that stays one fact, and the shortest that says something.
MAX_ANSWER_WORDS = 25
MIN_ANSWER_WORDS = 3


def ability(d: Drafter, section: Section, sentence: str) -> None:
    """ "Boxes allow you to store data …" → "What do boxes allow you to do?" (module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    m = _ABILITY_RE.match(sentence.strip())
    if not m or _POINTING_RE.search(sentence[m.start("vp") :]):
        return
    subject, verb = m.group("subj"), m.group("verb")
    if _NOT_SUBJECT_RE.search(subject) or not 1 <= len(words(subject)) <= 5:
        return
    if d.subject is not None and subject.casefold() == d.subject.name.casefold():
        return  # "Rust lets you split a package …": what of Rust?
    vp = _ABILITY_END_RE.split(m.group("vp"), maxsplit=1)[0]
    vp = re.sub(r"\s*\([^()]*\)", "", vp).strip().rstrip(",")  # an aside: "(not to be confused with …)"
    if not MIN_ANSWER_WORDS <= word_count(vp) <= MAX_ANSWER_WORDS:
        return
    if vp.split(" ", 1)[0].casefold() in _IDIOM_HEADS:
        return  # "lets you down", "lets you know": an idiom, not an ability
    subject = as_mid_sentence(d, subject)  # capitalised only as the sentence's first word
    plural = not verb.endswith("s")
    base = verb.rstrip("s")  # "allows" → "allow", "lets" → "let"
    does = "do" if plural else "does"
    question = f"What {does} {subject} {base} you {'' if base == 'let' else 'to '}do?"
    d.add(section, CardKind.BASIC, question, vp[:1].upper() + vp[1:], sentence, 1)


# "Tuple structs are useful when you want to …", "Re-exporting is useful when …", "X is useful for Y".
_USEFUL_RE = re.compile(
    r"^(?P<subj>(?:(?:A|An|The)\s+)?[A-Za-z][\w\-<>:&]*(?:\s+[\w\-<>:&]+){0,4}?)\s+(?P<aux>is|are)\s+"
    r"(?:especially\s+|particularly\s+|most\s+|very\s+)?useful\s+(?P<w>when|if|for)\s+"
    r"(?P<cond>[^;:]{6,220}?)[.!]?$"
)
# Where the occasion ends and a second one or an example begins.
_OCCASION_END_RE = re.compile(
    r",\s+(?:which|so|and when|and if|because|for (?:instance|example)|e\.g\.)|\s+(?:so that|because)\b"
)


def useful_when(d: Drafter, section: Section, sentence: str) -> None:
    """ "Tuple structs are useful when you want to …" → "When are tuple structs useful?" / "When you …"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    m = _USEFUL_RE.match(sentence.strip())
    if not m:
        return
    subject = m.group("subj")
    if _NOT_SUBJECT_RE.search(subject) or not 1 <= len(words(subject)) <= 5:
        return
    if d.subject is not None and subject.casefold() == d.subject.name.casefold():
        return
    cond = _OCCASION_END_RE.split(m.group("cond"), maxsplit=1)[0].strip().rstrip(",")
    if not 2 <= word_count(cond) <= MAX_ANSWER_WORDS or _POINTING_RE.search(cond):
        return
    subject = as_mid_sentence(d, subject)
    if m.group("w") == "for":
        question, answer = f"What {m.group('aux')} {subject} useful for?", cond
    else:
        question, answer = f"When {m.group('aux')} {subject} useful?", f"{m.group('w')} {cond}"
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
