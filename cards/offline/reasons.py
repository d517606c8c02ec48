"""Why questions: a cause the text states, in one sentence or across two.

* "X is Y because Z" / "X requires Y because Z" → "Why is X Y?" / "Why does X require Y?";
* "The reason X is Y is that Z" likewise;
* "X is Y. This is because Z." and "Z. This is why X is Y." → the same question, quoting both.
"""

from __future__ import annotations

import re

from cards.offline.clean import (
    DANGLING_RE,
    PRONOUN_START_RE,
    complete_sentence,
    leans_on_context,
    noise,
    trim_answer,
)
from cards.offline.drafter import Drafter
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, base_form, word_count, words
from documents.model import Section

_BECAUSE_RE = re.compile(
    r"^(?P<subj>[A-Z][^,;:()]{2,80}?)\s+(?P<aux>is|are|was|were|can|cannot|must|will|has|have|does)\s+"
    r"(?P<pred>[^,;:()]{3,100}?),?\s+because\s+(?P<reason>[^;]{8,200})$"
)
# The same, read with a plural subject's "do" (only ever built by the drafter, never matched in a text).
_BECAUSE_DO_RE = re.compile(_BECAUSE_RE.pattern.replace("|does)", "|does|do)"))
WHY = {"en": "Why {aux} {t}?"}
_CLAUSE_WORDS = frozenset(["you", "we", "i", "they", "he", "she", "it", "that", "this", "which", "who", "if"])


# "X requires more work because Z": a verb in the third person singular or plural.
_BECAUSE_VERB_RE = re.compile(
    r"^(?P<subj>[A-Z][^,;:()]{2,80}?)\s+(?P<verb>[a-z]{3,}(?<!ss)s)\s+"
    r"(?P<pred>[^,;:()]{3,100}?),?\s+because\s+(?P<reason>[^;]{8,200})$"
)
# "Recursive types pose an issue because …", "Mutable class variables pose a problem because …": an
# adjective, a plural noun (up to two nouns before it), a verb's bare form and its object.
_PLURAL_SUBJECT_RE = re.compile(
    r"^(?P<subj>[A-Z][a-z]{2,}(?:ic|ical|al|ous|ive|able|ible|ful|less)(?:\s+[a-z]{2,}){0,2}?\s+[a-z]{3,}(?<!ss)s)\s+"
    r"(?P<verb>[a-z]{3,}(?<![sd]))\s+(?P<pred>(?:a|an|the|no|some|many|more|less|their)\s+[^,;:()]{2,100}?),?\s+"
    r"because\s+(?P<reason>[^;]{8,200})$"
)
# An opening connective that only links to the previous sentence ("Comparatively, …").
_OPENER_RE = re.compile(r"^(?:Comparatively|In comparison|By contrast|In contrast|In general|Generally),\s+")
# "The reason sort_by_key is defined to take an FnMut closure is that it calls the closure …".
_THE_REASON_RE = re.compile(
    r"^The (?:main |only )?reason (?:why |that )?(?P<effect>[^,;:()]{6,120}?) is (?:that|because) "
    r"(?P<cause>[^;]{8,200})$"
)
_AUX_START_RE = re.compile(r"(?:is|are|was|were|can|cannot|must|will|has|have|do|does|did|would|could)\b")
#: A sentence's first word this common in lower case is a word, not a name ("Pushing", not "Grétry").
_COMMON_WORD_ZIPF = 2.5
NOT_VERBS = frozenset(["this", "its", "has", "was", "is", "as", "us", "thus", "always", "perhaps", "less"])


def because(d: Drafter, section: Section, sentence: str, source: str = "") -> None:
    """ "X is Y because Z" → "Why is X Y?" / "Because Z": a cause the text states outright.

    "X requires Y because Z" → "Why does X require Y?" likewise. ``source`` is what the card
    quotes when the cause was stated across two sentences (:func:`stated_reason`).
    """
    body = _OPENER_RE.sub("", sentence.rstrip(".!"))
    if reason := _THE_REASON_RE.match(body):  # "The reason X is Y is that Z" says "X is Y because Z"
        body = f"{reason.group('effect')} because {reason.group('cause')}"
    body = body[:1].upper() + body[1:]
    head, _, _ = body.partition("; ")  # "… because the allocator never searches; that location is …"
    if " because " in head:
        body = head
    m = _BECAUSE_RE.match(body)
    adjective_first = False
    if not m and (p := _PLURAL_SUBJECT_RE.match(body)) and p.group("verb").casefold() not in STOP_WORDS:
        # "Recursive types pose an issue because …": "types" is the noun an adjective qualifies, not
        # the verb ("Why does recursive type pose …?"); the verb is the bare word after it
        m = _BECAUSE_DO_RE.match(
            f"{p.group('subj')} do {p.group('verb')} {p.group('pred')} because {p.group('reason')}"
        )
        adjective_first = m is not None  # an adjective opens it: never a name's capital
    if (
        not m
        and (v := _BECAUSE_VERB_RE.match(body))
        and v.group("verb") not in NOT_VERBS
        and v.group("subj").split()[-1].casefold() not in STOP_WORDS
        and not _AUX_START_RE.match(v.group("pred"))  # "functions are …": the noun, not a verb
    ):
        verb = v.group("verb")
        base = base_form(verb)
        m = _BECAUSE_RE.match(f"{v.group('subj')} does {base} {v.group('pred')} because {v.group('reason')}")
    if not m or CardKind.BASIC not in d.kinds or noise(body):
        return
    if PRONOUN_START_RE.match(body) or DANGLING_RE.search(body):  # a gerund subject is a subject here
        return
    subject, first = m.group("subj"), m.group("subj").split(" ", 1)[0]
    if word_count(subject) > 10 or {w.casefold() for w in words(subject)} & _CLAUSE_WORDS:
        return  # a clause, not a subject ("Beware of thinking that you …")
    lowered = first[:1].lower() + first[1:]
    if not (first.isupper() or any(ch.isupper() for ch in first[1:])) and (
        re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", d.all_text)
        or first.casefold() in STOP_WORDS
        or zipf(lowered, d.lang) >= _COMMON_WORD_ZIPF
    ):
        # "Accessing data …" inside a question; a name ("Grétry writes …"), never used in lower case, stays
        subject = subject[:1].lower() + subject[1:]
    if adjective_first:
        subject = subject[:1].lower() + subject[1:]
    if re.search(r"\b(?:this|these|those)\b", m.group("pred"), re.I):
        return  # "Why is the FAA proposing this AD?": which one is in the previous sentence
    if _ends_in_relative_clause(m.group("pred")):
        return  # "… examples that don’t work because the code changed": the clause’s cause
    if _THEN_RE.search(body) and not _CONDITION_RE.search(body):
        return  # "Debugging will not work because GDB will then not be able …": when, the text before says
    q = d.question(WHY, f"{subject} {m.group('pred')}", aux=m.group("aux").casefold())
    if q:
        d.add(section, CardKind.BASIC, q, "Because " + trim_answer(m.group("reason")), source or sentence, 0)


# A predicate ending in a relative clause: the "because" after it gives that clause's cause, not the
# sentence's ("Nothing is worse than examples that don't work because the code has changed"). A "that"
# after a verb of saying or "so" opens what is said ("Grétry writes that he …"): no relative clause.
_RELATIVE_END_RE = re.compile(r"(?P<before>\w+)\s+(?:that|which|who|whose)\s+[^,;:()]{1,40}$", re.I)
_NOT_RELATIVE_BEFORE = frozenset({
    "so", "such", "now", "write", "writes", "wrote", "say", "says", "said", "think", "thinks", "thought",
    "believe", "believes", "believed", "know", "knows", "knew", "claim", "claims", "claimed", "state",
    "states", "stated", "argue", "argues", "argued", "note", "notes", "noted", "show", "shows", "showed",
    "ensure", "ensures", "ensured", "mean", "means", "meant",
})  # fmt: skip


def _ends_in_relative_clause(pred: str) -> bool:
    m = _RELATIVE_END_RE.search(pred)
    return m is not None and m.group("before").casefold() not in _NOT_RELATIVE_BEFORE


# "… because GDB will then not be able to fetch the registers": "then" is a case the sentence before
# described ("If you do not use vgdb …"); a condition in the sentence itself says which.
_THEN_RE = re.compile(r"\b(?:will|would|can|could|cannot|must|may|might|is|are)\s+then\b", re.I)
_CONDITION_RE = re.compile(r"\b(?:if|when|once|unless|whenever)\b", re.I)


# "<effect>. This is because <cause>." and "<cause>. This is why <effect>.": a cause stated across
# two sentences, the pronoun standing for the other one.
_THIS_IS_BECAUSE_RE = re.compile(
    r"^(?:This|That) is (?:so |partly |mainly |largely )?because (?P<cause>.{8,200})$"
)
_THIS_IS_WHY_RE = re.compile(r"^(?:This|That) is (?:why|the reason(?: why)?) (?P<effect>[a-z].{8,200})$")
# "I", "my": an author's own experience, not a cause to learn.
_FIRST_PERSON_RE = re.compile(r"\b(?:I|my|me)\b")


def stated_reason(d: Drafter, section: Section, previous: str, sentence: str) -> None:
    """ "X is Y. This is because Z." / "Z. This is why X is Y." → "Why is X Y?" / "Because Z".

    The other sentence must stand on its own (no pronoun subject, no pointer to a figure) and be
    short enough to be an answer; the question is then built as for a cause stated in one sentence.
    """
    body = sentence.strip().rstrip(".!")
    other = d.standalone(previous).strip().rstrip(".!")
    if (
        not other
        or leans_on_context(other)
        or _FIRST_PERSON_RE.search(other)
        or not complete_sentence(previous.strip())
        or word_count(other) > 30
        or "?" in other
    ):
        return
    source = f"{previous.strip()} {sentence.strip()}"
    if m := _THIS_IS_BECAUSE_RE.match(body):
        because(d, section, f"{other} because {m.group('cause')}", source)
    elif m := _THIS_IS_WHY_RE.match(body):
        first = other.split(" ", 1)[0]
        reason = other[:1].lower() + other[1:] if first.casefold() in STOP_WORDS else other
        effect = m.group("effect")
        because(d, section, f"{effect[:1].upper()}{effect[1:]} because {reason}", source)
