"""The capped supplement: key-term cloze cards on self-contained sentences.

A sentence qualifies when it is complete (8-35 words, starts with a capital, ends
as a statement), carries a definitional, causal or numeric cue, stands on its own
(no leading pronoun or connective, no "the previous slide", no citation, no
quotation or dialogue) and is no noise (contents line, bibliography, boilerplate,
code). Its target is its most term-like phrase (:func:`cards.offline.terms.termness`:
rare in general language, multi-word, repeated in the chunk or emphasised), never
one of the chunk's topic terms, never a word the sentence repeats, never half of
a name. At most one cloze per sentence, each target at most twice per chunk; the
best-scoring sentences fill the quota.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from cards.offline.clean import (
    CITATION_RE,
    NUMBERED_HEADING_START_RE,
    leans_on_context,
    noise,
    strip_heading,
)
from cards.offline.drafter import Drafter
from cards.offline.structure import looks_like_table, without_list_lines
from cards.offline.terms import cloze_once, termness
from cards.schema import CardKind
from cards.text import normalize, split_sentences, word_count, words
from documents.model import Section

_CUE_RE = re.compile(
    r"\b(is|are|was|were|means|refers|called|known as|because|causes?|caused|leads? to|results? in|due to|"
    r"therefore|consists? of|contains?|allows?|requires?|defined|est|sont|ist|sind|es|son)\b|\d",
    re.I,
)
_CODE_RE = re.compile(
    r"[=#{}<>\[\]$\\]|\w\(|\)\s*:|::|\w\.\w+\(|^\s*(def|cdef|import|from|return|for|if|while|class|print)\b"
)
# Dialogue and quotations: a line of a story or a speech, rarely a fact to learn.
_QUOTE_START_RE = re.compile(r"^\s*(?:[\"“”«‘'’—–]|--|-\s)")
_FIRST_PERSON_RE = re.compile(r"\b(I|my|me|je|j’|j'|moi|mon|ma|mes)\b")


def sentences_with_sections(d: Drafter) -> Iterator[tuple[Section, str]]:
    """Every prose sentence of the chunk with its section, glued headings removed."""
    for section, text in d.prepared:
        if section.kind in {"table", "code"} or looks_like_table(text):
            continue
        for sentence in split_sentences(without_list_lines(text)):
            yield section, strip_heading(sentence, section.source.heading)


def cloze_sentence_ok(sentence: str) -> bool:
    """A sentence a cloze can be made of (see the module docstring)."""
    n = word_count(sentence)
    if not 8 <= n <= 35 or not _CUE_RE.search(sentence) or sentence.endswith(("?", ":", ",", ";")):
        return False
    if sentence[:1].islower() or not sentence[:1].isalnum() or NUMBERED_HEADING_START_RE.match(sentence):
        return False  # a fragment cut mid-sentence, or a heading glued in front
    if _CODE_RE.search(sentence) or "{{" in sentence or _QUOTE_START_RE.match(sentence):
        return False
    if _FIRST_PERSON_RE.search(sentence) or CITATION_RE.search(sentence):
        return False
    if sentence.count("“") + sentence.count('"') + sentence.count("«") >= 2:
        return False  # quoted speech inside
    return not (leans_on_context(sentence) or noise(sentence))


def best_target(
    sentence: str, d: Drafter, topics: set[str], used: Counter[str], emphasised: set[str]
) -> tuple[float, str] | None:
    """The sentence's most term-like phrase and its score, or ``None`` when none is worth a cloze."""
    original = words(sentence)
    tokens = [w.casefold() for w in original]
    low = sentence.casefold()
    best: tuple[float, str] | None = None
    for n in (3, 2, 1):
        for i in range(1, len(tokens) - n + 1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in topics or used[phrase] >= 2 or len(phrase) < 3:
                continue
            if any(t in topics for t in tokens[i : i + n]) and n == 1:
                continue
            # Half a name ("Walt Disney's {{Donald}} Duck") gives the rest away.
            if original[i + n - 1][:1].isupper() and i + n < len(original) and original[i + n][:1].isupper():
                continue
            if original[i][:1].isupper() and original[i - 1][:1].isupper() and i > 1:
                continue
            recurring = d.term_counts[phrase] if n == 1 else d.all_low.count(phrase)
            score = termness(phrase, d.lang, in_section=recurring, emphasised=phrase in emphasised)
            if score <= 0 or (best is not None and score <= best[0]):
                continue
            if len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", low)) != 1:
                continue  # repeated: another occurrence would give the answer away (Q8)
            best = (score, phrase)
    return best


def keyterm_cards(d: Drafter, quota: int, emphasised: set[str], topics: set[str]) -> None:
    """Adds up to ``quota`` key-term clozes, best targets first (ties by position)."""
    if quota <= 0 or CardKind.CLOZE not in d.kinds:
        return
    used_terms: Counter[str] = Counter()
    ranked: list[tuple[float, int, Section, str, str]] = []
    for position, (section, sentence) in enumerate(sentences_with_sections(d)):
        if not cloze_sentence_ok(sentence) or normalize(sentence) in d.used_sentences:
            continue
        found = best_target(sentence, d, topics, used_terms, emphasised)
        if found:
            ranked.append((-found[0], position, section, sentence, found[1]))
            used_terms[found[1]] += 1
    ranked.sort(key=lambda r: (r[0], r[1]))
    added = 0
    for _, _, section, sentence, target in ranked:
        if added >= quota:
            break
        cloze = cloze_once(sentence, target)
        # add() skips a sentence in another language; the next best one takes the slot
        if cloze and d.add(section, CardKind.CLOZE, cloze, "", sentence, 2):
            added += 1
