"""The quality gate: the rubric of cards.md §2 as automatic checks on every card.

Every generator (LLM or offline) sends its cards through :func:`apply_gate`.
Each card first gets the simple repairs of :mod:`cards.markup` (a lost closing
brace, cloze numbers, Markdown residue, ``$..$`` math), then every check runs and
its result is stored in ``CardDraft.checks`` (rule id → passed). Well-formedness
(Q1) lives in :mod:`cards.markup` beside the repairs, where a card comes from
(Q10 grounded, Q11 locator, Q16 placement) in :mod:`cards.grounding`.

The gate's job is to keep a card only if a student would study it *as it is*.
Measured against people on hand-labelled cards (``scripts/eval_labels.py``): of
the cards it keeps, at least 80 % were labelled worth studying as they are, and
it rejects at least 85 % of the cards labelled not worth a card. Beyond the
rubric's checks, that takes (each module one idea):

* :mod:`cards.terms` (Q9): a cloze hides a *term*: rare in general language by
  ``wordfreq``, or a term the section keeps using or emphasises, a whole name,
  not one item of a list, not given away by the sentence;
* :mod:`cards.standalone` (Q7, Q17): a cloze is one whole sentence that names its
  subject (no "we"/"you", no dangling pronoun or "this NPRM", no "Second, ...");
  :mod:`cards.standalone_questions`: a "What is X?" question is about a term its
  answer defines; an acronym's expansion is words that spell it;
* :mod:`cards.placement` (Q16): the cited text is the document's content, not a
  table of contents, an index, a reference list, boilerplate or a heading or
  running header glued to a sentence;
* Q1 also refuses extraction debris: Unicode non-characters (U+FFFE), ``_italic_``
  residue, "[48]" citation markers, cloze markup outside a cloze's text.

Policy
------
* **E** failures (Q1 well-formed, Q8 answer leaked, Q10 ungrounded or a number
  not in the source, Q11 invalid locator, Q16 not the document's content, Q17 not
  one whole sentence) drop the card.
* **Q5** (yes/no question) is a W rule in the rubric, but there is no critique
  pass to rewrite such a card and its answer is one bit: it is dropped too.
  So is every **Q7** failure (a card that does not name what it is about) and
  every **Q9** failure (a cloze that hides no term): a student cannot study such
  a card as it is. Only a question that starts with a pronoun stays a W failure.
* **W** failures do not drop a card on their own. Cards that pass every check
  come first; a card with exactly one W failure is kept, tagged
  ``needs-review``, only to fill the budget that clean cards leave
  (a better card always wins the slot); a card with two or more W failures is
  dropped. The same rule applies to LLM and offline cards.
* Q10 is graded: under 50 % of the answer's content words found in the cited
  text (± one sentence) is an E failure, 50-70 % a W failure. A card asked in
  another language than its source (``GateContext.translated``) cannot share
  words with it: the cited span must be the source's own text, its numbers must
  be there (E) and its names should be (W).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from cards.anaphora import answer_points_elsewhere, points_at_figure, shortened_reference
from cards.garbled_questions import garbled_problem
from cards.generic_reader import addresses_reader
from cards.grounding import card_section, check_grounded, check_place, locator_valid
from cards.leaks import check_not_leaked
from cards.markup import check_well_formed, repair
from cards.parameter_context import unnamed_function
from cards.placement import starts_mid_sentence
from cards.schema import CardDraft, CardKind, Severity
from cards.standalone import context_problem, hides_speaker, sentence_problem
from cards.standalone_questions import question_problem
from cards.statements import statement_problem
from cards.terms import target_problem
from cards.text import (
    STOP_WORDS,
    cloze_parts,
    cloze_plain,
    detect_language,
    normalize,
    split_sentences,
    word_count,
    words,
)
from documents.model import Chunk, Section

REVIEW_TAG = "needs-review"


SEVERITY: dict[str, Severity] = {
    "Q1": Severity.E,
    "Q2": Severity.W,
    "Q3": Severity.W,
    "Q4": Severity.W,
    "Q5": Severity.E,  # escalated, see the module docstring
    "Q6": Severity.W,
    "Q7": Severity.W,
    "Q8": Severity.E,
    "Q9": Severity.W,
    "Q10": Severity.E,
    "Q11": Severity.E,
    "Q13": Severity.W,
    "Q16": Severity.E,
    "Q17": Severity.E,
}


@dataclass(frozen=True)
class Finding:
    rule: str
    passed: bool
    severity: Severity
    detail: str = ""


@dataclass(frozen=True)
class GateContext:
    """What the checks need to know about where the cards came from."""

    sections: tuple[Section, ...] = ()
    language: str | None = None  # expected card language (ISO 639-1)
    topic_terms: frozenset[str] = frozenset()  # casefolded top terms: too obvious to cloze
    source_language: str | None = None  # the language of the cited text, when known

    @property
    def translated(self) -> bool:
        """Whether the cards are asked in another language than their source's."""
        if not self.language or not self.source_language:
            return False
        return base_language(self.language) != base_language(self.source_language)

    @cached_property
    def addresses_reader(self) -> bool:
        """Whether the text speaks to its reader ("you"): :mod:`cards.generic_reader`."""
        return addresses_reader(" ".join(section.text for section in self.sections))

    @classmethod
    def from_chunk(
        cls,
        chunk: Chunk,
        *,
        language: str | None = None,
        topic_terms: Iterable[str] = (),
        source_language: str | None = None,
    ) -> GateContext:
        return cls(
            sections=chunk.sections,
            language=language,
            topic_terms=frozenset(t.casefold() for t in topic_terms),
            source_language=source_language,
        )


def base_language(code: str | None) -> str:
    """'pt-BR' -> 'pt': the part of a language tag that decides the language."""
    return (code or "").split("-")[0].split("_")[0].lower()


@dataclass
class GateResult:
    kept: list[CardDraft] = field(default_factory=list)
    dropped: list[tuple[CardDraft, list[str]]] = field(default_factory=list)  # card, failed rule ids

    @property
    def checked(self) -> int:
        return len(self.kept) + len(self.dropped)


# --- checks -------------------------------------------------------------------------

_ADDITIVE_RE = re.compile(r";\s*also\b|\bin addition\b|\bfurthermore\b|\bmoreover\b", re.I)


def check_atomic(card: CardDraft) -> tuple[bool, str]:
    """Q2."""
    if card.kind is CardKind.CLOZE:
        distinct = {n for n, _ in cloze_parts(card.front)}
        if len(distinct) > 3 and "list" not in card.tags:
            return False, "more than 3 deletions"
        return True, ""
    back = card.back
    if word_count(back) > 25 and len(back) > 200:
        return False, "long answer"
    if len(split_sentences(back)) > 2:
        return False, "more than two sentences"
    if _ADDITIVE_RE.search(back):
        return False, "several facts in one answer"
    return True, ""


def check_concise(card: CardDraft) -> tuple[bool, str]:
    """Q3."""
    if card.kind is CardKind.CLOZE:
        return (word_count(cloze_plain(card.front)) <= 45, "cloze text over 45 words")
    ok = word_count(card.front) <= 40 and len(card.front) <= 300
    return ok, "" if ok else "long question"


_VAGUE_RE = re.compile(r"^\s*(explain|describe|discuss|what about|tell me about|what do you know)\b", re.I)
_IMPERATIVE_RE = re.compile(
    r"^\s*(define|name|state|give|translate|complete|identify|expand|spell out|what|which|who|whom|"
    r"whose|when|where|why|how)\b",
    re.I,
)


def check_one_answer(card: CardDraft) -> tuple[bool, str]:
    """Q4."""
    if card.kind is CardKind.CLOZE:
        long = [a for _, a in cloze_parts(card.front) if word_count(a) > 5]
        return (not long, "cloze answer over 5 words")
    if _VAGUE_RE.search(card.front):
        return False, "open-ended prompt"
    if card.kind is CardKind.REVERSED:
        return True, ""  # term ↔ definition cards need not be questions
    ok = card.front.rstrip().endswith(("?", "？", ";")) or bool(_IMPERATIVE_RE.search(card.front))
    return ok, "" if ok else "not a question"


_YES_NO_RE = re.compile(
    r"^\s*(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|isn't|aren't|doesn't|"
    r"don't|didn't|est-ce que|ist|sind|kann|hat)\b",
    re.I,
)
_YES_NO_BACK_RE = re.compile(r"^\s*(yes|no|true|false|oui|non|ja|nein|sí|si)\b", re.I)


def check_not_yes_no(card: CardDraft) -> tuple[bool, str]:
    """Q5."""
    if card.kind is CardKind.CLOZE:
        return True, ""
    bad = bool(_YES_NO_RE.search(card.front)) or bool(_YES_NO_BACK_RE.search(card.back))
    return not bad, "yes/no question" if bad else ""


_SET_FRONT_RE = re.compile(
    r"\b(list|name|enumerate|what are)\b.{0,40}\b(the\s+)?(\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|all)\b.{0,40}\b(types|kinds|steps|causes|stages|parts|components|rules|reasons|factors|"
    r"examples|properties|principles|phases|elements|features)\b",
    re.I,
)
_ITEM_SPLIT_RE = re.compile(r"\s*(?:[,;\n]|\band\b|\bor\b|•)\s*")


def check_no_set(card: CardDraft) -> tuple[bool, str]:
    """Q6: an enumeration belongs in a list cloze, not in one answer."""
    if card.kind is CardKind.CLOZE:
        return True, ""
    if _SET_FRONT_RE.search(card.front):
        return False, "asks for a set"
    items = [part for part in _ITEM_SPLIT_RE.split(card.back) if part.strip()]
    if len(items) >= 3 and sum(word_count(i) for i in items) / len(items) <= 4:
        return False, "answer is a list"
    return True, ""


_DANGLING_LEAD_RE = re.compile(r"^\s*(it|this|that|these|those|they|he|she|its|their)\b", re.I)
_DANGLING_RE = re.compile(
    r"\b(the above|the following|above-mentioned|as mentioned|as shown|shown below|see section|"
    # the document speaking of itself: "the exact format is not described here"
    r"(?:described|explained|covered|discussed|documented|listed|given|shown)\s+(?:here|below|above)\b|"
    r"in the (figure|table|diagram|chart|image|picture|slide)|this (figure|table|diagram|chart|image|"
    r"slide|chapter|section|paragraph|text|passage|document|screenshot|listing|output|graph)|the described|"
    # a manual's own example output: "the second part of the output shows …" (Valgrind's DHAT manual)
    r"(?:first|second|third|last|top|bottom) (?:part|half|line|row|column)s? of the (?:output|listing)|"
    # a cross-reference the card cannot show: "(Section 3.2)", "Table 2", "Figure 4-1"
    r"(?:section|table|figure|fig\.|listing|equation|eq\.|appendix|annex|step)\s+\d+(?:[.\-]\d+)*/?|"
    # "Appendix B", "Annex C": a lettered part of the document the card does not show
    r"(?:appendix|annex)\s+(?-i:[A-Z])(?![\w\-]))\b",
    re.I,
)


DANGLING = "refers to something not on the card"
# Findings that only flag a card; every other Q7 and Q9 finding drops it (see the module docstring).
_FLAG_ONLY = frozenset({"starts with a pronoun"})


# The author's voice ("we", "our"; not "US"): a question asks the student ("you"), never "us". An
# answer may keep a tutorial's general "we" ("because we know the contents at compile time").
_AUTHOR_VOICE_RE = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Oo]urs|us|[Oo]urselves)\b(?![’'])")


def check_self_contained(
    card: CardDraft, language: str | None = None, section_text: str = "", *, reader: bool = False
) -> tuple[bool, str]:
    """Q7: the card names what it is about; a question's answer is what it asks for.

    ``reader``: the document speaks to its reader ("you"), who may stand for anyone using what a
    sentence names (:mod:`cards.generic_reader`).
    """
    front = cloze_plain(card.front)
    if _DANGLING_RE.search(front) or _DANGLING_RE.search(card.back) or points_at_figure(front):
        return False, DANGLING
    shortened = shortened_reference(front, card.source_span, section_text)  # "the checklist": which one?
    if shortened:
        return False, shortened
    unnamed = unnamed_function(front, card.source.heading)  # "passed as from or to": of which function?
    if unnamed:
        return False, unnamed
    if card.kind is CardKind.CLOZE:  # a sentence led by a pronoun names no subject: dropped
        start = card.front.find("{{c")
        speaker = start >= 0 and hides_speaker(card.front[:start])
        problem = context_problem(
            front, language, focus=start if start >= 0 else None, speaker=speaker, reader=reader
        )
        return not problem, problem
    if _DANGLING_LEAD_RE.search(front):
        return False, "starts with a pronoun"
    # (a vocabulary card's answer is a translation: "all these flowers" points at nothing)
    if answer_problem := "" if "vocabulary" in card.tags else answer_points_elsewhere(front, card.back):
        return False, answer_problem
    voice = _AUTHOR_VOICE_RE.search(front) if (language or "en")[:2] == "en" else None
    if voice:  # "What do we call …?": who "we" are, the card does not say ("you" is the student)
        return False, f"in someone's voice ('{voice.group(0)}')"
    heading = card.source.heading[-1] if card.source.heading else ""
    problem = question_problem(card.front, card.back, card.source_span, language, heading)
    problem = problem or garbled_problem(card.front, card.back, language)
    return not problem, problem


_FRAGMENT_RE = re.compile(r"^['’]|^\W+$")


def _heading_words(heading: Sequence[str]) -> frozenset[str]:
    """The content words of a section's own heading ("Predators"): what that section is about."""
    return frozenset(w.casefold() for h in heading for w in words(h) if w.casefold() not in STOP_WORDS)


def check_not_trivial(
    card: CardDraft,
    topic_terms: frozenset[str],
    *,
    language: str | None = None,
    section_text: str = "",
) -> tuple[bool, str]:
    """Q9: a cloze hides a term (see :mod:`cards.terms`); a question is not empty or its own answer."""
    if card.kind is CardKind.CLOZE:
        plain, parts = cloze_targets(card.front)
        if word_count(plain) < 5:
            return False, "cloze text under 5 words"
        stated = statement_problem(plain, language)  # the text's plan or an appeal: no fact to hide
        if stated:
            return False, stated
        emphasised = emphasised_terms(section_text)
        listed = is_list_cloze(card.front)
        for start, answer in parts:
            problem = target_problem(
                answer,
                plain,
                start,
                language=language,
                section_text=section_text,
                emphasised=emphasised,
                topic_terms=topic_terms | _heading_words(card.source.heading[-1:]),
                is_list=listed,
            )
            if problem:
                return False, problem
        return True, ""
    if card.kind is CardKind.BASIC and word_count(card.front) < 3:
        return False, "question under 3 words"
    if normalize(card.front) == normalize(card.back):
        return False, "same text on both sides"
    return True, ""


_CLOZE_PART_RE = re.compile(r"\{\{c\d+::(.*?)(?:::(?:.*?))?\}\}", re.DOTALL)
_EMPHASIS_TERM_RE = re.compile(
    r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w_])_(?=[^\W_])([^_\n]{1,60}?)(?<=[^\W_])_(?![\w_])"
)


def is_list_cloze(text: str) -> bool:
    """Two or more deletions: the card tests a set (a list, a sequence), each item a plain word or not."""
    return len(cloze_parts(text)) >= 2


def cloze_targets(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The cloze text with its deletions filled in, and (offset in it, answer) of every deletion."""
    plain: list[str] = []
    parts: list[tuple[int, str]] = []
    last = 0
    length = 0
    for match in _CLOZE_PART_RE.finditer(text):
        before = text[last : match.start()]
        plain.append(before)
        length += len(before)
        parts.append((length, match.group(1)))
        plain.append(match.group(1))
        length += len(match.group(1))
        last = match.end()
    plain.append(text[last:])
    return "".join(plain), parts


def emphasised_terms(text: str) -> frozenset[str]:
    """Bold (``**x**``) and underscored (``_x_``) spans of a source text, normalised."""
    return frozenset(normalize(a or b) for a, b in _EMPHASIS_TERM_RE.findall(text))


def check_whole_sentence(
    card: CardDraft, language: str | None = None, section_text: str = ""
) -> tuple[bool, str]:
    """Q17: a cloze is one whole sentence (not cut, not two texts run together)."""
    if card.kind is not CardKind.CLOZE:
        return True, ""
    start = card.front.find("{{c")
    speaker = start >= 0 and hides_speaker(card.front[:start])
    problem = sentence_problem(
        cloze_plain(card.front), language, is_list=is_list_cloze(card.front), speaker=speaker
    )
    # a card whose text is its cited sentence (an offline draft) must not start inside a sentence;
    # an LLM's quote may be any part of the sentence its card rephrases
    own_text = normalize(cloze_plain(card.front))[:40] == normalize(card.source_span)[:40]
    if not problem and own_text and section_text and starts_mid_sentence(card.source_span, section_text):
        problem = "starts mid-sentence in its source"
    return not problem, problem


def check_language(card: CardDraft, language: str | None) -> tuple[bool, str]:
    """Q13."""
    if not language:
        return True, ""
    # A vocabulary card asks, in the document's language, for the translation its cited row gives:
    # its answer is in the other language by design, so only its question is read.
    # (the answer must be quoted in that row, so the tag alone does not exempt a card)
    two_languages = "vocabulary" in card.tags and card.back.strip() and card.back.strip() in card.source_span
    text = card.front if two_languages else cloze_plain(card.front) + " " + card.back
    found = detect_language(text)
    ok = found is None or found == base_language(language)
    return ok, "" if ok else f"card in '{found}', expected '{language}'"


def _severity(rule: str, detail: str) -> Severity:
    # "this figure", "the above": the student never sees what the card points at, and no
    # critique pass exists to rewrite it, so that part of Q7 drops the card.
    if rule == "Q7" and detail == DANGLING:
        return Severity.E
    if rule in ("Q7", "Q9") and detail not in _FLAG_ONLY:
        return Severity.E
    return SEVERITY[rule]


def run_checks(card: CardDraft, ctx: GateContext) -> list[Finding]:
    """Every rubric check on one card, in rule order."""
    language = ctx.source_language or ctx.language
    section = card_section(card, ctx.sections)
    section_text = section.text if section else ""
    simple = {
        "Q1": check_well_formed(card),
        "Q2": check_atomic(card),
        "Q3": check_concise(card),
        "Q4": check_one_answer(card),
        "Q5": check_not_yes_no(card),
        "Q6": check_no_set(card),
        "Q7": check_self_contained(card, language, section_text, reader=ctx.addresses_reader),
        "Q8": check_not_leaked(card),
        "Q9": check_not_trivial(card, ctx.topic_terms, language=language, section_text=section_text),
    }
    found = [Finding(rule, ok, _severity(rule, detail), detail) for rule, (ok, detail) in simple.items()]
    ok, detail, severity = check_grounded(card, ctx.sections, translated=ctx.translated)
    found.append(Finding("Q10", ok, severity, detail))
    found.append(Finding("Q11", locator_valid(card.source, ctx.sections), Severity.E, "invalid locator"))
    ok, detail = check_language(card, ctx.language)
    found.append(Finding("Q13", ok, Severity.W, detail))
    for rule, (ok, detail) in (
        ("Q16", check_place(card, ctx.sections)),
        ("Q17", check_whole_sentence(card, language, section_text)),
    ):
        found.append(Finding(rule, ok, Severity.E, detail))
    return found


def apply_gate(cards: Iterable[CardDraft], ctx: GateContext, *, max_cards: int | None = None) -> GateResult:
    """Repair, check and select cards according to the policy in the module docstring."""
    result = GateResult()
    clean: list[CardDraft] = []
    flagged: list[CardDraft] = []
    for raw in cards:
        card = repair(raw)
        findings = run_checks(card, ctx)
        card.checks = {f.rule: f.passed for f in findings}
        failed = [f for f in findings if not f.passed]
        hard = [f.rule for f in failed if f.severity is Severity.E]
        if hard or len(failed) >= 2:
            result.dropped.append((card, [f.rule for f in failed]))
        elif failed:
            if REVIEW_TAG not in card.tags:
                card.tags = [*card.tags, REVIEW_TAG]
            flagged.append(card)
        else:
            clean.append(card)
    # Clean cards first, then flagged ones: a better card always wins the slot.
    ordered = clean + flagged
    budget = len(ordered) if max_cards is None else max(0, max_cards)
    result.kept = ordered[:budget]
    result.dropped.extend((card, ["budget"]) for card in ordered[budget:])
    return result


def passes(card: CardDraft) -> bool:
    """Whether a checked card passed every rule."""
    return bool(card.checks) and all(card.checks.values())
