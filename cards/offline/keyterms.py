"""The capped supplement: key-term cloze cards on self-contained sentences.

A sentence qualifies when it is complete (8-35 words, starts with a capital, ends
as a statement), stands on its own
(no leading pronoun or connective, no "the previous slide", no citation, no
quotation or dialogue) and is no noise (contents line, bibliography, boilerplate,
code). Its target is its most term-like phrase (:func:`cards.offline.terms.termness`:
rare in general language, multi-word, repeated in the chunk or emphasised), never
one of the chunk's topic terms, never a word the sentence repeats, never half of
a name. A plain (lower-case) target needs a sentence that defines, classifies, explains
or contrasts ("is a", "called", "consists of", "because", "than"), or a weaker cue and a
term the text keeps using; a name needs a sentence with a fact about it (a cue, a figure,
an event such as "born"); a year only dates an event. A story's plain words and scene-setting
names thus make no cards. In expository text (not a story: fiction with dialogue; news, a
biography or a history is expository), rare nouns and targets the text uses twice fill up to a
floor. At most one cloze per sentence,
each target at most twice per chunk; the best-scoring sentences fill the quota, every
section's best before any section's second best. In a section with no strict target at
all, a sentence may offer one that passes on rarity alone; those fill the quota only after
every strict one the gate accepts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from cards.offline.clean import (
    CITATION_RE,
    NUMBERED_HEADING_START_RE,
    complete_sentence,
    detach,
    leans_on_context,
    noise,
    standalone_form,
    strip_heading,
)
from cards.offline.drafter import Drafter
from cards.offline.papers import paper_subject, third_person
from cards.offline.structure import looks_like_table, without_list_lines
from cards.offline.targets import TITLE_RE, targets
from cards.offline.terms import cloze_once
from cards.schema import CardDraft, CardKind
from cards.statements import sentence_length, statement_problem
from cards.text import STOP_WORDS, mask_code_terms, normalize, split_sentences, word_count
from documents.model import Section

_CODE_RE = re.compile(
    r"[=#{}<>\[\]$\\]|\w\(|\)\s*:|::|\w\.\w+\(|^\s*(def|cdef|import|from|return|for|if|while|class|print)\b"
)
# Dialogue and quotations: a line of a story or a speech, rarely a fact to learn.
_CUT_START_RE = re.compile(r"^[A-Z][\w’'-]*,\s+(?:was|were|is|are|has|had|have|and)\b")
_GLUED_END_RE = re.compile(r"\w{2}\.\s+[a-z]{2,}\b")
_QUOTE_START_RE = re.compile(r"^\s*(?:[\"“”«‘'’—–]|--|-\s)")
# A colon after a word with a capitalised word after it: what the colon introduced (a list) is
# missing when that word is a preposition or an article.
_LOST_LIST_RE = re.compile(r"\b(\w+):\s+(?=[A-Z][a-z])")
_FIRST_PERSON_RE = re.compile(r"\b(I|my|me|je|j’|j'|moi|mon|ma|mes)\b")


def sentences_with_sections(d: Drafter) -> Iterator[tuple[Section, str]]:
    """Every prose sentence of the chunk with its section, glued headings removed."""
    for section, text in d.prepared:
        if section.kind in {"table", "code"} or looks_like_table(text):
            continue
        for sentence in split_sentences(without_list_lines(text)):
            sentence = strip_heading(sentence, section.source.heading)
            yield section, d.named_things.get(sentence, sentence)  # "This tournament" → which one


def card_text(sentence: str) -> str:
    """What a cloze shows of its sentence: list connectives and citations removed."""
    return detach(sentence)


def clauses(sentence: str) -> list[str]:
    """``sentence``, or when it is too long for a cloze, its clauses between semicolons as sentences.

    "X is Y; Z did W" says two things: each clause that stands on its own may carry a cloze
    (one led by a pronoun, "…; they seek out …", is still refused by :func:`cloze_sentence_ok`).
    """
    return [clause for clause, _ in quoted_clauses(sentence)]


def quoted_clauses(sentence: str) -> list[tuple[str, str]]:
    """:func:`clauses` with what each quotes: the clause as written in ``sentence`` (the whole
    sentence when it stays whole). A semicolon inside brackets or quotation marks cuts nothing."""
    if word_count(sentence) <= 40 or "; " not in sentence:
        return [(sentence, sentence)]
    out = []
    for written in top_level_parts(sentence, "; "):
        part = written.strip().rstrip(".!,") + "."
        if part[:1].islower() and re.match(r"[a-z]+\s", part):
            part = part[:1].upper() + part[1:]
        part = standalone_form(part)
        first = part.split(" ", 1)[0]
        # a clause of its own opens with its subject: an article or a name, not "Whereas", "Let", "For"
        if first in _CLAUSE_OPENERS or (
            first.casefold() not in STOP_WORDS and first.casefold() not in _NOT_SUBJECTS
        ):
            out.append((part, written.strip().rstrip(";")))
    return out


def top_level_parts(sentence: str, separator: str) -> list[str]:
    """``sentence`` cut at each ``separator`` outside brackets and quotation marks."""
    parts, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(sentence):
        ch = sentence[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == '"':
            quoted = not quoted
        elif ch in "“":
            quoted = True
        elif ch in "”":
            quoted = False
        elif not depth and not quoted and sentence.startswith(separator, i):
            parts.append(sentence[start:i])
            start = i = i + len(separator)
            continue
        i += 1
    parts.append(sentence[start:])
    return parts


_CLAUSE_OPENERS = frozenset(["The", "A", "An", "Every", "Each", "All", "Many", "Most", "Some", "No"])
_NOT_SUBJECTS = frozenset(
    ["let", "last", "whereas", "although", "though", "while", "unless", "until", "hence"]
)


def cloze_sentence_ok(sentence: str) -> bool:
    """A sentence a cloze can be made of (see the module docstring)."""
    n = sentence_length(sentence, word_count(sentence))  # Korean, Chinese: by reading length
    if not 8 <= n <= 40 or sentence.endswith(("?", ":", ",", ";")):
        return False
    if _GLUED_END_RE.search(sentence):
        return False  # the end of one sentence run into a fragment of another ("… BM25. tiple datasets")
    if _CUT_START_RE.match(sentence):
        return False  # the end of a sentence cut at an initial ("J. S. | Bach, were born …")
    if not complete_sentence(sentence) or NUMBERED_HEADING_START_RE.match(sentence):
        return False  # a fragment cut mid-sentence, or a heading glued in front
    # a type or function named in prose ("Rc<T>", "Rc::clone") is a term, not code
    if _CODE_RE.search(mask_code_terms(sentence)) or "{{" in sentence or _QUOTE_START_RE.match(sentence):
        return False
    if _FIRST_PERSON_RE.search(sentence) or CITATION_RE.search(sentence):
        return False
    if any(w.casefold() in STOP_WORDS for w in _LOST_LIST_RE.findall(sentence)):
        return False  # "… is ignored during: Also new memory …": the list after the colon was lost
    unquoted = TITLE_RE.sub("", sentence)  # a named work ("Bizet's "Carmen"") is no quotation
    if unquoted.count("“") + unquoted.count('"') + unquoted.count("«") >= 2 or unquoted.count('"') % 2:
        return False  # quoted speech inside, or a quotation the sentence split cut open
    return not (leans_on_context(sentence) or noise(sentence))


#: Judges drafted cards in one batch: 0 clean, 1 acceptable (flagged for review), 2 rejected.
Judge = Callable[[list[CardDraft]], list[int]]


_THIRD_PERSON_RE = {
    "en": re.compile(r"\b(?:he|she|his|her|him|said)\b", re.I),
    "fr": re.compile(r"\b(?:il|elle|ils|elles|lui|dit)\b", re.I),
    "de": re.compile(r"\b(?:er|sie|ihr|ihm|sagte)\b", re.I),
    "es": re.compile(r"\b(?:él|ella|ellos|dijo)\b", re.I),
}


# A line of dialogue: a question or an exclamation, the closing quotation mark after it if any.
_SPOKEN_RE = re.compile(r"[!?][”\"’'»]?\s*$|[!?][”\"’»]")
# The author speaking for the reader too ("we have traced", "our modern forms"), outside any quotation:
# an essay's voice, whose rhetorical questions are no dialogue.
_AUTHOR_WE_RE = {
    "en": re.compile(r"\b(?:we|our|us)\b", re.I),
    "fr": re.compile(r"\b(?:nous|notre|nos)\b", re.I),
    "de": re.compile(r"\b(?:wir|unser\w*|uns)\b", re.I),
    "es": re.compile(r"\b(?:nosotros|nuestr[oa]s?)\b", re.I),
}
_QUOTE_MARK_RE = re.compile(r"[\"“”«»]")


def narrative(d: Drafter) -> bool:
    """A story (fiction: people told in the third person who talk) rather than an exposition.

    Third-person sentences alone do not make a story: news ("Mr Obama said …"), a biography or
    a history tell of people too, and state facts. What a story has and they lack is dialogue:
    characters who ask and exclaim. So a story needs both many sentences about him or her (or
    quoted) and many spoken questions or exclamations.
    """
    pattern = _THIRD_PERSON_RE.get(d.lang)
    sentences = [s for _, text in d.prepared for s in split_sentences(text)]
    if pattern is None or not sentences:
        return False
    told = sum(bool(pattern.search(s) or _QUOTE_START_RE.match(s)) for s in sentences)
    spoken = sum(bool(_SPOKEN_RE.search(s)) for s in sentences)
    author = sum(
        bool(_AUTHOR_WE_RE[d.lang].search(s) and not (_QUOTE_START_RE.match(s) or _QUOTE_MARK_RE.search(s)))
        for s in sentences
    )
    if author >= told:
        return False  # an essay that says "we" as often as "he": its questions are rhetorical
    return told >= STORY_TOLD_SHARE * len(sentences) and spoken >= STORY_SPOKEN_SHARE * len(sentences)


#: Share of a story's sentences about a third person or quoted, and of its spoken questions or
#: exclamations (measured: fiction chapters 10-64%, news, essays and biography 0-3% but a few
#: rhetorical passages).
STORY_TOLD_SHARE = 0.2
STORY_SPOKEN_SHARE = 0.1


def keyterm_cards(
    d: Drafter,
    quota: int,
    emphasised: set[str],
    topics: set[str],
    judge: Judge | None = None,
    floor: int = 0,
    story: bool | None = None,
    last_resort: bool = False,
    rescue: bool = True,
    strict_quota: int | None = None,
) -> None:
    """Adds up to ``quota`` key-term clozes, best targets first (ties by position).

    Strict targets the gate passes clean may go on up to ``strict_quota`` (when larger): a text
    whose sentences offer more good cards than the density target keeps them; only the weaker
    tiers stop at ``quota``.

    Each sentence offers up to three targets; with a ``judge`` (the quality gate), the
    best target it accepts is used, clean ones before flagged ones, so that a target
    the gate refuses gives way to the sentence's next best rather than losing the card.
    """
    if quota <= 0 or CardKind.CLOZE not in d.kinds:
        return
    options: list[tuple[int, float, int, Section, str, str, list[tuple[float, str]]]] = []
    candidates: list[tuple[int, int, Section, str, str]] = []
    previous, index = None, 0
    subject = paper_subject(d.chunk) if d.lang == "en" else None  # a paper's "we" names its subject
    for position, (section, source) in enumerate(sentences_with_sections(d)):
        index = index + 1 if section is previous else 0
        previous = section
        if normalize(source) in d.used_sentences:
            continue
        parts = quoted_clauses(third_person(standalone_form(card_text(source)), subject))
        for sentence, quote in parts:
            if cloze_sentence_ok(sentence) and not statement_problem(sentence, d.lang):
                # a clause of a long sentence quotes that clause alone, when the source has it as written
                cited = quote if len(parts) > 1 and quote in source else source
                candidates.append((position, index, section, sentence, cited))
    # Strict targets everywhere; rarity-only targets only in sections with no strict one, so that
    # a section is not left without a card while the strict ones elsewhere still come first.
    covered: set[int] = set()
    # Expository text may then fill up to ``floor`` cards with targets the text keeps using or names
    # in a sentence with a weaker cue; a story's plain words and names are rarely facts to learn.
    if story is None:
        story = narrative(d)
    tiers = (0, 1, 2) if floor > 0 and not story else (0, 1)
    for relaxed in tiers:
        for position, index, section, sentence, source in candidates:
            if relaxed == 1 and id(section) in covered:
                continue
            found = targets(
                sentence,
                d,
                topics,
                emphasised,
                strict=relaxed != 1,
                loose=relaxed == 2,
                story=story,
                any_sentence=last_resort,
            )
            if not found:
                continue
            if not relaxed:
                covered.add(id(section))
            # A section's opening sentences state its main facts; later ones elaborate.
            lead_bonus = 0.5 if index == 0 else 0.25 if index == 1 else 0.0
            options.append((relaxed, -(found[0][0] + lead_bonus), position, section, sentence, source, found))
    options.sort(key=lambda r: (r[0], r[1], r[2]))
    # Spread over the chunk: every section's best sentence before any section's second best
    # (so a long section of middling sentences cannot take the whole quota); strict targets first.
    per_section: Counter[int] = Counter()
    turns: list[int] = []
    for option in options:
        turns.append(per_section[id(option[3])])
        per_section[id(option[3])] += 1
    order = sorted(range(len(options)), key=lambda r: (options[r][0], turns[r], r))
    used_terms: Counter[str] = Counter()
    flagged: list[tuple[int, str, Section, str, str]] = []
    added = 0
    best_quota = max(quota, strict_quota or 0)
    for rank in order:  # the gate judges lazily: only as many sentences as the quota needs
        relaxed, _, _, section, sentence, source, found = options[rank]
        if added >= (best_quota if relaxed == 0 else quota):
            if relaxed == 0:
                continue  # strict sentences come first: once past them, the quota is the limit
            break
        if relaxed == 2 and (added >= floor or normalize(source) in d.used_sentences):
            continue
        fallback: tuple[int, str, Section, str, str] | None = None
        for _, target in found:
            cloze = cloze_once(sentence, target)
            if not cloze or used_terms[target] >= 2:
                continue
            verdict = (
                judge([CardDraft(CardKind.CLOZE, cloze, "", section.source, source_span=source)])[0]
                if judge
                else 0
            )
            if verdict == 0:
                # add() skips a sentence in another language; the next one takes the slot
                if d.add(section, CardKind.CLOZE, cloze, "", source, 2 + relaxed):
                    used_terms[target] += 1
                    added += 1
                fallback = None
                break
            if verdict == 1 and fallback is None and added < quota:
                fallback = (relaxed, cloze, section, source, target)
        if fallback:
            flagged.append(fallback)
    # Then the cards the gate would keep flagged for review, in the same order.
    for relaxed, cloze, section, source, target in flagged:
        if added >= quota:
            break
        if relaxed == 2 and (added >= floor or normalize(source) in d.used_sentences):
            continue
        if used_terms[target] < 2 and d.add(section, CardKind.CLOZE, cloze, "", source, 4 + relaxed):
            used_terms[target] += 1
            added += 1
    if added == 0 and quota > 0 and rescue and not last_resort:
        # A chunk with a budget but no sentence that defines, explains or dates: its best term on
        # rarity alone, so that a long text asked for a few cards still gets them from its whole length.
        keyterm_cards(d, 1, emphasised, topics, judge, floor=1, story=False, last_resort=True)
