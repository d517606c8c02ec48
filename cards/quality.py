"""The quality gate: the rubric of cards.md §2 as automatic checks on every card.

Every generator (LLM or offline) sends its cards through :func:`apply_gate`.
Each card first gets the simple repairs (:func:`repair`: cloze deletions with a
lost closing brace closed and renumbered from 1, Markdown emphasis/links/comments
and control characters removed, ``$..$`` math turned into Anki's ``\\(..\\)``
(never shell or Make ``$(..)``/``${..}`` nor prices); inline code is left as
written), then every check runs and its result is stored in ``CardDraft.checks``
(rule id → passed).

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

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from cards.anaphora import points_at_figure, shortened_reference
from cards.garbled_questions import garbled_problem
from cards.placement import locate, placement_problem, starts_mid_sentence
from cards.schema import CardDraft, CardKind
from cards.standalone import context_problem, hides_speaker, sentence_problem
from cards.standalone_questions import question_problem
from cards.statements import statement_problem
from cards.terms import target_problem
from cards.text import (
    STOP_WORDS,
    cloze_masked,
    cloze_parts,
    cloze_plain,
    collapse_spaces,
    content_stems,
    detect_language,
    normalize,
    split_sentences,
    stem,
    word_count,
    words,
)
from documents.model import Chunk, Section, SourceRef

REVIEW_TAG = "needs-review"


class Severity(StrEnum):
    E = "E"  # reject (or repair)
    W = "W"  # flag; keep only when no better card fills the slot


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


# --- repairs ------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Inline code (`x`, ``x``): left exactly as written, so identifiers and indexing survive the repairs.
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# **strong** anywhere; __strong__ only outside words ("a_b__c" is an identifier).
_STRONG_RE = re.compile(r"\*\*(?=\S)(?P<a>.+?)(?<=\S)\*\*|(?<![\w\\])__(?=\S)(?P<u>.+?)(?<=\S)__(?!\w)")
_IDENTIFIER_RE = re.compile(r"\w+")


def _is_emphasis(match: re.Match[str]) -> bool:
    # "__init__", "__name__": a dunder identifier, not "__very important__".
    return match.group("a") is not None or not _IDENTIFIER_RE.fullmatch(match.group("u"))


# [text](target) and [text][ref] are links only where a link can start (not "matrix[i][j]",
# "f(x)[0](y)") and an inline target looks like one: a URL, a path or an anchor.
_LINK_START = r"(?<![\w\])}\\])"
_MD_LINK_RE = re.compile(
    _LINK_START + r"!?\[(?P<t1>[^\]\n]+)\]\(<?(?P<url>[^)\s]*[/.#:][^)\s]*?)>?(?:\s+\"[^\"\n]*\")?\)"
    r"|" + _LINK_START + r"\[(?P<t2>[^\]\n]+)\]\[[^\]\n]*\](?!\()"
)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_DISPLAY_MATH_RE = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
# "$x$" but not a price ("$5 and $10": a closing "$" before a digit is the next price's)
_INLINE_MATH_RE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
# Shell and Make: "$(DESTDIR)", "$(shell uname -s)", "${HOME}", "${name:-x}" are code, never maths.
_SHELL_VAR_RE = re.compile(
    r"\$\((?:[A-Za-z_][A-Za-z0-9_]*|[a-z][\w.-]*\s[^()\n]{0,80})\)"
    r"|\$\{[A-Za-z_#!][A-Za-z0-9_]*(?:[:#%/^,@?=+-][^{}\n]{0,80})?\}"
)
_PROSE_WORDS_RE = re.compile(r"(?<![\\\w])[^\W\d_]{3,}\b")
_CLOZE_NUM_RE = re.compile(r"\{\{c(\d+)::")
# "{{c1::stack} and": one closing brace lost (a frequent LLM slip), repaired to "{{c1::stack}}".
_HALF_CLOSED_CLOZE_RE = re.compile(r"(\{\{c\d+::[^{}]+?)\}(?!\})")


def outside_code(text: str, fix: Callable[[str], str]) -> str:
    """``fix`` applied to the parts of ``text`` that are not inline code."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN_RE.finditer(text):
        out.append(fix(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(fix(text[last:]))
    return "".join(out)


def _without_code(text: str) -> str:
    return _CODE_SPAN_RE.sub(" ", text)


def convert_math(text: str) -> str:
    """``$$x$$`` → ``\\[x\\]`` and ``$x$`` → ``\\(x\\)`` (Anki's MathJax delimiters); inline code kept."""
    return outside_code(text, _convert_math)


def _convert_math(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in _SHELL_VAR_RE.finditer(text):  # shell/Make variables stay as written
        out.append(_convert_math_run(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_convert_math_run(text[last:]))
    return "".join(out)


def _is_math(body: str) -> bool:
    """``$..$`` content that is maths, not prose between two prices ("$5 for the $")."""
    return len(_PROSE_WORDS_RE.findall(body)) < 2


def _convert_math_run(text: str) -> str:
    text = _DISPLAY_MATH_RE.sub(lambda m: f"\\[{m.group(1)}\\]", text)
    return _INLINE_MATH_RE.sub(lambda m: f"\\({m.group(1)}\\)" if _is_math(m.group(1)) else m.group(0), text)


def renumber_cloze(text: str) -> str:
    """Renumber deletions c1..cN in order of first appearance (keeps shared numbers shared)."""
    mapping: dict[str, int] = {}

    def _sub(match: re.Match[str]) -> str:
        number = mapping.setdefault(match.group(1), len(mapping) + 1)
        return f"{{{{c{number}::"

    return _CLOZE_NUM_RE.sub(_sub, text)


def clean_text(text: str) -> str:
    """Control characters, Markdown emphasis/links/comments removed; math delimiters converted.

    Inline code is left as written (backticks included): ``matrix[i][j]``, ``__init__`` and
    ``a_b__c`` are code, not Markdown.
    """
    text = _CONTROL_RE.sub("", text).replace("\r\n", "\n")
    text = _COMMENT_RE.sub("", text)
    text = outside_code(text, _render_markdown)
    return convert_math(text).strip()


def _render_markdown(text: str) -> str:
    text = _STRONG_RE.sub(lambda m: (m.group("a") or m.group("u")) if _is_emphasis(m) else m.group(0), text)
    return _MD_LINK_RE.sub(lambda m: m.group("t1") or m.group("t2"), text)


def repair_cloze(text: str) -> str:
    """Half-closed deletions closed, then deletions renumbered c1..cN."""
    return renumber_cloze(_HALF_CLOSED_CLOZE_RE.sub(r"\1}}", text))


def repair(card: CardDraft, *, close_cloze: bool = True) -> CardDraft:
    """The simple repairs of Q1; returns a new card.

    ``close_cloze=False`` leaves a half-closed deletion for the caller to refuse: a person
    editing a card is told where the markup is broken rather than have a brace guessed.
    """
    front, back = clean_text(card.front), clean_text(card.back)
    if card.kind is CardKind.CLOZE:
        front = repair_cloze(front) if close_cloze else renumber_cloze(front)
    return dataclasses.replace(card, front=front, back=back, source_span=collapse_spaces(card.source_span))


# --- checks -------------------------------------------------------------------------

_MD_OTHER_RESIDUE_RE = re.compile(r"<!--|^#{1,6}\s", re.M)
# _italic_ as plain-text e-books write it (not snake_case or __dunder__ identifiers)
_UNDERSCORE_EMPHASIS_RE = re.compile(r"(?<![\w_])_(?=[^\W_])[^_\n]{1,60}?(?<=[^\W_])_(?![\w_])")
# A web page's footnote marker after a sentence or clause: "... (2.2 lb).[48]"
_CITATION_MARKER_RE = re.compile(r"(?<=[.,;:”\"])\[\d{1,3}\]")
# Unicode non-characters (U+FFFE that a PDF library leaves for a hyphenation point, U+FDD0..U+FDEF, ...)
# and the replacement character: debris, never text.
_NONCHARACTER_RE = re.compile("[\ufdd0-\ufdef\ufffe\uffff\ufffd]|[\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")
# Extraction debris (readers drop such cards): "Nor- ̊ wegian", "Ageˆncia" (a combining or spacing
# accent on its own), "vectors10 ," and "8MCAS is" (a footnote number glued to a word), "Reports 1
# from ... system 2 generated" (note numbers between words), "SALTARELLO.--" (a heading run in).
_LOOSE_ACCENT_RE = re.compile(
    r"(?:^|(?<=[\s\W]))[\u0300-\u036f]|[\u02c6\u02dc\u02da\u02d8\u02d9\u02dd\u00b8\u00a8]"
)
_GLUED_NOTE_RE = re.compile(r"(?<![\w-])[a-z]{3,}\d{1,2}\s+[,.;:]|(?:^|(?<=[.!?]\s))\d{1,2}[A-Z]{4,}\b")
# a count is followed by its (plural) noun: "has 4 topics"; a note number by anything else
_STRAY_NUMBER_RE = re.compile(r"(?<=[a-z]{3}\s)\d(?=\s+[a-z]{3,})(?!\s+[a-z]+s\b)")
_BROKEN_WORD_RE = re.compile(r"(?<![\w-])[a-z]{2,}-\s+(?!(?:and|or|to|und|et|ou)\b)[a-z]{2,}")
_TEXT_SYMBOLS = frozenset("°©®™§¶♯♭♮")
# "[B = S S S]", "[G: e' f' g-' a']": an e-text's notation for music or maths, unreadable on a card
_BRACKET_NOTATION_RE = re.compile(r"\[[^\]\n]{0,40}(?:=|:\s*\w+')[^\]\n]{0,40}\]")
_NUMBER_RUN_RE = re.compile(r"(?<![\w.,])(?:\d+(?:\.\d+)?%?\s+){3,}\d")
_HEADING_DASH_RE = re.compile(r"[.:;]\s?--")
_VALID_CLOZE_RE = re.compile(r"\{\{c\d+::[^}]+?(::[^}]*)?\}\}")
_TAG_NAME_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID_TAGS = {"br", "hr", "img", "wbr"}


def _html_balanced(text: str) -> bool:
    stack: list[str] = []
    for closing, name, self_closing in _TAG_NAME_RE.findall(text):
        name = name.lower()
        if name in _VOID_TAGS or self_closing:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def text_problem(text: str) -> str:
    """Why one side of a card is not well-formed (Q1), or "" when it is."""
    if _CONTROL_RE.search(text):
        return "control characters"
    prose = _without_code(text)
    emphasis = any(_is_emphasis(m) for m in _STRONG_RE.finditer(prose))
    if emphasis or _MD_LINK_RE.search(prose) or _MD_OTHER_RESIDUE_RE.search(prose):
        return "Markdown residue"
    maths = _SHELL_VAR_RE.sub(" ", prose)
    if any(_is_math(m.group(1)) for m in _INLINE_MATH_RE.finditer(maths)) or "$$" in maths:
        return "unconverted $ math"
    if not _html_balanced(text):
        return "unbalanced HTML"
    return ""


def debris_problem(text: str) -> str:
    """Text-extraction debris a generated card must not show (Q1), or "".

    Not a reason to refuse a person's card (:mod:`cards.editing` only flags it): a person may
    well write "_this_" or "[1]".
    """
    if _NONCHARACTER_RE.search(text):
        return "non-characters (text extraction debris)"
    if _CITATION_MARKER_RE.search(text):
        return "a citation marker ([12]) left in"
    if _UNDERSCORE_EMPHASIS_RE.search(_without_code(text)):
        return "Markdown residue (_italic_)"
    prose = cloze_plain(_without_code(text))
    if _LOOSE_ACCENT_RE.search(prose):
        return "an accent split from its letter (text extraction debris)"
    if _GLUED_NOTE_RE.search(prose) or len(_STRAY_NUMBER_RE.findall(prose)) >= 2:
        return "a footnote number glued into the text"
    if _BROKEN_WORD_RE.search(prose):
        return "a word broken at a line end"
    if _HEADING_DASH_RE.search(prose):
        return "a heading run into the text ('.--')"
    if any(unicodedata.category(ch) == "So" and ch not in _TEXT_SYMBOLS for ch in prose):
        return "a symbol or icon left in the text"
    if _BRACKET_NOTATION_RE.search(prose):
        return "notation or code in brackets"
    if _NUMBER_RUN_RE.search(prose):
        return "a table's numbers run into the text"
    return ""


def check_well_formed(card: CardDraft) -> tuple[bool, str]:
    """Q1."""
    if not card.front.strip():
        return False, "empty front"
    if card.kind is not CardKind.CLOZE and not card.back.strip():
        return False, "empty back"
    for text in (card.front, card.back):
        problem = text_problem(text) or debris_problem(text)
        if problem:
            return False, problem
    if card.kind is CardKind.CLOZE:
        if "{{c" in card.back:
            return False, "cloze markup in the extra text"
        return cloze_well_formed(card.front)
    if "{{c" in card.front or "{{c" in card.back:
        return False, "cloze markup on a non-cloze card"
    return True, ""


def cloze_well_formed(text: str) -> tuple[bool, str]:
    """Q1 for a cloze text: deletions present, numbered c1..cN, no stray braces."""
    numbers_seen = sorted({n for n, _ in cloze_parts(text)})
    if not numbers_seen:
        return False, "no cloze deletion"
    if numbers_seen != list(range(1, len(numbers_seen) + 1)):
        return False, "cloze numbers not 1..N"
    rest = _VALID_CLOZE_RE.sub("", text)
    if "{{" in rest or "}}" in rest:
        return False, "malformed cloze markup"
    return True, ""


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
    r"in the (figure|table|diagram|chart|image|picture|slide)|this (figure|table|diagram|chart|image|"
    r"slide|chapter|section|paragraph|text|passage|document)|"
    # a cross-reference the card cannot show: "(Section 3.2)", "Table 2", "Figure 4-1"
    r"(?:section|table|figure|fig\.|listing|equation|eq\.|appendix|annex)\s+\d+(?:[.\-]\d+)*|"
    # "Appendix B", "Annex C": a lettered part of the document the card does not show
    r"(?:appendix|annex)\s+(?-i:[A-Z])(?![\w\-]))\b",
    re.I,
)


DANGLING = "refers to something not on the card"
# Findings that only flag a card; every other Q7 and Q9 finding drops it (see the module docstring).
_FLAG_ONLY = frozenset({"starts with a pronoun"})


def check_self_contained(
    card: CardDraft, language: str | None = None, section_text: str = ""
) -> tuple[bool, str]:
    """Q7: the card names what it is about; a question's answer is what it asks for."""
    front = cloze_plain(card.front)
    if _DANGLING_RE.search(front) or _DANGLING_RE.search(card.back) or points_at_figure(front):
        return False, DANGLING
    shortened = shortened_reference(front, card.source_span, section_text)  # "the checklist": which one?
    if shortened:
        return False, shortened
    if card.kind is CardKind.CLOZE:  # a sentence led by a pronoun names no subject: dropped
        start = card.front.find("{{c")
        speaker = start >= 0 and hides_speaker(card.front[:start])
        problem = context_problem(front, language, focus=start if start >= 0 else None, speaker=speaker)
        return not problem, problem
    if _DANGLING_LEAD_RE.search(front):
        return False, "starts with a pronoun"
    problem = question_problem(card.front, card.back, card.source_span, language) or garbled_problem(
        card.front, card.back, language
    )
    return not problem, problem


def check_not_leaked(card: CardDraft) -> tuple[bool, str]:
    """Q8: the question must not give the answer away."""
    if card.kind is CardKind.CLOZE:
        masked = normalize(cloze_masked(card.front))
        for _, answer in cloze_parts(card.front):
            key = normalize(answer)
            if len(key) >= 3 and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", masked):
                return False, f"answer '{answer}' visible in the text"
        return True, ""
    back = content_stems(card.back)
    if not back:
        return True, ""
    shared = len(back & content_stems(card.front)) / len(back)
    return shared < 0.8, "" if shared < 0.8 else "answer repeated in the question"


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


def card_section(card: CardDraft, sections: Sequence[Section]) -> Section | None:
    """The section the card cites: one holding its quote (its own source first), else one with its source."""
    same = [s for s in sections if s.source == card.source]
    for section in [*same, *sections]:
        if card.source_span and locate(card.source_span, section.text) is not None:
            return section
    return same[0] if same else None


def check_place(card: CardDraft, sections: Sequence[Section]) -> tuple[bool, str]:
    """Q16: the source is the document's content (no contents, index, header, references, boilerplate)."""
    section = card_section(card, sections)
    heading = card.source.heading or (section.source.heading if section else ())
    # a page cut in pieces by the chunker is read whole: a reference list runs across the pieces
    context = "\n\n".join(s.text for s in sections if section is not None and s.source == section.source)
    problem = placement_problem(card.source_span, section.text if section else "", heading, context)
    return not problem, problem


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


def _section_text(card_source: SourceRef, sections: Sequence[Section]) -> str:
    return "\n\n".join(s.text for s in sections if s.source == card_source)


def grounding_text(card: CardDraft, sections: Sequence[Section], width: int = 1) -> str:
    """The cited span plus ``width`` sentences either side of it in its section."""
    span = card.source_span
    section = card_section(card, sections)
    sentences = split_sentences(section.text if section else _section_text(card.source, sections))
    if not span or not sentences:
        return span
    key = normalize(span)
    hits = [i for i, s in enumerate(sentences) if (ns := normalize(s)) and (ns in key or key in ns)]
    if not hits:  # a quote shortened with "..." still starts with the sentence's own words
        hits = [i for i, s in enumerate(sentences) if locate(span, s) is not None][:1]
    if not hits:
        return span
    lo, hi = max(0, hits[0] - width), min(len(sentences), hits[-1] + 1 + width)
    return span + " " + " ".join(sentences[lo:hi])


# A number in an identifier ("i32", "BM25", "RL.1.2", "s2") is part of a name, not a quantity.
_QUANTITY_RE = re.compile(r"(?<![^\W_])(?<![^\W_]\.)\d+(?:[.,]\d+)*(?![^\W\d_])")


def quantities(text: str) -> set[str]:
    """Numbers that stand on their own (not inside identifiers), thousands separators removed."""
    return {n.replace(",", "") for n in _QUANTITY_RE.findall(text)}


def _answer_text(card: CardDraft) -> str:
    if card.kind is CardKind.CLOZE:
        return " ".join(a for _, a in cloze_parts(card.front))
    return card.back


def grounding_ratio(card: CardDraft, source: str) -> float:
    """Share of the answer's content stems found in ``source`` (1.0 for an answer with none)."""
    answer = content_stems(_answer_text(card))
    if not answer:
        return 1.0
    return len(answer & content_stems(source)) / len(answer)


def check_grounded(
    card: CardDraft, sections: Sequence[Section], *, translated: bool = False
) -> tuple[bool, str, Severity]:
    """Q10: the answer (and every number on the card) comes from the cited text.

    ``translated``: the card is in another language than its source, so its words
    cannot be compared with the source's; what survives translation is checked
    instead (see :func:`grounded_across_languages`).
    """
    if not card.source_span.strip():
        return False, "no source span", Severity.E
    source = grounding_text(card, sections)
    if translated:
        return grounded_across_languages(card, sections, source)
    card_text = cloze_plain(card.front) + " " + card.back
    section = card_section(card, sections)
    missing = quantities(card_text) - quantities(source + " " + (section.text if section else ""))
    if missing:
        return False, f"numbers not in the source: {', '.join(sorted(missing))}", Severity.E
    ratio = grounding_ratio(card, source)
    if ratio < 0.7:  # an answer in the text's own words a little further on
        ratio = max(ratio, grounding_ratio(card, grounding_text(card, sections, width=3)))
    if ratio < 0.5:
        return False, f"answer not in the source ({ratio:.0%})", Severity.E
    if ratio < 0.7:
        return False, f"answer partly in the source ({ratio:.0%})", Severity.W
    return True, "", Severity.W


_DIGITS_RE = re.compile(r"\d+")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9]+s?$")


def _names(text: str) -> list[str]:
    """Acronyms and capitalised words past the first: names, which translation keeps."""
    tokens = words(text)
    return [
        t
        for i, t in enumerate(tokens)
        if _ACRONYM_RE.match(t) or (i > 0 and t[:1].isupper() and t.casefold() not in STOP_WORDS)
    ]


def _span_in_sections(span: str, sections: Sequence[Section]) -> bool:
    key = normalize(span.rstrip("…"))
    if not key:
        return False
    for section in sections:
        text = normalize(section.text)
        if key in text or (len(key) >= 20 and fuzz.partial_ratio(key, text, score_cutoff=90) > 0):
            return True
    return False


def grounded_across_languages(
    card: CardDraft, sections: Sequence[Section], source: str
) -> tuple[bool, str, Severity]:
    """Q10 for a card translated from its source.

    The cited span must be the document's own text (E); every number on the card
    must be in the source, compared digit run by digit run because "3.5" is "3,5"
    and "1,200" is "1 200" in other languages (E); names and acronyms of the answer
    should appear in the source (W: a few names are translated, "London" → "Londres").
    """
    if sections and not _span_in_sections(card.source_span, sections):
        return False, "cited text not found in the source", Severity.E
    card_text = cloze_plain(card.front) + " " + card.back
    missing = set(_DIGITS_RE.findall(card_text)) - set(_DIGITS_RE.findall(source))
    if missing:
        return False, f"numbers not in the source: {', '.join(sorted(missing))}", Severity.E
    known = {stem(t) for t in words(source)}
    lost = [n for n in _names(_answer_text(card)) if stem(n) not in known]
    if lost:
        return False, f"names not in the source: {', '.join(lost)}", Severity.W
    return True, "", Severity.W


def locator_valid(ref: SourceRef, sections: Sequence[Section]) -> bool:
    """Q11: the reference names a place, and (given sections) one of theirs."""
    if ref.page is None and ref.slide is None and not ref.heading and ref.lines is None:
        return False
    if (ref.page is not None and ref.page < 1) or (ref.slide is not None and ref.slide < 1):
        return False
    if not sections:
        return True
    return any(_ref_within(ref, s.source) for s in sections)


def _ref_within(ref: SourceRef, sec: SourceRef) -> bool:
    if ref == sec:
        return True
    if ref.page is not None or ref.slide is not None:
        return (ref.page, ref.slide) == (sec.page, sec.slide)
    if ref.heading != sec.heading:
        return False
    if ref.lines and sec.lines:
        return sec.lines[0] <= ref.lines[0] and ref.lines[1] <= sec.lines[1]
    return True


def check_language(card: CardDraft, language: str | None) -> tuple[bool, str]:
    """Q13."""
    if not language:
        return True, ""
    found = detect_language(cloze_plain(card.front) + " " + card.back)
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
        "Q7": check_self_contained(card, language, section_text),
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
