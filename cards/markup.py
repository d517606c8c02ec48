"""A card's text as markup: the simple repairs every card gets before the gate (Q1) and the
well-formedness checks over the same patterns.

Repairs: cloze deletions with a lost closing brace closed and renumbered from 1, Markdown
emphasis/links/comments and control characters removed, ``$..$`` math turned into Anki's
``\\(..\\)`` (never shell or Make ``$(..)``/``${..}`` nor prices); inline code is left as written.
Checks: control characters, Markdown residue, unconverted math, unbalanced HTML, cloze markup, and
the debris of text extraction (non-characters, citation markers, split accents, glued note numbers).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable

from cards.schema import CardDraft, CardKind
from cards.text import (
    cloze_parts,
    cloze_plain,
    collapse_spaces,
    mask_code_terms,
)

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
    if not _html_balanced(mask_code_terms(text)):  # "Rc<T>", "Vec<String>": a generic type, no tag
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
