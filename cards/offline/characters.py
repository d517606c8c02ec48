"""Who a story's characters are, where the story introduces them: "Rose, la bonne, est en train de
peler des pommes." → "Dans le chapitre « Jean va à la cuisine », qui est Rose ?" / "La bonne" (the
book named too when the document has a title, :mod:`.story_frame`).

A story says who someone is once, in passing, when he or she first appears: a name, then a noun
phrase between commas ("Rose, la bonne, …", "L’autre, c’est Henriette, une petite fille de huit
ans, …", "Martha, the ferryman's daughter, …"). Later the same shape is a role the character
plays in a scene ("Jean, le docteur, va partir" in a game of doctors), so only the sentence where
the name is first written in the chunk counts, and a name is one the text also writes
capitalised mid-sentence ("… dit Rose"; a sentence's first word, "Heureusement, la porte …", is
none). The description is a noun phrase led by an article
or a possessive, of two to eight words, naming no other list item ("the Dodo, a Lory and an
Eaglet" is a list) and pointing nowhere ("la même", "the other"). Only stories
(:func:`cards.offline.keyterms.narrative`) get these cards: an exposition's appositions are
:mod:`.appositions`', which asks English ones in stories too (a sentence it used makes no second
card here). The story may also ask it itself and answer in the next line: "— Paul, demande papa,
qui est-ce?" / "— C’est la poupée de Marie, répond maman." → "Qui est Paul ?" / "La poupée de
Marie" (the answer "C’est …", "It's …" with an article or a possessive, as above).
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.story_frame import framed
from cards.schema import CardKind
from cards.text import normalize, split_sentences, word_count

_NAME = r"[A-Z][a-zà-ÿ]{2,}"
_INTRODUCED_RE = {
    "fr": re.compile(
        rf"(?:^|,\s+c[’']est\s+)(?P<name>{_NAME}),\s+"
        r"(?P<desc>(?:la|le|l[’']|un|une|son|sa|leur|notre)\s?[^,.;:!?«»]{2,60}?)(?=,|\.)"
    ),
    "en": re.compile(
        rf"(?:^|,\s+(?:it\s+was|this\s+was)\s+)(?P<name>{_NAME}),\s+"
        r"(?P<desc>(?:the|a|an|his|her|their)\s[^,.;:!?\"“”]{2,60}?)(?=,|\.)"
    ),
}
_QUESTION = {"fr": "Qui est {name} ?", "en": "Who is {name}?"}
# A description that is a list ("a Lory and an Eaglet") or points elsewhere ("the other one").
_NOT_A_DESCRIPTION_RE = re.compile(
    r"\b(?:and|et|ou|or)\s+(?:the|a|an|la|le|un|une)\b|\b(?:même|autre|other|same|latter|former)\b",
    re.I,
)


def characters(d: Drafter, story: bool) -> None:
    """The "Who is …?" cards of a story's chunk (see the module docstring)."""
    pattern = _INTRODUCED_RE.get(d.lang)
    if not story or pattern is None or CardKind.BASIC not in d.kinds:
        return
    seen: set[str] = set()
    for section, text in d.prepared:
        for sentence in split_sentences(" ".join(text.split())):
            sentence = sentence.lstrip('«»“”"—– ')
            introduced = pattern.search(sentence)
            first = introduced and introduced.group("name") not in seen
            seen.update(re.findall(_NAME, sentence))
            if not introduced or not first or not d.mid_sentence_count(introduced.group("name")):
                continue  # a name is written capitalised mid-sentence too ("dit Rose"), "Heureusement" is not
            if normalize(sentence) in d.candidate_sources:
                continue  # already asked (an English apposition: :mod:`.appositions`)
            desc = introduced.group("desc").strip()
            if not 2 <= word_count(desc) <= 8 or _NOT_A_DESCRIPTION_RE.search(desc):
                continue
            # the book and the chapter that introduces the character (:mod:`.story_frame`)
            question = framed(d, section, _QUESTION[d.lang].format(name=introduced.group("name")))
            d.add(section, CardKind.BASIC, question, desc[:1].upper() + desc[1:], sentence, 1)
    _answered(d)


# The story asks who someone is and the next line answers: "— Paul, demande papa, qui est-ce?" /
# "— C’est la poupée de Marie, répond maman."; '"Who is Bill?" … "It's the gardener."'.
_ASKED_RE = {
    "fr": re.compile(
        rf"(?:(?P<name>{_NAME}),\s+(?:[a-zà-ÿ]+\s+[a-zà-ÿ]+,\s+)?qui est-ce"
        rf"|[Qq]ui est (?P<name2>{_NAME}))\s*\?"
    ),
    "en": re.compile(rf"[Ww]ho is (?P<name2>{_NAME})\?"),
}
_ANSWER_RE = {
    "fr": re.compile(
        r"^[«»“”\"—–\s-]*C[’']est\s+(?P<desc>(?:la|le|l[’']|un|une|son|sa|mon|ma|notre)\s?[^,.;:!?«»]{2,50}?)(?=[,.!])"
    ),
    "en": re.compile(
        r"^[“\"\s]*(?:It's|It is|He's|He is|She's|She is)\s+"
        r"(?P<desc>(?:the|a|an|my|his|her|our)\s[^,.;:!?\"”]{2,50}?)(?=[,.!\"”])"
    ),
}


def _answered(d: Drafter) -> None:
    """A "Who is …?" card where the story itself asks the question and the next line answers it."""
    asked, answer = _ASKED_RE.get(d.lang), _ANSWER_RE.get(d.lang)
    if asked is None or answer is None:
        return
    for (_, question_text), (section, text) in zip(d.prepared, d.prepared[1:], strict=False):
        found = asked.search(question_text[-80:])
        said = answer.search(" ".join(text.split()))
        if (
            not found
            or not said
            or not d.mid_sentence_count(name := found.groupdict().get("name") or found.group("name2"))
        ):
            continue
        desc = said.group("desc").strip()
        if not 2 <= word_count(desc) <= 8 or _NOT_A_DESCRIPTION_RE.search(desc):
            continue
        source = split_sentences(" ".join(text.split()))[0]
        question = framed(d, section, _QUESTION[d.lang].format(name=name))
        d.add(section, CardKind.BASIC, question, desc[:1].upper() + desc[1:], source, 1)
