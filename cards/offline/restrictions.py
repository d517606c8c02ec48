"""What a language or library restricts a thing to: "Vectors can only store values of the same type".

Tutorials state their rules as restrictions between the example's steps: "Vectors can only store
values of the same type", "The ? operator can only be used in functions whose return type is
compatible with …", "you can only use impl Trait if you’re returning a single type", "Methods must
have a parameter named self …". The restriction is what a student is asked about, and the "only"
stays in the answer (without it the answer states a possibility, not the rule):

* "Vectors can only store values of the same type" → "What can vectors store?" / "Only values of
  the same type";
* "The ? operator can only be used in functions whose …" → "Where can the ? operator be used?" /
  "Only in functions whose …" ("if"/"when" → "When …?");
* "you can only use impl Trait if you’re returning a single type" → "When can you use impl
  Trait?" / "Only if you’re returning a single type" (the reader's "you" is the student; the thing
  used must be named as code or be a term the text keeps using);
* "Methods must have a parameter named self …" → "What must methods have?" / "A parameter …".

The subject must name a thing of the domain: a name written as code, or a noun phrase whose head
the text uses at least :data:`MIN_HEAD_USES` times, never a pronoun, a person ("the user"), the
example's variables or a pointer ("this vector"). The answer is cut before a comment on the rule
(", so …", ", because …") and may not point back ("that situation").
"""

from __future__ import annotations

import re

from cards.offline.casing import plural_as_mid_sentence
from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.offline.reference import api_name
from cards.schema import CardKind
from cards.text import code_terms, word_count, words
from documents.model import Section

# "<subject> can only <verb> <rest>", "<subject> must <verb> <rest>" (a verb in its base form).
_RULE_RE = re.compile(
    r"^(?P<subj>(?:(?:A|An|The|Each|Every|All)\s+)?[A-Za-z?][\w\-<>:&?!.]*(?:\s+[\w\-<>:&?!.]+){0,4}?)\s+"
    r"(?P<modal>can\s+only|may\s+only|must)\s+(?P<passive>be\s+)?(?P<verb>[a-z]{2,})\s+(?P<rest>[^;:]{4,220}?)[.!]?$"
)
# "you can only use X in/if …": the reader's rule, the thing used named before its condition.
_YOU_RULE_RE = re.compile(
    r"^(?:you|we)\s+can\s+only\s+(?P<verb>use|call|have|implement|pass|return|mutate|access)\s+"
    r"(?P<thing>[^,;:]{1,60}?)\s+(?P<prep>in|inside|within|if|when|once)\s+(?P<cond>[^;:]{4,200}?)[.!]?$",
    re.I,
)
# "In function signatures, you must declare the type of each parameter": the reader's duty where it holds.
_IN_CONTEXT_MUST_RE = re.compile(
    r"^In (?P<where>[a-z][\w\-]*(?:\s+[\w\-]+){0,3}),\s+you\s+must\s+(?:always\s+|also\s+)?"
    r"(?P<verb>[a-z]{3,})\s+(?P<rest>[^;:]{4,200}?)[.!]?$"
)
# A lead the rule does not need ("However, ", "In Rust, ", "As with using ? on Result, ").
_LEAD_RE = re.compile(
    r"^(?:(?:However|Also|Note that|Remember that|Recall that|In general|In other words|As a result|"
    r"Fortunately|Unfortunately|Again|So|Thus|Therefore|That is)\s*,?\s+"
    r"|(?:As with|Unlike|Like) [^,]{2,60},\s+)",
    re.I,
)
# Words that make the subject a clause, a pointer or a person, not a thing of the domain.
_NOT_SUBJECT_RE = re.compile(
    r"[’']t\b|\b(?:not|also|will|would|could|should|does|do|did|has|have|is|are|was|were|we|you|it|"
    r"this|that|these|those|they|he|she|here|there|which|who|what|listing|example|code|program|"
    r"him|her|his|its|their|them|our|your|my|"
    r"user|users|reader|readers|programmer|programmers|developer|developers|caller|callers|one|ones|"
    r"line|lines|part|first|second|last|following|above|such)\b",
    re.I,
)
# The author's voice or a pointer in the answer: the example's step, not the rule.
_POINTING_RE = re.compile(
    r"\b(?:we|we’re|we're|our|us|it|its|them|they|this|these|those|here|that situation|above|below)\b",
    re.I,
)
# Where the rule ends and a comment on it begins.
_RULE_END_RE = re.compile(
    r",\s+(?:so|and|but|because|while|which|as|since|although|though|otherwise|whether)\b"
    r"|\s+(?:so that|because|while|since)\b|\s+\("
)
# Verbs whose object is not the rule's content ("must be" alone is a copula: "X must be Y" stays below).
_VAGUE_VERBS = frozenset(
    ["do", "make", "get", "go", "come", "say", "see", "know", "think", "try", "happen", "look", "decide"]
)
# Not a verb after the modal: "must not be confounded", "can only then …" (the rule's verb comes later).
_NOT_VERBS = frozenset(
    ["not", "never", "also", "always", "still", "then", "now", "first", "therefore", "only", "be"]
)
#: A subject's head word the text uses at least this often (singular and plural) is a term of the document.
MIN_HEAD_USES = 2
MAX_ANSWER_WORDS = 25
MIN_ANSWER_WORDS = 2


def head_uses(d: Drafter, head: str, stem: str) -> int:
    """How often the text uses ``head`` in the singular or the plural ("queue", "queues")."""
    return d.term_counts[head] + (d.term_counts[stem] if stem != head else d.term_counts[head + "s"])


def _strip_lead(sentence: str) -> str:
    body = _LEAD_RE.sub("", sentence.strip(), count=1)
    return body[:1].upper() + body[1:] if body and body != sentence.strip() else body


def _named(d: Drafter, phrase: str) -> bool:
    """``phrase`` holds a name written as code, or its last word is a term the text keeps using."""
    if code_terms(phrase) or any(api_name(w) for w in phrase.split()) or "?" in phrase:
        return True
    tokens = words(phrase)
    if not tokens:
        return False
    head = tokens[-1].casefold()
    stem = head[:-1] if head.endswith("s") else head
    return len(head) > 2 and head_uses(d, head, stem) >= MIN_HEAD_USES


def _answer(rest: str) -> str:
    """``rest`` up to a comment on the rule, without a trailing connective."""
    answer = _RULE_END_RE.split(rest, maxsplit=1)[0].strip().rstrip(",")
    return re.sub(r",?\s+(?:and|or|but)$", "", answer)


_DETERMINERS = frozenset(["a", "an", "the", "each", "every", "all"])
_PREPOSITIONS = frozenset(["on", "with", "for", "to", "by", "from", "as"])
_WHERE = {"in": "Where", "inside": "Where", "within": "Where", "if": "When", "when": "When", "once": "When"}


def restriction(d: Drafter, section: Section, sentence: str) -> None:
    """ "X can only V Y" / "you can only use X if Y" / "X must V Y" → a question on the rule (docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    if m := _IN_CONTEXT_MUST_RE.match(sentence.strip()):
        _reader_duty(d, section, sentence, m)
        return
    body = _strip_lead(sentence)
    if m := _YOU_RULE_RE.match(body):
        _reader_rule(d, section, sentence, m)
        return
    m = _RULE_RE.match(body)
    if not m:
        return
    subject, verb, passive = m.group("subj"), m.group("verb"), bool(m.group("passive"))
    only = "only" in m.group("modal")
    if _NOT_SUBJECT_RE.search(subject) or not 1 <= len(words(subject)) <= 5 or not _named(d, subject):
        return
    if not [w for w in words(subject) if w.casefold() not in _DETERMINERS]:
        return  # "Each must have …": each of what?
    if d.subject is not None and subject.casefold() == d.subject.name.casefold():
        return  # "Rust must know …": what of Rust?
    if verb in _VAGUE_VERBS or verb in _NOT_VERBS:
        return
    rest = m.group("rest")
    if re.match(r"(?:care|place|part|note|advantage|effect)\b", rest):
        return  # "must take care to …": an idiom, not the rule's object
    if passive and not only:
        return  # "X must be annotated with …": the requirement without its thing reads garbled
    answer = _answer(rest)
    if not MIN_ANSWER_WORDS <= word_count(answer) <= MAX_ANSWER_WORDS or _POINTING_RE.search(answer):
        return
    subject = plural_as_mid_sentence(d, subject)
    be = "be " if passive else ""
    first, _, after = answer.partition(" ")
    if only and first.casefold() in _WHERE and after:
        question = f"{_WHERE[first.casefold()]} can {subject} {be}{verb}?"
    elif only and first.casefold() in _PREPOSITIONS and after:
        question, answer = f"What can {subject} {be}{verb} {first.casefold()}?", after
    elif only:
        question = f"What can {subject} {be}{verb}?"
    elif first.casefold() in _PREPOSITIONS and after:  # "must start with an apostrophe"
        question, answer = f"What must {subject} {verb} {first.casefold()}?", after
    else:
        question = f"What must {subject} {verb}?"
    answer = f"Only {answer}" if only else answer[:1].upper() + answer[1:]
    d.add(section, CardKind.BASIC, question, answer, sentence, 1)


def _reader_rule(d: Drafter, section: Section, sentence: str, m: re.Match[str]) -> None:
    """ "you can only use impl Trait if you’re returning a single type" → "When can you use impl Trait?"."""
    thing, prep = m.group("thing").strip(), m.group("prep").casefold()
    if not _named(d, thing) or _NOT_SUBJECT_RE.search(thing) or word_count(thing) > 6:
        return
    cond = _answer(m.group("cond"))
    if not MIN_ANSWER_WORDS <= word_count(cond) <= MAX_ANSWER_WORDS or re.search(
        r"\b(?:our|this|these|those|that situation|here)\b", cond, re.I
    ):
        return
    ask = _WHERE.get(prep, "When")
    question = f"{ask} can you {m.group('verb').casefold()} {thing}?"
    d.add(section, CardKind.BASIC, question, f"Only {prep} {cond}", sentence, 1)


def _reader_duty(d: Drafter, section: Section, sentence: str, m: re.Match[str]) -> None:
    """ "In function signatures, you must declare the type of each parameter" → "In function
    signatures, what must you declare?" / "The type of each parameter" (where it holds is the context)."""
    where, verb = m.group("where"), m.group("verb")
    if verb in _VAGUE_VERBS or verb in _NOT_VERBS or verb == "be" or not _named(d, where):
        return
    if re.search(r"\b(?:this|that|these|those|our|which|order|cases?|case|general|fact|addition)\b", where):
        return  # "In this case", "In order to …": no place the rule holds
    answer = _answer(m.group("rest"))
    if not MIN_ANSWER_WORDS <= word_count(answer) <= MAX_ANSWER_WORDS or _POINTING_RE.search(answer):
        return
    if answer.split(" ", 1)[0].casefold() in _PREPOSITIONS | {"by", "that", "if", "when"}:
        return  # "you must opt in by making …": no object to ask for
    question = f"In {where}, what must you {verb}?"
    d.add(section, CardKind.BASIC, question, answer[:1].upper() + answer[1:], sentence, 1)
