"""What a named dataset, benchmark or tool holds or is for, asked as a question.

Papers and reports introduce the resources they use by name, one sentence each: "TriviaQA
(Joshi et al., 2017) contains a set of trivia questions with answers that were originally
scraped from the Web", "Natural Questions (NQ) was designed for end-to-end question answering".
The name is what a student must recall the description of, and the sentence's verb says what
the answer is:

* "TriviaQA contains X" → "What does TriviaQA contain?" — "X.";
* "WebQuestions (WQ) consists of X" → "What does WebQuestions (WQ) consist of?";
* "Natural Questions (NQ) was designed for X" → "What was Natural Questions (NQ) designed for?".

Only a name that is written as one: a word with a capital inside ("TriviaQA", "WebQuestions",
"SQuAD v1.1") or capitalised words with their acronym in brackets ("Natural Questions (NQ)"); a
plain capitalised word ("Paris", "The model") could be anything the sentence before introduced.
"""

from __future__ import annotations

import re

from cards.offline.clean import PRONOUN_START_RE, detach, noise, trim_answer
from cards.offline.drafter import Drafter
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

_ACRONYM = r"\([A-Z][A-Za-z]{0,7}[A-Z]\)"
_NAME = (
    r"(?P<name>(?:[A-Z][A-Za-z]*[a-z][A-Z][\w\-]*|[A-Z]{2,}[a-z][\w\-]*"  # TriviaQA, SQuAD
    rf"|[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,3}}(?=\s+{_ACRONYM}))"  # Natural Questions (NQ)
    r"(?:\s+v?\d+(?:\.\d+)*)?"  # SQuAD v1.1
    rf"(?:\s+{_ACRONYM})?)"
)
# The verb and the question it makes (the name goes in {n}).
_QUESTIONS = {
    "contains": "What does {n} contain?",
    "consists of": "What does {n} consist of?",
    "comprises": "What does {n} comprise?",
    "was designed for": "What was {n} designed for?",
    "is designed for": "What is {n} designed for?",
    "was created for": "What was {n} created for?",
    "is intended for": "What is {n} intended for?",
}
_DESCRIBED_RE = re.compile(
    rf"^{_NAME}\s+(?P<verb>{'|'.join(map(re.escape, _QUESTIONS))})\s+(?P<what>[^;]{{6,300}})$"
)
# An answer that points elsewhere: "… contains the following", "… consists of three parts:".
_VAGUE_ANSWER_RE = re.compile(r"^(?:the following|these|those|this|it|them|several|many|two|three)\b", re.I)


def described_name(d: Drafter, section: Section, sentence: str) -> None:
    """A question on what a named resource contains, consists of or is for (module docstring)."""
    body = detach(sentence).rstrip(".!")  # without its citation, which looks like a bibliography's
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(body):
        return
    m = _DESCRIBED_RE.match(body)
    if not m or _VAGUE_ANSWER_RE.match(m.group("what")) or PRONOUN_START_RE.match(m.group("what")):
        return
    answer = trim_answer(m.group("what"))
    if not 2 <= word_count(answer) <= 25 or answer.endswith(":"):
        return
    front = _QUESTIONS[m.group("verb")].format(n=m.group("name"))
    d.add(section, CardKind.BASIC, front, answer[:1].upper() + answer[1:] + ".", sentence, 0)
