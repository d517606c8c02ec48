"""What a term of the domain does: "The borrow checker ensures that …", "All iterators implement …".

Between the steps of its example, a tutorial states what the domain's things do, with the thing as
the subject and a verb in the present tense: "The borrow checker ensures that any references to
contents of a vector are only used while the vector itself is valid", "All iterators implement a
trait named Iterator …", "npm prevents accidentally overriding the Corepack binaries …". The thing
and the verb make the question, the object the answer: "What does the borrow checker ensure?".

:mod:`.reference` asks this of names written as code; here the subject is a noun phrase of one to
four words whose head the text uses at least :data:`.restrictions.MIN_HEAD_USES` times (a term of
the document, not "the user" or "this program"), and the verb one of :data:`_VERBS`, the verbs of what a thing
of a program or a language does (a fixed English vocabulary, not the documents' words). No card
when the subject is the document's subject ("Rust needs to know …": what of Rust?), or the answer
points at the example ("we", "our", "this", "that situation"), and the answer is cut before a
comment on it (", so …", ", because …").
"""

from __future__ import annotations

import re

from cards.offline.casing import plural_as_mid_sentence
from cards.offline.clean import DANGLING_RE, noise
from cards.offline.drafter import Drafter
from cards.offline.reference import api_name
from cards.offline.restrictions import MIN_HEAD_USES, head_uses
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, code_terms, word_count, words
from documents.model import Section

# Base form → third person singular. What a thing of a program or a language does to another.
_VERBS = {
    "ensure": "ensures",
    "guarantee": "guarantees",
    "prevent": "prevents",
    "enforce": "enforces",
    "require": "requires",
    "produce": "produces",
    "create": "creates",
    "hold": "holds",
    "store": "stores",
    "implement": "implements",
    "accept": "accepts",
    "consume": "consumes",
    "give": "gives",
    "convert": "converts",
    "infer": "infers",
    "allocate": "allocates",
    "own": "owns",
    "generate": "generates",
    "emit": "emits",
    "throw": "throws",
    "track": "tracks",
    "manage": "manages",
    "check": "checks",
    "catch": "catches",
    "handle": "handles",
    "define": "defines",
    "specify": "specifies",
    "determine": "determines",
    "describe": "describes",
    "control": "controls",
    "indicate": "indicates",
    "return": "returns",
    "contain": "contains",
    "provide": "provides",
    "include": "includes",
    "support": "supports",
    "take": "takes",
    "wrap": "wraps",
    "expose": "exposes",
}
_THIRD = {v: k for k, v in _VERBS.items()}
_VERB_ALT = "|".join(sorted([*_VERBS, *_THIRD], key=len, reverse=True))
_EFFECT_RE = re.compile(
    rf"^(?P<subj>(?:(?:The|All|Every|Each)\s+)?[A-Za-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,3}}?)\s+(?:also\s+)?"
    rf"(?P<verb>{_VERB_ALT})\s+(?P<obj>[^;:]{{6,220}}?)[.!]?$"
)
# A lead the statement does not need.
_LEAD_RE = re.compile(
    r"^(?:However|Also|In general|In other words|In addition|As a result|Fortunately|Thus|Therefore|"
    r"Additionally|Likewise|Similarly|For example|For instance)\s*,\s+",
    re.I,
)
# Words that make the subject a clause, a pointer, a person or a count, not a thing of the domain.
_NOT_SUBJECT_RE = re.compile(
    r"[’']t\b|\b(?:not|also|can|will|would|could|should|must|may|might|does|do|did|has|have|is|are|"
    r"was|were|we|you|it|this|that|these|those|they|he|she|here|there|which|who|what|listing|example|"
    r"code|program|user|users|reader|readers|programmer|programmers|developer|developers|caller|"
    r"callers|one|ones|some|many|most|few|several|other|first|second|last|following|above|such|"
    r"because|if|when|unless|since|whether|though|although|until|once|after|before|reason|examples|"
    r"him|her|his|its|their|them|our|your|my|lots|output|result|line|lines|way|ways|thing|things|part|parts|call|calls|version|step|steps)\b",
    re.I,
)
# A kind alone after "the": the example's method or value, not one the domain names.
_EXAMPLES_KIND_RE = re.compile(
    r"(?:The|the)\s+(?:method|function|struct|enum|type|variable|value|instance|field|parameter|argument|"
    r"closure|module|object|class|list|string|number|loop|program|file|call|test|error|message)s?"
)
# The author's voice or a pointer in the answer: the example's step, not the domain's fact.
_POINTING_RE = re.compile(
    r"\b(?:we|we’re|we're|our|us|it|its|them|they|this|these|those|here|above|below|earlier|later|his|her)\b"
    r"|\b(?:of|in|on|to|for|with|from|by|at|all)\s+that\b"
    r"|\bthat\s+(?:situation|case|point|way|logic|one|code|example|value|variable|function|method|type)\b",
    re.I,
)
# An object that makes the verb an idiom ("takes his place", "takes care") or that names nothing
# ("contains certain elements", "provides some help").
_IDIOM_OR_VAGUE_RE = re.compile(
    r"(?:(?:his|her|their|its|a|the)\s+)?(?:place|care|part|note|advantage|effect|turns?)\b"
    r"|(?:certain|some|various|several|many|other|such)\b",
    re.I,
)
# Where the statement ends and a comment on it begins.
_EFFECT_END_RE = re.compile(
    r",\s+(?:so|and|but|because|while|which|as|since|although|though|whereas|even|cutting|making|not)\b"
    r"|\s+(?:so that|because|since)\b|\s+\("
)
#: A compound's head rarer than this in English (``wordfreq`` zipf) names a term even when said once.
RARE_HEAD_ZIPF = 3.5
MAX_ANSWER_WORDS = 25
MIN_ANSWER_WORDS = 3


def _term(d: Drafter, subject: str) -> bool:
    """The subject's head word (its last) is a word the text keeps using, or the subject is code."""
    if code_terms(subject) or any(api_name(w) for w in subject.split()):
        return False  # a name written as code: :mod:`.reference` asks it
    tokens = words(subject)
    head = tokens[-1].casefold() if tokens else ""
    if len(head) <= 2 or head in STOP_WORDS:
        return False  # "Creates and returns …": no noun before the verb
    stem = head[:-1] if head.endswith("s") else head
    if head_uses(d, head, stem) >= MIN_HEAD_USES:
        return True
    # "the borrow checker" said once in this chunk: a compound whose head is rare in everyday English
    return len(tokens) >= 2 and tokens[-2].islower() and zipf(head, d.lang) < RARE_HEAD_ZIPF


def term_effect(d: Drafter, section: Section, sentence: str) -> None:
    """ "The borrow checker ensures that …" → "What does the borrow checker ensure?" (docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or DANGLING_RE.search(sentence):
        return
    body = _LEAD_RE.sub("", sentence.strip(), count=1)
    m = _EFFECT_RE.match(body[:1].upper() + body[1:])
    if not m:
        return
    subject, verb = m.group("subj"), m.group("verb")
    if _NOT_SUBJECT_RE.search(subject) or not _term(d, subject):
        return
    if re.search(r"\b(?:[A-Za-z]+ly|always|never|often|also|then)\b", subject, re.I):
        return  # "Always ensure that …", "Optionally accepts …": an adverb, not a subject
    if re.match(r"[A-Za-z]+ing\b", subject) or _EXAMPLES_KIND_RE.fullmatch(subject):
        return  # "Having lots of error checks …", "The method creates …": an act, or the example's own
    if d.subject is not None and subject.casefold() == d.subject.name.casefold():
        return  # "Rust infers …": what of Rust?
    plural = verb in _VERBS  # "Iterators give": a plural subject takes the base form
    head = words(subject)[-1]
    if plural != (head.endswith("s") and not head.endswith("ss")):
        return  # "Iterator implement", "Methods that call next": not a subject and its verb after all
    if _IDIOM_OR_VAGUE_RE.match(m.group("obj")):
        return  # "takes his place …" (an idiom), "contains certain elements …" (says nothing)
    obj = _EFFECT_END_RE.split(m.group("obj"), maxsplit=1)[0].strip().rstrip(",")
    obj = re.sub(r",?\s+(?:and|or|but)$", "", obj)
    if not MIN_ANSWER_WORDS <= word_count(obj) <= MAX_ANSWER_WORDS or _POINTING_RE.search(obj):
        return
    base = verb if plural else _THIRD[verb]
    subject = plural_as_mid_sentence(d, subject)
    if any(w[:1].isupper() and not w.isupper() for w in words(subject)):
        return  # "Bach represents …": a name, most often a person's, not a thing of a program
    give_you = base == "give" and obj.startswith("you ")
    if give_you:  # "Iterators give you more flexibility …": the student is "you"
        obj = obj[4:]
    question = f"What {'do' if plural else 'does'} {subject} {base}{' you' if give_you else ''}?"
    d.add(section, CardKind.BASIC, question, obj[:1].upper() + obj[1:], sentence, 1)
