"""How one named thing differs from another, as the text states it.

* "Unlike submodules, subtrees do not need any special constructions …" and "Tuple structs, unlike
  tuples, have names …" → "How do subtrees differ from submodules?" / "Subtrees do not need …";
* "The German minnesingers differed from the French troubadours in that they themselves accompanied
  their songs …" → "How did the German minnesingers differ from the French troubadours?" / "The
  German minnesingers themselves accompanied their songs …".

A textbook, a manual or a history explains a thing by what sets it apart from another; the
question names both, the answer is what the sentence says of the first. Both sides must be said
in the sentence: not a pronoun or a pointer ("Unlike this", "unlike the previous example", "we"),
not the reader ("Unlike most languages, you …"), and the subject must name something specific
(a name, code, a rare word) or carry the lecture's context ("In Opera, how did the singers …?").
"""

from __future__ import annotations

import re

from cards.offline.clean import DANGLING_RE, PRONOUN_START_RE, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.offline.terms import names_something
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

# A noun phrase that can be the subject or the other side of a difference: an optional article, at
# most six words, no clause punctuation ("the exec(3) POSIX system call", "`child_process.exec()`").
_PHRASE = r"(?:(?:the|a|an|most|many|some|all)\s+)?[^\s,;:]+(?:\s+[^\s,;:]+){0,5}?"
# The verb that opens the predicate: it ends the subject and sets the question's tense and number.
_VERB = (
    r"is|are|was|were|has|have|had|does|do|did|doesn’t|don’t|didn’t|doesn't|don't|didn't|can|cannot|"
    r"can’t|can't|could|will|won’t|won't|would|must|may|might|should|needs?|uses?|used|allows?|allowed|"
    r"lets?|takes?|took|gives?|gave|makes?|made|keeps?|kept|stores?|stored|returns?|returned|"
    r"requires?|required|runs?|ran|provides?|provided|contains?|contained|supports?|supported|"
    r"[a-z]{3,}ed"
)
# "Unlike X, S VERB …" (in contrast to, contrary to, as opposed to)
_UNLIKE = r"(?:[Uu]nlike|[Ii]n\s+contrast\s+to|[Cc]ontrary\s+to|[Aa]s\s+opposed\s+to)"
_UNLIKE_LEAD_RE = re.compile(
    rf"^{_UNLIKE}\s+(?P<other>{_PHRASE}),\s+(?P<subj>{_PHRASE})\s+(?P<verb>{_VERB})\s+(?P<rest>[^;]{{3,220}})$"
)
# "S, unlike X, VERB …"
_UNLIKE_ASIDE_RE = re.compile(
    rf"^(?P<subj>{_PHRASE}),\s+{_UNLIKE}\s+(?P<other>{_PHRASE}),\s+(?P<verb>{_VERB})\s+(?P<rest>[^;]{{3,220}})$"
)
# "S differ(s/ed) from X in that …"
_DIFFER_RE = re.compile(
    rf"^(?P<subj>{_PHRASE})\s+(?P<verb>differs|differ|differed)\s+from\s+(?P<other>{_PHRASE})\s+"
    r"(?:mainly\s+|chiefly\s+|only\s+)?in\s+that\s+(?P<rest>[^;]{6,220})$"
)
# A side that points elsewhere or is the reader or the author, not a thing the card can name.
_POINTER_RE = re.compile(
    r"\b(?:this|that|these|those|such|it|its|they|them|their|he|she|his|her|we|our|us|you|your|I|"
    r"former|latter|above|previous|preceding|following|other|others|same|one|ones|with|in|on|at)\b",
    re.I,
)
_PAST = frozenset(
    ["was", "were", "had", "did", "didn’t", "didn't", "could", "would", "took", "gave", "made", "kept", "ran"]
)
_PLURAL = frozenset(["are", "were", "have", "do", "don’t", "don't"])
_SINGULAR = frozenset(["is", "was", "has", "does", "doesn’t", "doesn't"])
# Where the first difference ends and the sentence adds another or a comment ("…, and do not force …").
_CLAUSE_END_RE = re.compile(r",\s+(?:and|but|while|whereas|so|which|thus)\s+")
# The answer's own leading pronoun for the subject: "in that they themselves accompanied …"
_LEADING_PRONOUN_RE = re.compile(r"^(?:they|it|he|she)\s+", re.I)

DIFFER = {"en": "How {aux} {t} differ from {o}?"}


def difference(d: Drafter, section: Section, sentence: str) -> None:
    """ "Unlike X, S …" / "S, unlike X, …" / "S differs from X in that …" → "How does S differ from X?"."""
    if CardKind.BASIC not in d.kinds or d.lang not in DIFFER or noise(sentence) or "?" in sentence:
        return
    body = sentence.rstrip(".!")
    m = _UNLIKE_LEAD_RE.match(body) or _UNLIKE_ASIDE_RE.match(body)
    if m:
        verb = m.group("verb")
        predicate = f"{verb} {m.group('rest')}"
        said = f"{_sentence_case(m.group('subj'))} {predicate}"
    elif m := _DIFFER_RE.match(body):
        verb, rest = m.group("verb"), m.group("rest")
        # "in that they themselves accompanied …": the subject said again; else the clause as it is
        lead = _LEADING_PRONOUN_RE.match(rest)
        said = f"{_sentence_case(m.group('subj'))} {rest[lead.end() :]}" if lead else _sentence_case(rest)
        predicate = rest
    else:
        return
    subject, other = m.group("subj"), m.group("other")
    if not (_side_ok(subject) and _side_ok(other)) or DANGLING_RE.search(body):
        return
    # "How does a reference differ from a pointer?" needs its context: "In References and Borrowing, …"
    context = "" if names_something(f"{subject} {other}", d.lang) else d.context_of(section)
    if not context and not names_something(f"{subject} {other}", d.lang):
        return  # "Unlike the first one, the second …": nothing the card can name
    if re.search(r"\b(?:former|latter)\b", predicate, re.I):
        return
    answer = trim_answer(_CLAUSE_END_RE.split(said, maxsplit=1)[0])
    if not answer or word_count(answer) < 4 or word_count(answer) > 25 or _voice(predicate):
        return
    aux = _aux(verb, subject)
    q = DIFFER[d.lang].format(aux=aux, t=_question_case(subject, d), o=_question_case(other, d))
    if context:
        q = f"In {context}, {q[:1].lower()}{q[1:]}"
    d.add(section, CardKind.BASIC, q, answer, sentence, 1)


def _side_ok(phrase: str) -> bool:
    """A side of the difference the card can name: not a pronoun, a pointer, a clause or "any X"."""
    if re.match(r"(?:any|every|each|no|both|either|neither)\b", phrase, re.I):
        return False  # "Unlike EventEmitter, any given listener …": the contrast is of a whole, unnamed
    return bool(phrase) and not PRONOUN_START_RE.match(phrase) and not _POINTER_RE.search(phrase)


def _voice(predicate: str) -> bool:
    """The predicate tells the reader what to do or what the author did ("… you can …", "… we …")."""
    return bool(re.search(r"\b(?:you|we|I|us|our)\b", predicate))


def _aux(verb: str, subject: str) -> str:
    """The auxiliary of "How … differ from …?": the predicate's tense, the subject's number."""
    low = verb.casefold()
    if low in _PAST or (low.endswith("ed") and low != "need"):
        return "did"
    if low in _PLURAL or low == "differ":
        return "do"
    if low in _SINGULAR or (low.endswith("s") and not low.endswith("ss")):
        return "does"
    last = subject.split()[-1].casefold().strip("`")
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    return "do" if plural else "does"


def _question_case(phrase: str, d: Drafter) -> str:
    """A phrase as it reads mid-question: a word capitalised only for opening the sentence in lower
    case ("Tuple structs" → "tuple structs", as the text writes it elsewhere), names as written."""
    first, _, rest = phrase.partition(" ")
    low = first.lower()
    if (
        first[:1].isupper()
        and first[1:].islower()
        and (
            low in {"the", "a", "an", "most", "many", "some", "all"}
            or re.search(rf"(?<![\w.]){low}\b", d.all_text)
        )
    ):
        return f"{low} {rest}".strip()
    return phrase


def _sentence_case(phrase: str) -> str:
    """``phrase`` opening an answer: capitalised, unless it is code ("child_process.exec()")."""
    first = phrase.split(" ", 1)[0]
    return phrase if re.search(r"[^\w’'-]|\d|_", first) else phrase[:1].upper() + phrase[1:]
