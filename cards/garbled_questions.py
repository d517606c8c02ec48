"""Questions whose words were put together wrongly, and answers that do not stand on their own.

An extractor that cuts a question from a sentence can cut at the wrong place: "Why is A statically
allocated user needed only?" (the sentence's "A" kept mid-question, its subject lost), "What is an
error will be thrown if it called?" (a clause asked as a term). Its answer can run on into the next
entry of a list ("… on startup. gnats: Used by gnats") or be a bare description that only its
neighbour explains ("What is Nil?" → "The non-recursive variant": of what?), point elsewhere ("Refer
to dns.resolveMx()") or stop before their end ("HMAC_CTX (type): Expands to"). :func:`garbled_problem`
says which, or "" (English only: the cues are English function words).
"""

from __future__ import annotations

import re

from cards.frequency import zipf

# "Why is A statically …": a capitalised article or pronoun inside a question, a lower-case word after.
_INNER_CAPITAL_RE = re.compile(r"(?<=[a-z,] )(?:A|An|The|It|This|These|Those|They)\s+[a-z]")
_WHAT_IS_RE = re.compile(r"^(?:in\s+[^,?]{2,80},\s+)?what\s+(?:is|are)\s+(?P<term>.+?)\s*\?$", re.I)
# A verb inside the term asked: "an error will be thrown if it called".
_VERB_IN_TERM_RE = re.compile(
    r"\b(?:will|would|can|could|must|should|shall|may|might|is|are|was|were|be|been|does|do|did)\b", re.I
)
# "… on startup. gnats: Used by gnats": another "name: description" entry run into the answer.
_NEXT_ENTRY_RE = re.compile(r"[.;]\s+[\w.-]+:\s+[A-Z]")
# "The non-recursive variant": "the", at most two describing words, a noun; nothing that identifies it.
_BARE_DESCRIPTION_RE = re.compile(r"^the\s+(?:[\w-]+\s+){1,2}(?P<noun>[a-z][\w-]*)\.?$", re.I)
# "Refer to dns.resolveMx()", "See Section 4": the answer sends the student elsewhere, it states nothing.
_POINTER_ANSWER_RE = re.compile(r"^(?:refer\s+to|see(?:\s+also)?|cf\.|described\s+in)\s+\S", re.I)
# "HMAC_CTX (type): Expands to", "a secret exponent x, such that": an answer cut before its end.
_CUT_END_RE = re.compile(
    r"\b(?:to|of|the|a|an|and|or|that|with|for|by|from|than|into|such|as|is|are|which)\s*[,:]?$", re.I
)
# "What is SCHED_RR?" → "the default on all operating systems …", "What are Booleans?" → "one byte in
# size": a property of the thing (its being the default, its size), which does not say what it is.
_PROPERTY_ANSWER_RE = re.compile(
    r"^(?:the\s+default\b|(?:\d+|one|two|three|four|eight|sixteen)\s+[\w-]+\s+(?:in\s+size|long|wide)\b)",
    re.I,
)
# "What does each snapshot record?" → "Several things": how many, not what.
# "How is an extension module defined?" → "By 3 objects." (libxslt: the objects were the list after
# the colon) too; a question that asks how many ("How many …?") is left alone.
_COUNT_ONLY_ANSWER_RE = re.compile(
    r"^(?:(?:by|of|in|with)\s+)?(?:several|many|various|numerous|some|a\s+few|a\s+number\s+of|a\s+variety\s+of|"
    r"(?:two|three|four|five|\d)(?:\s+(?:different|main|important))?)\s+"
    r"(?:things|ways|items|parts|aspects|reasons|kinds|types|pieces|objects|elements|components|steps)\.?$",
    re.I,
)
#: The noun of a bare description is this common: "variant", "case", "one" (not "the oesophagus").
DESCRIPTION_NOUN_ZIPF = 3.5


def garbled_problem(front: str, back: str, language: str | None = "en") -> str:
    """Why a basic card's question is garbled or its answer does not stand alone, or ""."""
    if (language or "en").split("-")[0].lower() != "en":
        return ""
    question, answer = front.strip(), back.strip()
    inner = _INNER_CAPITAL_RE.search(question)
    if inner:
        return f"the question is garbled near '{inner.group(0)}'"
    what = _WHAT_IS_RE.match(question)
    if what and _VERB_IN_TERM_RE.search(what.group("term")):
        return f"'{what.group('term')}' is a clause, not a term"
    if _POINTER_ANSWER_RE.match(answer):
        return "the answer points elsewhere instead of stating a fact"
    if _CUT_END_RE.search(answer):
        return "the answer is cut off before its end"
    if _NEXT_ENTRY_RE.search(answer):
        return "the answer runs on into another entry"
    if _COUNT_ONLY_ANSWER_RE.match(answer) and not question.lower().startswith("how many"):
        return f"the answer '{answer}' says how many, not what"
    if what and _PROPERTY_ANSWER_RE.match(answer):
        return f"the answer '{answer}' is a property of {what.group('term')}, not what it is"
    bare = _BARE_DESCRIPTION_RE.match(answer)
    if what and bare and (zipf(bare.group("noun"), "en") or 0.0) >= DESCRIPTION_NOUN_ZIPF:
        return f"the answer '{answer}' is a description that needs its context"
    return ""
