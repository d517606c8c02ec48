"""A sentence about an unnamed member of a series: its subject is in the sentences before it.

"The fourth consists of a seemingly capricious intermixture of dual and triple rhythm": the fourth
what? "The first movement consisted of an allemande": of which suite? "Because Rust also invalidates
the first variable, …": which variable? The series (four kinds of rhythm, a suite's movements, two
variables) was named before; alone on a card, "the fourth" names nothing (rubric Q7).

:func:`names_an_unnamed_member` finds such a reference: a sentence that opens with an ordinal
("The fourth …", "The first line …"), or one that points mid-sentence at "the former" or "the
latter", unless the member is named where it stands: "of" after it ("The first of the Greek modes
…", "The first change in the tetrachord system …"), or a name ("The first Egyptian dynasty …"). A
superlative's "the first to …" / "the first time" / "the second largest …", and a time ("the second
century"), are facts of their own, not pointers.
"""

from __future__ import annotations

import re

_ORDINALS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last|"
    r"former|latter|remaining|penultimate"
)
# What may follow an ordinal when it states a fact of its own rather than pointing back.
_OWN_FACT = (
    r"of|to|time|times|ever|known|recorded|documented|attested|in|among|since|such|most|\w+est|"
    r"century|centuries|millennium|half|quarter|day|week|month|year|decade|edition|person"
)
# "The first change in the tetrachord system", "The first name of significance": the series named after
# the member's noun ("consists of", "made of" are verbs: "The fourth consists of …" names nothing).
_NAMED_AFTER = r"(?:\s+(?!consists?\b|comprises?\b|\w+ed\b)[\w\-]+)?\s+(?:of|in|among|for)\b"
_OPENING_RE = re.compile(
    rf"^(?:the|a|an)\s+(?:{_ORDINALS})\b(?!-)(?!\s+(?:{_OWN_FACT})\b)(?!\s+(?-i:[A-Z]))(?!{_NAMED_AFTER})",
    re.I,
)
# Mid-sentence, only "the former" and "the latter" point back for sure ("the third" may be an interval,
# "the first" a superlative).
_INSIDE_RE = re.compile(r"\bthe\s+(?:former|latter)\b(?!-)", re.I)


def names_an_unnamed_member(sentence: str) -> bool:
    """True when ``sentence`` speaks of "the fourth", "the second variable": a series named elsewhere."""
    return bool(_OPENING_RE.match(sentence.strip()) or _INSIDE_RE.search(sentence))
