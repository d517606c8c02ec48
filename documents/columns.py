"""Two columns laid out with spaces in plain text (a reader's vocabulary, a glossary): rows, not prose.

A text file's paragraph is folded into one run of words (``clean_text``), which would glue a
vocabulary's "l’annulaire,          de ringvinger." into one line without its gap. A block whose
lines put a second column at one column position is read as rows instead: a left part, a gap of
two spaces or more, a right part; a line indented deeper continues the entry above (its left part,
its right part, or both). The section is then a table ("left | right" per row) and the card
extractors read it as one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# A gap inside a line: two spaces or more between two non-space characters.
_GAP_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
# How far a row's second column may start from the block's (hand-set type is not exact).
_SLACK = 2
#: A block needs this many rows to be a table of two columns rather than a line with a wide space.
MIN_ROWS = 3
# A contents line's right column (page numbers) or code's trailing comment: not a two-column text.
_PAGE_RE = re.compile(r"^(?:p\.?\s*)?(?:\d{1,4}|[ivxlc]{1,7})\.?$", re.I)
_CODE_RE = re.compile(r"^(?:#|//|/\*|--)|[{};]$| == | = |\w\(\)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _gaps(line: str, after: int) -> list[tuple[int, int]]:
    """(where the gap starts, where the next column starts) of each gap after ``after``."""
    return [(m.start(), m.end()) for m in _GAP_RE.finditer(line, after)]


def _gap_at(line: str, after: int, column: int) -> tuple[int, int] | None:
    """The gap that ends where the second column starts ("elle  consentit  enfin" has other gaps)."""
    near = [gap for gap in _gaps(line, after) if abs(gap[1] - column) <= _SLACK]
    return near[0] if near else None


def two_column_rows(lines: Sequence[str]) -> list[tuple[str, str]] | None:
    """The block's (left, right) rows when it is laid out in two columns, else None."""
    lines = [line.expandtabs(8).rstrip() for line in lines if line.strip()]
    if len(lines) < MIN_ROWS:
        return None
    base = min(_indent(line) for line in lines)
    ends = Counter(end for line in lines if _indent(line) == base for _, end in _gaps(line, base))
    if not ends:
        return None
    column, count = ends.most_common(1)[0]
    if count < MIN_ROWS:
        return None
    rows: list[list[str]] = []
    for line in lines:
        indent = _indent(line)
        gap = _gap_at(line, indent, column)
        if indent == base:
            if gap is None:
                return None  # a line of prose (or a heading) among the rows
            rows.append([line[indent : gap[0]], line[gap[1] :]])
        elif not rows:
            return None
        elif indent >= column - _SLACK:  # the right column goes on
            rows[-1][1] += " " + line.strip()
        elif gap is not None:  # both columns go on
            rows[-1][0] += " " + line[indent : gap[0]]
            rows[-1][1] += " " + line[gap[1] :]
        else:  # the left column goes on
            rows[-1][0] += " " + line.strip()
    pairs = [(left.strip(), right.strip()) for left, right in rows]
    if len(pairs) < MIN_ROWS or all(_PAGE_RE.match(right) for _, right in pairs):
        return None
    # code with aligned comments, or cells holding the bars a table row is written with
    code = sum(any(_CODE_RE.search(cell) for cell in pair) for pair in pairs)
    if 3 * code > len(pairs) or any("|" in cell for pair in pairs for cell in pair):
        return None
    return pairs


#: How sure the language identifier must be of each column's language.
_COLUMN_LANGUAGE_PROB = 0.8


def _column_language(cells: Sequence[str]) -> str | None:
    from documents.language import language_identifier

    text = " ".join(cells)
    if len(text) < 20:
        return None
    lang, prob = language_identifier().classify(text)  # type: ignore[attr-defined]
    return str(lang) if float(prob) >= _COLUMN_LANGUAGE_PROB else None


def _leans_to(cells: Sequence[str], lang: str, other: str) -> bool:
    """The column reads more as ``lang`` than as ``other`` (too short to be told among all languages)."""
    from documents.language import language_identifier

    scores = dict(language_identifier().rank(" ".join(cells)))  # type: ignore[attr-defined]
    return float(scores.get(lang, 0.0)) > float(scores.get(other, 0.0))


def column_languages(
    rows: Sequence[tuple[str, str]], known: Sequence[tuple[str, str]] = ()
) -> tuple[str, str] | None:
    """The (left, right) languages of a two-column block, when they are two.

    A vocabulary of three rows ("Méchant, | ondeugend.") is too short for its columns' languages
    to be told among all; when the document's other vocabularies give a pair (``known``), the
    block is one of them if each column leans to its language of the pair.
    """
    left, right = _column_language([r[0] for r in rows]), _column_language([r[1] for r in rows])
    if left and right:
        return (left, right) if left != right else None
    for pair in known:
        if _leans_to([r[0] for r in rows], *pair) and _leans_to([r[1] for r in rows], pair[1], pair[0]):
            return pair
    return None


def two_language_rows(
    lines: Sequence[str], known: Sequence[tuple[str, str]] = ()
) -> list[tuple[str, str]] | None:
    """The rows of a two-column block whose columns are in two languages (a vocabulary), else None.

    Other two-column layouts (a table of a mode's notes, a poem printed side by side) stay text,
    as before: a table without a header row is read badly by the table cards. ``known``: the
    language pairs of the document's other vocabularies (see :func:`column_languages`).
    """
    rows = two_column_rows(lines)
    return rows if rows and column_languages(rows, known) else None
