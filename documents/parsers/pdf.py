"""PDF with pypdfium2 (Apache-2.0/BSD): text per page, headings from the outline or the type.

A heading governs the text after it in reading order, so text above a heading on a page
is credited to the heading before it. Running heads and feet, page numbers, contents and
index lines are dropped before headings are looked for.
"""

from __future__ import annotations

import bisect
import ctypes
import heapq
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from documents.boilerplate import author_name, toc_entries
from documents.clean import clean_inline, clean_text, normalize_newlines
from documents.headings import enter_heading, heading_tuple
from documents.limits import ParseLimits, TextBudget
from documents.model import DocumentKind, ParsedDocument, Section, SourceRef
from errors import NoTextLayer, PdfEncrypted, PdfUnreadable

# Outlines made by presentation exporters name every entry "Slide 12": no heading in that.
_GENERIC_OUTLINE = re.compile(r"^(slide|page|folie|diapositive)\s*\d+$", re.I)
_NUMBERED_HEADING = re.compile(r"^(\d+(\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+\S")
_LEADING_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
_DIGITS = re.compile(r"\d+")
# A line that is only a page number once digits are masked: "12", "- 12 -", "Page 3 of 9", "3 / 9".
_PAGE_NUMBER_LINE = re.compile(
    r"^[-–—(\[]?\s*(page |p\. ?|seite |página )?#(\s*(/|of|von|de)\s*#)?\s*[-–—)\]]?$"
)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|-medi\b|medium", re.I)
_BOLD_WEIGHT = 600
_HEADING_MIN_RATIO = 1.15  # a line this much larger than the body text is a heading
_OTHER_FACE_RATIO = 1.04  # a slightly larger line in another face (a sans heading over serif text)
_BODY_RATIO_MIN = 0.97  # bold headings are set at least at body size (bold table heads are smaller)
_MAX_HEADING_WORDS = 12
_WIDER_THAN_BODY = 1.3  # times the median line length
_MAX_WRAPPED_HEADING = 150
_MIN_TEXT_CHARS = 10  # below this a page counts as image-only
_HEADER_FOOTER_LINES = 2  # lines at the start and end of a page's text examined for repeats
_EDGE_BAND = 0.08  # and lines in this share of the page height at its top and bottom
_REPEATED_SHARE = 0.4  # an edge line on this share of pages (digits masked) is a running head
_MARGIN_SHARE = 0.05  # a start x shared by this share of lines is a column margin
_MARGIN_TOLERANCE = 4.0  # points
_DEST_TOLERANCE = 2.0  # points
_TABLE_DIGIT_SHARE = 0.3  # a line after a bold "heading" this full of digits: a table row
_BODY_SAMPLE_CHARS = 40
_MAX_HEADING_CHARS = 120
_EDGE_SAMPLE = 4  # lines at each end of a page's text always measured
_SAMPLE_EVERY = 2  # other lines: one in this many (the body's size and the margins are statistics)
_PARAGRAPH_END = frozenset(".!?:;)]\"'”’0123456789")  # a digit: a footnote mark or a table row's last cell
_SHORT_LINE = 0.7  # of the page's median line length: a paragraph's last line, a caption, a label
_PAGE_TYPE_FLOOR = 0.9  # of the page's commonest size: smaller lines are never headings
_FONT_NAME_BYTES = 96
_PAGES_PER_OPEN = 50  # pages read before the document is reopened (see _read_all_pages)
# A footnote or reference mark: a short number (Korean style "5)" too) or a dagger, glued to
# what stands before it (not after a space, a digit or an operator) or opening a line.
# _mark_reference checks the rest. The pattern opens with a character class and looks behind
# only there: the scan jumps from digit to digit (five times faster than a look-behind first).
_NOTE_MARK = re.compile(r"[0-9∗†‡](?<=[^\s0-9(\[{/#$%+=<>@~-][0-9∗†‡]|\n[0-9∗†‡])[0-9]*\)?")
_MARK_MAX_DIGITS = 3
_AFTER_WORD_PUNCTUATION = frozenset(".,;:)”’\"'")
_MARK_FOLLOWERS = frozenset(",.;:)")
_MIN_SPACED_ENDS = 5  # Korean lines ending in a space: enough to tell the producer writes them
_SPACED_SHARE = 0.15  # of the lines ending in a syllable (the rest break inside a word)
# A footnote opens with its number ("3)", "12", "1The code") or a sign, in small type.
_NOTE_SIGNS = frozenset("*∗†‡")
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,3}\)?|[*∗†‡])\s*[^\W\d_]")
# A note's raised number that pdfium put at the end of the line above the note's text ("… with mul-8"
# over "SQuAD is limited to …"): after a letter or a hyphen, at the end of a body line.
_GLUED_NOTE_NUMBER = re.compile(r"(?<=[^\W\d_]|[-\ufffe\u00ad])\d{1,3}$")
_NOTE_TEXT = re.compile(r"\s*[^\W\d_]{2}")
_FOOTNOTE_SIZE = 0.9  # of the page's common size: a footnote's type is at most this
_FOOTNOTE_AREA = 0.5  # footnotes start in the lower part of the page (y counts from its foot)
_TURNED = 0.2  # radians between a line's letters and the page's: set across the page
_MARK_SIZE = 0.8  # a mark's box is at most this share of the letter beside it
_MARK_RISE = 0.15  # and its baseline at least this share of that letter's height above
# A line opening with a comma or a full stop continues the line before (a mark cut between them).
_CONTINUED_LINE = re.compile(r"\n(?=[,.;:](?:\s|$))")
_FIRST_ALNUM = re.compile(r"[^\W_]")
_BODY_SAMPLES = 3
# A run-in heading: bold words opening a paragraph's first line, then the paragraph's first
# sentence in the body's type on the same line ("Encoders Although in principle …").
_MAX_RUN_IN_CHARS = 60
_MAX_RUN_IN_WORDS = 8
_RUN_IN_ENDS = ".:"
_RUN_IN_LEVEL = 1_000_000  # deeper than any other heading: the next heading closes it
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


@dataclass
class _Page:
    number: int
    lines: list[str]
    width: float = 0.0
    height: float = 0.0
    # Per line, from the first character's loose box (0 when unknown): rendered size, top, left.
    sizes: list[float] = field(default_factory=list)
    tops: list[float] = field(default_factory=list)
    lefts: list[float] = field(default_factory=list)
    # Heading candidates only (short lines that read like a title): (bold, font name, centred).
    styles: dict[int, tuple[bool, str, bool]] = field(default_factory=dict)
    body_fonts: list[str] = field(default_factory=list)  # fonts of a few long lines
    marks: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # line -> headings opened before it
    skip: set[int] = field(default_factory=set)  # lines that are heading text, or noise
    common: float = 0.0  # the size of most of the page's measured text
    # Each line's offset in pdfium's text (lines end with \r\n), and whether text offsets are
    # pdfium's character indices (they are unless pdfium left characters out of the text).
    starts: list[int] = field(default_factory=list)
    aligned: bool = True
    footnotes: list[int] = field(default_factory=list)  # lines of footnotes, read after the page's text
    # line -> length of its bold run-in heading, and the font of the text after it
    run_ins: dict[int, tuple[int, str]] = field(default_factory=dict)


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfEncrypted("The PDF needs a password to open.") from None
        raise PdfUnreadable(f"The PDF could not be opened ({message}).") from None


@dataclass(frozen=True)
class _OutlineEntry:
    level: int
    title: str
    top: float | None  # the destination's y on the page, when the bookmark gives one
    left: float | None


def _outline(pdf: pdfium.PdfDocument) -> dict[int, list[_OutlineEntry]]:
    """page index -> bookmarks pointing there, unless they are generic 'Slide n'."""
    by_page: dict[int, list[_OutlineEntry]] = {}
    titles: list[str] = []
    try:
        for item in pdf.get_toc(max_depth=6):
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            title = clean_inline(item.get_title() or "")
            if dest is None or index is None or not title:
                continue
            titles.append(title)
            top, left = _dest_position(dest)
            by_page.setdefault(index, []).append(_OutlineEntry(item.level, title, top, left))
    except pdfium.PdfiumError:
        return {}
    if not titles or all(_GENERIC_OUTLINE.match(t) for t in titles):
        return {}
    return by_page


def _dest_position(dest: pdfium.PdfDest) -> tuple[float | None, float | None]:
    """(top, left) a bookmark scrolls to: /XYZ left top zoom, /FitH top, /FitBH top."""
    try:
        mode, params = dest.get_view()
    except pdfium.PdfiumError:
        return None, None
    if mode == pdfium_c.PDFDEST_VIEW_XYZ and len(params) >= 2:
        return (params[1] or None), (params[0] or None)  # 0 means "unchanged"
    if mode in (pdfium_c.PDFDEST_VIEW_FITH, pdfium_c.PDFDEST_VIEW_FITBH) and params:
        return (params[0] or None), None
    return None, None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    n = len(stripped)
    if not 3 <= n <= _MAX_HEADING_CHARS:
        return False
    first, last = stripped[0], stripped[-1]
    if last in ".,;:" or first.islower() or not (first.isalnum() or first in "([“\"'§"):
        return False  # a sentence's end, ", Barlas Oguz", "{emails}@…", "∗": not a title
    if stripped.isascii():  # ASCII letters kept by a byte-level delete: far cheaper than a loop
        letters = len(stripped.encode("ascii").translate(None, _ASCII_NON_LETTERS))
    else:
        letters = sum(map(str.isalpha, stripped))
    return letters >= 2 and 2 * letters >= n - stripped.count(" ")  # not "20 40 60 80 100"


def _heading_candidates(lines: list[str]) -> tuple[set[int], list[int]]:
    """Lines that could be headings (short, title-like and after a paragraph's end), and the
    lines that open a paragraph with a capital (where a run-in heading may stand).

    Inside a paragraph a line runs on into the next: that next line is never a heading.
    A line shorter than most on its page may end a paragraph (a last line, a caption, a label).
    """
    lengths = sorted(map(len, lines))
    short = _SHORT_LINE * lengths[len(lengths) // 2] if lengths else 0
    limit = _MAX_HEADING_CHARS + 2
    found: set[int] = set()
    openers: list[int] = []
    opens = True  # the line before ended a paragraph (or there is none): a heading may follow
    for i, line in enumerate(lines):
        if opens:
            if line[:1].isupper():
                openers.append(i)
            if len(line) <= limit and _looks_like_heading(line):
                found.add(i)
                continue  # a heading ends where it stands: a heading may follow it
        end = line.rstrip()[-1:]
        opens = not end or end in _PARAGRAPH_END or len(line) < short
    return found, openers


def _measure(
    textpage: pdfium.PdfTextPage, raw: str, lines: list[str], page: _Page, *, every_line: bool
) -> None:
    """Size, position and (for heading candidates) style of lines.

    One pdfium call for a line's first letter's box, made for lines that could be headings
    (short, unpunctuated), the first and last lines (running heads and feet) and a sample of
    the others (the body's size and the column margins are statistics), or
    for every line when bookmarks are placed by position. The few calls that tell bold and
    the font only for candidates not set smaller than most of the page.
    """
    handle = textpage.raw
    # The text can hold fewer characters than pdfium's list (it leaves some out): then each
    # text offset is mapped to its character, for the few offsets looked up.
    aligned = textpage.count_chars() == len(raw)
    char_index = pdfium_c.FPDFText_GetCharIndexFromTextIndex
    loose_box, weight_at, font_info = (
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetFontWeight,
        pdfium_c.FPDFText_GetFontInfo,
    )
    rect = pdfium_c.FS_RECTF()
    box = ctypes.byref(rect)
    name_buffer = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    flags = ctypes.c_int()
    flags_ref = ctypes.byref(flags)

    def at(offset: int) -> int:
        return offset if aligned else max(0, char_index(handle, offset))

    names: dict[bytes, str] = {}

    def font_name(index: int) -> str:
        font_info(handle, index, name_buffer, _FONT_NAME_BYTES, flags_ref)
        raw_name = name_buffer.value
        name = names.get(raw_name)
        if name is None:  # a page uses a few fonts: each name decoded once
            name = names[raw_name] = raw_name.decode("latin-1").split("+")[
                -1
            ]  # subset prefix "ABCDEF+" dropped
        return name

    bold_faces: dict[str, bool] = {}

    def bold(index: int, font: str | None = None) -> bool:
        if weight_at(handle, index) >= _BOLD_WEIGHT:
            return True
        face = font_name(index) if font is None else font
        if face not in bold_faces:  # some fonts declare no weight: "KoPubDotumBold" says 400
            bold_faces[face] = bool(_BOLD_FONT.search(face))
        return bold_faces[face]

    n = len(lines)
    # Unmeasured lines keep 0: filled in place, not appended line by line.
    sizes, tops, lefts = [0.0] * n, [0.0] * n, [0.0] * n
    page.sizes, page.tops, page.lefts = sizes, tops, lefts
    starts = list(accumulate([len(line) + 2 for line in lines], initial=0))  # pdfium ends lines with \r\n
    page.starts, page.aligned = starts, aligned
    heading_like, openers = _heading_candidates(lines)
    if every_line:  # bookmarks give the headings: every line measured, none styled
        heading_like = set()
        measured: Iterable[int] = range(n)
    else:
        # The page's ends, one line in _SAMPLE_EVERY and the candidates, in reading order.
        sampled = set(range(0, n, _SAMPLE_EVERY))
        sampled.update(range(min(_EDGE_SAMPLE, n)), range(max(0, n - _EDGE_SAMPLE), n), heading_like)
        measured = sorted(sampled)
    candidates: list[tuple[int, int]] = []  # line, its first letter
    longest: list[tuple[int, int]] = []
    weights: dict[float, int] = {}  # a plain dict: Counter's item access is slower
    alnum_at = _FIRST_ALNUM.search
    for i in measured:
        line = lines[i]
        # The first letter or digit: an opening bracket or a maths glyph has a box of its own size.
        if line[:1].isalnum():
            lead = 0
        else:
            match = alnum_at(line)
            if match is None:
                continue
            lead = match.start()
        first = starts[i] + lead if aligned else max(0, char_index(handle, starts[i] + lead))
        if not loose_box(handle, first, box):
            continue
        top = rect.top
        size = top - rect.bottom
        sizes[i] = size
        tops[i] = top
        lefts[i] = rect.left
        # One font at one size gives the same float: no rounding needed.
        weights[size] = weights.get(size, 0) + len(line)
        if i in heading_like:
            candidates.append((i, first))
        elif len(line) >= _BODY_SAMPLE_CHARS:
            longest.append((len(line), first))
    if not weights:
        return
    common = max(weights, key=weights.__getitem__)
    page.common = common
    for i, first in candidates:
        size = sizes[i]
        if size < common * _PAGE_TYPE_FLOOR:
            continue  # footnotes, captions, references: smaller than the page's text
        if size < common * _HEADING_MIN_RATIO and len(lines[i].split()) > _MAX_HEADING_WORDS:
            continue  # a long line in the text's type: never a heading
        last = at(starts[i] + len(lines[i].rstrip()) - 1)  # the line's last character
        font = font_name(first)
        # Bold to its end: a bold term opening a sentence does not make the line a heading.
        is_bold = bold(first, font) and (last == first or bold(last))
        right = rect.right if loose_box(handle, last, box) else lefts[i]
        page.styles[i] = (is_bold, font, _centred(lefts[i], right, page.width))
    for _, first in heapq.nlargest(_BODY_SAMPLES, longest):  # the longest lines: body text
        page.body_fonts.append(font_name(first))
    for i in openers:
        line = lines[i]
        if not bold(at(starts[i])):
            continue
        # The bold run: up to the first letter set in another type (spaces carry no weight).
        end = 1
        limit = min(len(line), _MAX_RUN_IN_CHARS + 1)
        while end < limit and (line[end] == " " or bold(at(starts[i] + end))):
            end += 1
        if _is_run_in(line, end):
            rest = end + len(line[end:]) - len(line[end:].lstrip())
            page.run_ins[i] = (end, font_name(at(starts[i] + rest)))


def _is_run_in(line: str, end: int) -> bool:
    """Whether ``line[:end]`` (bold) is a heading run into the paragraph after it.

    The bold words read like a title and end where a word ends; the text after them, in the
    body's type, opens a sentence (a capital) or follows a heading's colon or full stop.
    A bold term that is the sentence's own subject ("TriviaQA (Joshi et al., 2017) contains")
    or code ("def f(") runs on without a capital. The first line of a paragraph set wholly in
    bold is no run-in heading either (nothing follows the bold run on the line).
    """
    run = line[:end].rstrip()
    rest = line[end:].lstrip()
    if not rest or len(run) > _MAX_RUN_IN_CHARS:
        return False
    punctuated = run[-1] in _RUN_IN_ENDS
    if not (line[end - 1].isspace() or punctuated):
        return False  # the type changes inside a word
    title = run.rstrip(_RUN_IN_ENDS).rstrip()
    if len(title.split()) > _MAX_RUN_IN_WORDS or not _looks_like_heading(title):
        return False
    if any(map(str.isdigit, title)):
        return False  # "Figure 2:", "Table 1.", "Note 1 to paragraph (g):": a numbered item's label
    return rest[0].isupper() or (punctuated and rest[0].isalnum())


def _run_in_headings(pages: list[_Page]) -> None:
    """Run-in headings become headings below every other (the next heading of any level
    closes them), and their paragraph's first line starts where the sentence does.

    The text after the bold words is in the body's face: a bold label before code, italics
    or a formula is something else.
    """
    if not any(page.run_ins for page in pages):
        return
    body_font = Counter(f for page in pages for f in page.body_fonts).most_common(1)
    body_face = body_font[0][0] if body_font else ""
    for page in pages:
        if not page.run_ins:
            continue
        notes = set(page.footnotes)  # read after the page's text: a heading there would land mid-page
        for i, (end, font) in page.run_ins.items():
            if i in page.skip or i in notes or (body_face and font != body_face):
                continue
            line = page.lines[i]
            title = line[:end].strip().rstrip(_RUN_IN_ENDS).rstrip()
            page.marks.setdefault(i, []).append((_RUN_IN_LEVEL, title))
            page.lines[i] = line[end:].lstrip()


def _centred(left: float, right: float, width: float) -> bool:
    """Centred on the page, or on either half of it (a heading over one of two columns)."""
    if width <= 0:
        return False
    middle = (left + right) / 2
    tolerance = 0.04 * width
    return (
        abs(middle - width * 0.5) <= tolerance
        or abs(middle - width * 0.25) <= tolerance
        or abs(middle - width * 0.75) <= tolerance
    )


def _read_all_pages(
    path: Path, page_count: int, budget: TextBudget, warnings: list[str], *, every_line: bool = False
) -> list[_Page]:
    """Every page's text and measures, the document opened afresh for every _PAGES_PER_OPEN pages.

    pdfium keeps each object it parsed (fonts, content streams) until its document is closed,
    closing a page frees none of it: about 0.1 MB a page, 48 MB for a 500-page PDF, held by the
    parse child at the moment the worker service's memory is highest. Reopening bounds that at a
    window's worth for the cost of reading the cross-reference table again (milliseconds).
    """
    pages: list[_Page] = []
    for start in range(0, page_count, _PAGES_PER_OPEN):
        window = _open(path)
        try:
            indexes = range(start, min(page_count, start + _PAGES_PER_OPEN))
            pages += _read_pages(window, indexes, budget, warnings, every_line=every_line)
        finally:
            window.close()
    return pages


def _read_pages(
    pdf: pdfium.PdfDocument,
    indexes: range,
    budget: TextBudget,
    warnings: list[str],
    *,
    every_line: bool = False,
) -> list[_Page]:
    pages: list[_Page] = []
    for index in indexes:
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            warnings.append(f"page {index + 1} could not be read ({exc})")
            continue
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
                budget.add_text(raw)
                lines = normalize_newlines(raw).split("\n") if raw else []
                if raw.endswith("\r\n"):
                    lines = lines[:-1]
                current = _Page(number=index + 1, lines=lines, width=width, height=height)
                _measure(textpage, raw, lines, current, every_line=every_line)
                _drop_turned_edges(textpage, current)
                _find_footnotes(textpage, raw, current)
                _drop_note_marks(textpage, raw, current)
            finally:
                textpage.close()
        finally:
            page.close()
        pages.append(current)
    return pages


def _drop_turned_edges(textpage: pdfium.PdfTextPage, page: _Page) -> None:
    """A line at either end of the page's text set across the page (an arXiv identifier up the
    margin, a "Downloaded from …" stamp) is not the page's text: its letters are turned against
    those of the page's middle line."""
    lines, n = page.lines, len(page.lines)
    if n <= 2 * _HEADER_FOOTER_LINES:
        return
    handle = textpage.raw
    char_index = pdfium_c.FPDFText_GetCharIndexFromTextIndex

    def angle(i: int) -> float | None:
        match = _FIRST_ALNUM.search(lines[i])
        if match is None or i >= len(page.starts):
            return None
        index = page.starts[i] + match.start()
        index = index if page.aligned else char_index(handle, index)
        value = pdfium_c.FPDFText_GetCharAngle(handle, index) if index >= 0 else -1.0
        return float(value) if value >= 0 else None

    body = angle(n // 2)
    if body is None:
        return
    for i in (*range(_HEADER_FOOTER_LINES), *range(n - _HEADER_FOOTER_LINES, n)):
        turned = angle(i)
        if turned is not None:
            difference = abs(turned - body) % math.tau
            if min(difference, math.tau - difference) > _TURNED:
                page.skip.add(i)


def _find_footnotes(textpage: pdfium.PdfTextPage, raw: str, page: _Page) -> None:
    """Footnotes: from a line that opens with a note's number in type smaller than the page's
    text, in the lower half of the page, to the last line in that small type after it.

    Reading order puts a column's footnotes between its last line and the next column's first,
    which cuts a sentence running on from one to the other; the footnotes are read after the
    page's text instead.
    """
    lines = page.lines
    if page.common <= 0 or not any(line[:1].isdigit() or line[:1] in _NOTE_SIGNS for line in lines):
        return
    handle = textpage.raw
    aligned, starts = page.aligned, page.starts
    char_index = pdfium_c.FPDFText_GetCharIndexFromTextIndex
    rect = pdfium_c.FS_RECTF()
    box = ctypes.byref(rect)
    small = _FOOTNOTE_SIZE * page.common

    def letter_size(i: int, offset: int) -> float:
        index = starts[i] + offset
        index = index if aligned else char_index(handle, index)
        if index < 0 or not pdfium_c.FPDFText_GetLooseCharBox(handle, index, box):
            return 0.0
        return float(rect.top - rect.bottom)

    def measured(i: int) -> float:
        if page.sizes[i] > 0:
            return page.sizes[i]
        match = _FIRST_ALNUM.search(lines[i])
        if match is None or not (size := letter_size(i, match.start())):
            return 0.0
        page.sizes[i], page.tops[i], page.lefts[i] = size, rect.top, rect.left
        return size

    def glued_number(i: int) -> int | None:
        """The column of a note's number in small type ending the body line before line ``i``."""
        mark = _GLUED_NOTE_NUMBER.search(lines[i - 1]) if i > 0 else None
        if mark is None or not 0 < letter_size(i - 1, mark.start()) <= small:
            return None
        # raised over a word in body type ("mul-8"), not the end of a small-type line ("06AUP1"), nor
        # an exponent over a one-letter name ("H0"); and the note opens with a word, not a formula
        word = lines[i - 1][: mark.start()].rstrip("-\ufffe\u00ad")
        if not re.search(r"[^\W\d_]{2}$", word) or not _NOTE_TEXT.match(lines[i]):
            return None
        return mark.start() if letter_size(i - 1, len(word) - 1) > small else None

    i, n = 0, len(lines)
    while i < n:
        start = _FOOTNOTE_START.match(lines[i])
        glued = None if start is not None else glued_number(i)
        first = _FIRST_ALNUM.search(lines[i]) if glued is not None else None
        # The note's first letter, not its number (a superscript, smaller still), has its type.
        letter = start.end() - 1 if start is not None else first.start() if first is not None else None
        if letter is None or not 0 < letter_size(i, letter) <= small:
            i += 1
            continue
        measured(i)  # its position
        if page.height > 0 and page.tops[i] > page.height * _FOOTNOTE_AREA:
            i += 1
            continue  # small type high on the page: a caption, a table, a sidebar
        if glued is not None:
            lines[i - 1] = lines[i - 1][:glued]  # the mark, not a word of the running sentence
        end = i + 1
        while end < n and (not lines[end].strip() or 0 < measured(end) <= small):
            end += 1
        page.footnotes.extend(range(i, end))
        i = end


def _drop_note_marks(textpage: pdfium.PdfTextPage, raw: str, page: _Page) -> None:
    """Footnote and reference marks set as superscripts ("vectors10 ,", "법칙8)이나") left out.

    A candidate (a short number or a dagger after a word or its punctuation, or opening a
    footnote's own line) is a mark when pdfium places it smaller than the letter beside it
    and raised above that letter's baseline: an exponent after a one-letter name ("n3",
    "B2") and a subscript ("d1", lowered) stay.
    """
    if not raw:
        return
    handle = textpage.raw
    aligned, starts = page.aligned, page.starts
    char_index = pdfium_c.FPDFText_GetCharIndexFromTextIndex
    rect = pdfium_c.FS_RECTF()
    box = ctypes.byref(rect)

    def placed(offset: int) -> tuple[float, float] | None:
        """(bottom, top) of the character's loose box: its font's descent to ascent, placed."""
        index = offset if aligned else char_index(handle, offset)
        if index < 0 or not pdfium_c.FPDFText_GetLooseCharBox(handle, index, box):
            return None
        return rect.bottom, rect.top

    cuts: dict[int, list[tuple[int, int]]] = {}  # line -> (start, end) columns to cut
    for match in _NOTE_MARK.finditer(raw):
        start, end = match.span()
        reference = _mark_reference(raw, start, end)
        if reference is None:
            continue
        mark, beside = placed(start), placed(reference)
        if mark is None or beside is None:
            continue
        # A smaller glyph on the same baseline sits a little higher (its descent is smaller):
        # far less than a superscript's rise, and a subscript sits lower.
        height = beside[1] - beside[0]
        if mark[1] - mark[0] <= _MARK_SIZE * height and mark[0] - beside[0] >= _MARK_RISE * height:
            line = bisect.bisect_right(starts, start) - 1
            if 0 <= line < len(page.lines):
                column = start - starts[line]
                cuts.setdefault(line, []).append((column, column + end - start))
    for line, spans in cuts.items():
        text = page.lines[line]
        for begin, stop in reversed(spans):
            text = text[:begin] + text[stop:]
        page.lines[line] = text
        if not text.strip():
            page.skip.add(line)


def _mark_reference(raw: str, start: int, end: int) -> int | None:
    """The offset of the letter a candidate mark is compared with, or None if it cannot be a mark.

    After a word ("practice2 ,", "alert,5 and", "법칙8)이나"): the character before it. Opening
    a line and followed by a letter (a footnote's own number: "1The code …"): that letter. A
    number after a one-letter name ("n3", "B2") is an exponent, not a mark.
    """
    digits = end - start - (raw[end - 1] == ")")
    if digits > _MARK_MAX_DIGITS:
        return None
    before = raw[start - 1] if start else "\n"
    if before == "\n":  # opening a line
        reference = end
        while reference < len(raw) and raw[reference] in "\r\n ":
            reference += 1
        # "n", "3", ")" on three lines: an exponent, not a footnote's number
        return reference if reference < len(raw) and raw[reference].isalpha() else None
    if raw[end - 1] != ")":  # a bare number or dagger ends where the word or sentence goes on
        after = raw[end] if end < len(raw) else " "
        if not (after.isspace() or after in _MARK_FOLLOWERS):
            return None
        # punctuation that ends a sentence or clause, not a decimal point or a code ("AU20.010")
        if after in _MARK_FOLLOWERS and end + 1 < len(raw) and not raw[end + 1].isspace():
            return None
    if before.isalpha():
        if start >= 2 and not raw[start - 2].isalpha():
            return None  # a one-letter name
        return start - 1
    return start - 1 if before in _AFTER_WORD_PUNCTUATION else None


def _edge_lines(page: _Page) -> set[int]:
    """Lines in the top or bottom band of the page, or first/last in reading order."""
    n = len(page.lines)
    edge = set(range(min(_HEADER_FOOTER_LINES, n))) | set(range(max(0, n - _HEADER_FOOTER_LINES), n))
    if page.height > 0:
        band = _EDGE_BAND * page.height
        edge |= {i for i, top in enumerate(page.tops) if top and (top > page.height - band or top < band)}
    return edge


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def _drop_headers_footers(pages: list[_Page]) -> None:
    """Running heads and feet (edge lines repeated on many pages once digits are masked) and page numbers."""
    keys = [{i: _edge_key(page.lines[i]) for i in _edge_lines(page)} for page in pages]
    counts: Counter[str] = Counter()
    for page_keys in keys:
        counts.update(set(page_keys.values()) - {""})
    # Odd and even pages often carry different running heads: each is on about half the pages.
    threshold = max(2, math.ceil(_REPEATED_SHARE * len(pages)))
    repeated = {k for k, n in counts.items() if n >= threshold} if len(pages) >= 3 else set()
    for page, page_keys in zip(pages, keys, strict=True):
        for i, key in page_keys.items():
            if key in repeated or _PAGE_NUMBER_LINE.match(key):
                page.skip.add(i)
    # A title-like line that is the running head (a series name in the first page's masthead,
    # repeated as the head of the next pages) is chrome too, wherever it stands.
    if repeated:
        for page, page_keys in zip(pages, keys, strict=True):
            page.skip.update(
                i for i in page.styles if (page_keys.get(i) or _edge_key(page.lines[i])) in repeated
            )


def _drop_contents(pages: list[_Page]) -> None:
    """Contents, list-of-figures and index lines (page numbers, dot leaders) are not prose."""
    for page in pages:
        page.skip.update(toc_entries(page.lines))


def _body_size(pages: list[_Page]) -> float:
    weights: Counter[float] = Counter()
    for page in pages:
        skip, lines = page.skip, page.lines
        for i, size in enumerate(page.sizes):
            if size > 0 and i not in skip:
                weights[size] += len(lines[i])
    if not weights:
        return 0.0
    rounded: Counter[float] = Counter()
    for size, weight in weights.items():
        rounded[round(size, 1)] += weight
    return rounded.most_common(1)[0][0]


def _margins(pages: list[_Page]) -> list[float]:
    """x positions where many lines start: column margins (a figure's labels start anywhere)."""
    counts: Counter[int] = Counter()
    for page in pages:
        counts.update(map(round, filter(None, page.lefts)))  # 0: not measured
    total = sum(counts.values())
    return [float(x) for x, n in counts.items() if n >= _MARGIN_SHARE * total]


def _digit_share(line: str) -> float:
    chars = [ch for ch in line if not ch.isspace()]
    return sum(1 for ch in chars if ch.isdigit()) / len(chars) if chars else 0.0


def _next_text(page: _Page, i: int) -> str:
    return next((page.lines[k] for k in range(i + 1, len(page.lines)) if k not in page.skip), "")


def _font_headings(pages: list[_Page]) -> None:
    """Headings from type: larger than the body text, or bold (or another face) at body size.

    A heading also has to start at a column margin or be centred, which leaves out the
    labels and legends of figures (large type, anywhere on the page); a bold line over
    rows of figures is a table's head, not a heading.
    """
    body = _body_size(pages)
    if body <= 0:
        return
    body_font = Counter(f for page in pages for f in page.body_fonts).most_common(1)
    body_face = body_font[0][0] if body_font else ""
    margins = _margins(pages)
    # A bold line wider than the text's lines is a boxed summary or a callout, not a heading.
    lengths = sorted([len(text) for page in pages for text in map(str.strip, page.lines) if text])
    widest = _WIDER_THAN_BODY * lengths[len(lengths) // 2] if lengths else 0
    candidates: list[tuple[_Page, int, float, bool, bool]] = []  # page, line, size, bold, aligned
    for page in pages:
        for i, (bold, font, centred) in sorted(page.styles.items()):
            if i in page.skip:
                continue
            size = page.sizes[i]
            big = size >= body * _HEADING_MIN_RATIO
            styled = (
                size >= body * _BODY_RATIO_MIN
                and len(page.lines[i].split()) <= _MAX_HEADING_WORDS
                and len(page.lines[i].strip()) <= widest
                and (bold or (size >= body * _OTHER_FACE_RATIO and bool(body_face) and font != body_face))
                and _digit_share(_next_text(page, i)) < _TABLE_DIGIT_SHARE
            )
            if big or styled:
                left = page.lefts[i]
                aligned = centred or any(abs(left - m) <= _MARGIN_TOLERANCE for m in margins)
                candidates.append((page, i, size, bold, aligned))
    sizes = sorted({round(c[2], 1) for c in candidates if c[4]}, reverse=True)
    ranks = {s: r for r, s in enumerate(sizes, start=1)}
    for page, i, size, bold, aligned in candidates:
        title = page.lines[i].strip()
        previous = max((k for k in page.marks if k < i), default=None)
        # Consecutive heading lines in the same type are one wrapped heading (the second line
        # may be indented under the first one's text, so it need not sit on a margin).
        if (
            previous is not None
            and all(k in page.skip for k in range(previous, i))
            and page.styles[previous][0] == bold
            and round(page.sizes[previous], 1) == round(size, 1)
        ):
            level_prev, text = page.marks[previous][-1]
            if len(text) + len(title) <= _MAX_WRAPPED_HEADING:
                page.marks[previous][-1] = (level_prev, f"{text} {title}")
                page.skip.add(i)
                continue
        if not aligned:
            continue
        # Same type, same level; a numbered heading's depth orders it among those ("5" > "5.1").
        level = ranks[round(size, 1)] * 10 + max(1, _numbering_depth(title))
        page.marks.setdefault(i, []).append((level, title))
        page.skip.add(i)
    _title_first(pages)


def _title_first(pages: list[_Page]) -> None:
    """The document's title (its largest heading, once, on its first page) opens that page.

    Reading order can put a title set in a box after the first section's heading; the title
    still governs the whole document, not only the text after it.
    """
    first = next((page for page in pages if page.marks), None)
    if first is None or first is not pages[0]:
        return
    top_level = min(level for page in pages for marks in page.marks.values() for level, _ in marks)
    titles = [
        (i, k) for i, marks in first.marks.items() for k, (level, _) in enumerate(marks) if level == top_level
    ]
    others = sum(
        1 for page in pages for marks in page.marks.values() for level, _ in marks if level == top_level
    )
    if len(titles) != 1 or others != 1 or titles[0][0] == min(first.marks):
        return
    i, k = titles[0]
    title = first.marks[i].pop(k)
    if not first.marks[i]:
        del first.marks[i]
    first.marks.setdefault(0, []).insert(0, title)


def _numbering_depth(title: str) -> int:
    match = _NUMBERED_HEADING.match(title)
    return match.group(1).rstrip(".").count(".") + 1 if match else 0


def _normal(text: str) -> str:
    return " ".join(_LEADING_NUMBER.sub("", text).casefold().split())


def _outline_headings(pages: list[_Page], outline: dict[int, list[_OutlineEntry]]) -> None:
    """Bookmarks placed where they point: on the line with their title, else at their y position."""
    for page in pages:
        normal_lines = [_normal(line) for line in page.lines]
        for entry in outline.get(page.number - 1, []):
            wanted = _normal(entry.title)
            index = next(
                (i for i, line in enumerate(normal_lines) if line == wanted and i not in page.skip), None
            )
            if index is not None:
                page.skip.add(index)
            elif entry.top is not None and page.tops:
                index = _line_at(page, entry.top, entry.left)
            page.marks.setdefault(index if index is not None else 0, []).append((entry.level, entry.title))


def _outline_title(pages: list[_Page]) -> None:
    """The title a paper's bookmarks leave out: the largest type on its first page, above its first
    bookmark (wrapped onto the lines in the same type), made the heading over everything.

    Bookmarks list the sections ("1 Introduction", …) but rarely the title, so the sections would
    name no document, and a chunk would not know what the paper is about.
    """
    first = pages[0]
    levels = [level for page in pages for marks in page.marks.values() for level, _ in marks]
    body = _body_size(pages)
    if not levels or body <= 0 or any(level < min(levels) for level, _ in first.marks.get(0, [])):
        return
    end = min(min(first.marks, default=len(first.lines)), len(first.sizes))
    measured = [
        (round(first.sizes[i], 1), -i) for i in range(end) if i not in first.skip and first.sizes[i] > 0
    ]
    if not measured:
        return
    size, at = max(measured)
    start = -at
    if size < body * _HEADING_MIN_RATIO or not _looks_like_heading(first.lines[start]):
        return
    if any(
        i in first.skip and round(first.sizes[i], 1) > size and _looks_like_heading(first.lines[i])
        for i in range(start)
    ):
        return  # the title in larger type was dropped as the running head: what is left is a byline
    parts = [first.lines[start].strip()]
    k = start + 1
    while (
        k < end
        and k not in first.skip
        and round(first.sizes[k], 1) == size
        and first.lines[k].strip()
        and len(" ".join(parts)) + len(first.lines[k]) < _MAX_WRAPPED_HEADING
    ):
        parts.append(first.lines[k].strip())
        k += 1
    first.skip.update(range(start, k))
    first.marks.setdefault(start, []).insert(0, (min(levels) - 1, " ".join(parts)))


def _line_at(page: _Page, top: float, left: float | None) -> int | None:
    """The line a destination at (left, top) scrolls to: the highest at or below it, nearest in x."""
    below = [i for i, t in enumerate(page.tops) if t and t <= top + _DEST_TOLERANCE]
    if not below:
        return len(page.lines)  # below every line: the heading opens after the page's text
    return min(
        below, key=lambda i: (top - page.tops[i], abs(page.lefts[i] - left) if left is not None else 0)
    )


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"  # the precomposed syllables


def _spaced_word_ends(pages: list[_Page]) -> bool:
    """Korean lines end in a space where a word ends (some producers write it, others never do).

    Then a line ending in a syllable with no space breaks a word ("보" / "험금"), and the two
    lines join without one.
    """
    spaced = unspaced = 0
    for page in pages:
        if all(map(str.isascii, page.lines)):
            continue  # most pages: no syllable to look at
        for line, after in itertools.pairwise(page.lines):
            if after[:1] and _hangul(after[0]) and line.strip():
                if line[-1] == " " and _hangul(line.rstrip()[-1]):
                    spaced += 1
                elif _hangul(line[-1]):
                    unspaced += 1
    return spaced >= _MIN_SPACED_ENDS and spaced >= _SPACED_SHARE * (spaced + unspaced)


def _join_broken_words(lines: list[str]) -> list[str]:
    """Lines joined where a Korean word runs on from one to the next (no space before the break)."""
    out: list[str] = []
    for line in lines:
        if out and line[:1] and _hangul(line[0]) and out[-1][-1:] and _hangul(out[-1][-1]):
            out[-1] += line
        else:
            out.append(line)
    return out


def _flush(
    sections: list[Section],
    buffer: list[str],
    page: int,
    path: list[tuple[int, str]],
    join_words: bool = False,
) -> None:
    text = clean_text("\n".join(_join_broken_words(buffer) if join_words else buffer))
    if "\n" in text:
        text = _CONTINUED_LINE.sub("", text)
    buffer.clear()
    if text:
        sections.append(Section(text=text, source=SourceRef(page=page, heading=heading_tuple(path))))


def _sections(pages: list[_Page], join_words: bool = False) -> list[Section]:
    """Each page's lines in reading order, cut where a heading opens: text above a heading
    stays with the heading before it (on this page or an earlier one)."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []  # (level, title): the breadcrumb
    for page in pages:
        lines, skip, marks = page.lines, page.skip, page.marks
        notes = set(page.footnotes)
        if notes:  # read after the page's text: skipped where they stand
            skip = skip | notes
        buffer: list[str] = []
        start = 0
        # The lines between two heading positions in one go; a heading at i comes before line i.
        for cut in sorted(k for k in marks if k <= len(lines)):
            buffer.extend(lines[k] for k in range(start, cut) if k not in skip)
            start = cut
            for level, title in marks[cut]:
                _flush(sections, buffer, page.number, path, join_words)
                enter_heading(path, level, clean_inline(title))
        buffer.extend(lines[k] for k in range(start, len(lines)) if k not in skip)
        _flush(sections, buffer, page.number, path, join_words)
        if notes:
            buffer.extend(lines[k] for k in page.footnotes if k not in page.skip)
            _flush(sections, buffer, page.number, path, join_words)
    return sections


def parse_pdf(path: Path, limits: ParseLimits) -> ParsedDocument:
    budget = TextBudget(limits)
    warnings: list[str] = []
    pdf = _open(path)
    try:
        page_count = len(pdf)
        budget.check_pages(page_count)
        outline = _outline(pdf)
        title = (pdf.get_metadata_value("Title") or "").strip() or None
        meta_author = pdf.get_metadata_value("Author") or ""
    finally:
        pdf.close()
    pages = _read_all_pages(path, page_count, budget, warnings, every_line=bool(outline))
    if not pages:
        raise PdfUnreadable("No page of the PDF could be read.")
    author = _printed_author(meta_author, pages[0])
    _check_text_layer(path, pages, page_count, warnings)
    _drop_headers_footers(pages)
    _drop_contents(pages)
    if outline:
        _outline_headings(pages, outline)
        _outline_title(pages)
    else:
        _font_headings(pages)
    _run_in_headings(pages)
    sections = _sections(pages, join_words=_spaced_word_ends(pages))
    return ParsedDocument(
        kind=DocumentKind.PDF,
        sections=sections,
        page_count=page_count,
        title=clean_inline(title) if title else _first_page_title(sections),
        author=author,
        warnings=warnings,
    )


# A person's name as a PDF's metadata may hold it: two or three capitalised words ("Jane Marlow",
# "Mary A. Smith"), nothing else.
_PERSON_NAME_RE = re.compile(r"^[A-Z][\w'’\-]*\.?(?:\s+[A-Z][\w'’\-]*\.?){1,2}$")
# What office software writes into the field instead of a writer: the program, the PC's account.
_SOFTWARE_WORDS_RE = re.compile(
    r"\b(?:microsoft|word|windows|user|admin|administrator|owner|office|adobe|acrobat|pdf|writer|"
    r"libreoffice|openoffice|latex|tex|scanner|printer|default|unknown)\b",
    re.I,
)


def _printed_author(meta: str, first: _Page) -> str | None:
    """The PDF's author from its metadata only when it is plainly a person's name that the first
    page prints too (a by-line, a title slide's "Jane Marlow"). The field otherwise holds whoever
    made the file ("Windows User", "jsmith", "Microsoft Word - essay.doc"), and a claim pinned on
    them would be a false fact: "the author" is the better card."""
    name = author_name(clean_inline(meta))
    if not name or not _PERSON_NAME_RE.match(name) or _SOFTWARE_WORDS_RE.search(name):
        return None
    printed = " ".join(" ".join(first.lines).split())
    return name if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", printed) else None


def _first_page_title(sections: list[Section]) -> str | None:
    """The title of a PDF whose metadata has none (TeX leaves "Title" empty): the heading every
    section of its first page sits under ("Libtasn1" over a manual's title page), which the outline or
    the first page's largest type made the top heading. Without it the cards of such a manual named
    nothing ("The library itself should be portable to any C89 system"). A numbered heading
    ("1 Introduction") is a chapter's, not the document's."""
    first = [s for s in sections if s.source.page == 1 and s.source.heading]
    if not first:
        return None
    top = first[0].source.heading[0]
    if _NUMBERED_HEADING.match(top) or _GENERIC_OUTLINE.match(top):
        return None
    if any(s.source.heading[0] != top for s in sections if s.source.heading):
        return None  # several top headings: the first is a chapter's or a section's, no title
    return top


def _check_text_layer(path: Path, pages: list[_Page], page_count: int, warnings: list[str]) -> None:
    chars = [sum(map(len, map(str.strip, page.lines))) for page in pages]
    total = sum(chars)
    if total < _MIN_TEXT_CHARS * max(page_count, 1):
        if total == 0 and not _has_eof_marker(path):
            raise PdfUnreadable("The PDF is truncated and no text could be recovered from it.")
        raise NoTextLayer(f"The PDF has almost no text ({total} characters on {page_count} pages).")
    with_text = sum(1 for n in chars if n >= _MIN_TEXT_CHARS)
    if with_text < 0.8 * len(pages):
        warnings.append(f"{len(pages) - with_text} of {len(pages)} pages have no text layer (scanned?)")


def _has_eof_marker(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 2048))
        return b"%%EOF" in fh.read()
