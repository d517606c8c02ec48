"""Headings of plain text, which has no markup: the ways books and READMEs write them.

Recognised, each on a block of its own (blank lines around it):

* a chapter line: ``CHAPTER I.``, ``Book Two``, ``PART 3: The Return`` (a title may follow on
  the same line, the next lines of the block, or the next block);
* a Roman numeral alone (``I``, ``XIV.``) followed by a title in capitals, as Project Gutenberg
  books of lectures and essays number their chapters, or with a short title on its line
  (``II. Papa se fâche.``), or alone;
* a numbered section title in title case (``2. Basic Permissions``, ``3.1. Message Types``);
* a Setext-style title, underlined (``=====`` or ``-----``, optionally overlined too);
* a short line in capitals that is not a sentence (``PREFACE``, ``LIST OF NOTES``).

Never a heading: a line of a paragraph or of a poem (a block of more lines, or mixed case), a
table row (columns apart), an indented line in capitals (a signature, a song's title in a quoted
verse), a line ending like a sentence part (comma, colon, semicolon), or a numeral followed by
anything but a title (an index letter, a poem's stanza number).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Parts hold chapters; every other numbered division is a chapter.
_PART_WORDS = "book|part|act|volume|vol\\."
_CHAPTER_WORDS = "chapter|lecture|section|canto|letter|appendix|essay|lesson|scene"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    "|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh"
    "|eighth|ninth|tenth|last"
)
_ROMAN = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_CHAPTER_RE = re.compile(
    rf"^\s*(?P<word>(?:{_PART_WORDS}|{_CHAPTER_WORDS}))\s+(?P<number>(?=[IVXLCDM\d])(?:{_ROMAN}|\d{{1,3}})"
    rf"|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?)\b\.?"
    r"(?:\s*(?:[.:—–]|--?)\s*(?P<title>\S.*?))?\s*$",
    re.I,
)
_NUMERAL_RE = re.compile(rf"^\s*(?P<number>(?=[IVXLC])(?:{_ROMAN}))\.?\s*$")
_NUMBERED_TITLE_RE = re.compile(rf"^\s*(?P<number>(?=[IVXLC])(?:{_ROMAN}))\.\s+(?P<title>[^\W\d_].*?)\.?\s*$")
# "2. Basic Permissions", "3.1.  Message Types": a section number, then a title.
_SECTION_NUMBER_RE = re.compile(
    r"^ {0,3}(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[^\W\d_].*?)\.?\s*$"
)
# Front and back matter: chapter-level, so the first chapter closes them.
_MATTER_RE = re.compile(
    r"^(?:preface|foreword|introduction|contents|table of contents|index|glossary|bibliography|notes"
    r"|footnotes|epilogue|prologue|afterword|appendix|acknowledge?ments?|dedication)\.?$",
    re.I,
)
_UNDERLINE_RE = re.compile(r"^\s*(?:={3,}|-{3,}|~{3,})\s*$")
_COLUMN_GAP_RE = re.compile(r"\S\s{3,}\S")
_LETTER_RE = re.compile(r"[^\W\d_]")
# Words of a title in capitals kept lower case when re-cased (not the first word).
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or"}
    | {"per", "the", "to", "vs", "via", "with"}
)
# Longer words a title in title case may leave in lower case ("Revised Versions of this License").
_MINOR_WORDS = frozenset({"from", "into", "onto", "over", "than", "that", "this", "upon", "with", "within"})
_WORD_RE = re.compile(r"[^\W\d]+(?:['’][^\W\d_]+)?")
_MAX_TITLE_WORDS = 14
_MAX_TITLE_CHARS = 80
_MAX_CAPS_INDENT = 3  # deeper: a signature or a quoted song's title, not a heading


@dataclass(frozen=True)
class TextHeading:
    """A heading found at the start of a block.

    ``level`` 1 for parts and ``=`` titles, 2 for chapters, ``-`` titles and front or back
    matter, 3 for other lines in capitals; a numbered section one deeper per number.
    ``lines`` is how many lines of the block the heading takes (the rest is body);
    ``takes_next`` says the title is the next block, which is then no body either.
    """

    title: str
    level: int
    lines: int
    takes_next: bool = False


def _letters(text: str) -> list[str]:
    return _LETTER_RE.findall(text)


def _mostly_capitals(text: str, share: float) -> bool:
    letters = [c for c in _letters(text) if c.lower() != c.upper()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= share * len(letters)


def _capitals_first(text: str) -> bool:
    """Its first word and at least half its words are in capitals: "OPERA (Continued)"."""
    words = [w for w in _WORD_RE.findall(text) if len(w) > 1 or w.isupper()]
    capitals = [w for w in words if w.isupper()]
    return bool(words) and words[0].isupper() and 2 * len(capitals) >= len(words)


def _title_like(lines: Sequence[str]) -> bool:
    """One or two short lines that read as a title, not a sentence or a row of a table."""
    if not 1 <= len(lines) <= 2:
        return False
    text = " ".join(line.strip() for line in lines)
    if not text or len(text) > _MAX_TITLE_CHARS * len(lines) or len(text.split()) > _MAX_TITLE_WORDS:
        return False
    if any(_COLUMN_GAP_RE.search(line.strip()) for line in lines):
        return False
    if text[-1] in ",;:!?" or not _letters(text):
        return False
    # A full stop ends a sentence, unless the title is in capitals ("THE GAMUT.").
    return not text.endswith(".") or _mostly_capitals(text, 0.9)


def _caps_line_heading(block: Sequence[str]) -> bool:
    if not _title_like(block) or not _mostly_capitals(" ".join(block), 0.95):
        return False
    if any(len(line) - len(line.lstrip()) > _MAX_CAPS_INDENT for line in block):
        return False
    text = " ".join(line.strip() for line in block)
    return len(_letters(text)) >= 3 and not _NUMERAL_RE.match(text)


def recase(title: str) -> str:
    """A title written in capitals in title case ("THE MUSIC OF GREECE" → "The Music of Greece").

    Only words in capitals are re-cased ("OPERA (Continued)", "SONG vs. SPEECH"), and only in a
    title mostly in capitals; Roman numerals stay in capitals.
    """
    if not _capitals_first(title):
        return title
    out: list[str] = []
    last = 0
    for match in _WORD_RE.finditer(title):
        word = match.group()
        between = title[last : match.start()]
        first = not out or bool(re.search(r"[:.—–]|--", between))
        out.append(between)
        if re.fullmatch(r"[IVX]{2,}", word) or not word.isupper() or "_" in word:  # TS_OPTS
            out.append(word)
        elif not first and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        elif len(word) > 2 and word[1] in "'’":  # D'AREZZO, O'NEILL
            out.append(word[:2] + word[2].upper() + word[3:].lower())
        else:
            out.append(word[0] + word[1:].lower())
        last = match.end()
    out.append(title[last:])
    return "".join(out)


def _join(lines: Sequence[str]) -> str:
    """The title of heading lines, without the full stop some books end their titles with."""
    title = " ".join(line.strip() for line in lines)
    if re.search(r"[^\W\d_]{3}\.$", title):
        title = title[:-1]
    return recase(title)


def _chapter(block: Sequence[str], following: Sequence[str]) -> TextHeading | None:
    match = _CHAPTER_RE.match(block[0])
    if not match or not 1 <= len(block) <= 3:
        return None
    level = 1 if re.fullmatch(_PART_WORDS, match["word"], re.I) else 2
    label = recase(" ".join(block[0].split()[:2]).rstrip(".:"))
    if match["title"]:
        if len(block) > 1:
            return None
        return TextHeading(f"{label}. {recase(match['title'].strip())}", level, 1)
    if len(block) > 1:
        if not _title_like(block[1:]):
            return None
        return TextHeading(f"{label}. {_join(block[1:])}", level, len(block))
    if following and _title_like(following) and not _CHAPTER_RE.match(following[0]):
        return TextHeading(f"{label}. {_join(following)}", level, 1, takes_next=True)
    return TextHeading(label, level, 1)


def _numeral(block: Sequence[str], following: Sequence[str]) -> TextHeading | None:
    """A Roman numeral over a title in capitals, or alone (then it is the heading itself)."""
    match = _NUMERAL_RE.match(block[0])
    if not match:
        return _numbered_title(block)
    title_lines = block[1:] if len(block) > 1 else following
    if not _title_like(title_lines) or not _capitals_first(" ".join(title_lines)):
        return TextHeading(match["number"], 2, 1) if len(block) == 1 else None
    return TextHeading(f"{match['number']}. {_join(title_lines)}", 2, len(block), takes_next=len(block) == 1)


def _numbered_title(block: Sequence[str]) -> TextHeading | None:
    """One line "II. Papa se fâche." or "VIII. Paul est guéri, mais comment?": numeral and short title."""
    match = _NUMBERED_TITLE_RE.match(block[0])
    if len(block) != 1 or not match:
        return None
    title = match["title"].strip()
    if len(title.split()) > _MAX_TITLE_WORDS // 2 or _COLUMN_GAP_RE.search(title) or title[-1] in ",;:":
        return None
    return TextHeading(f"{match['number']}. {recase(title)}", 2, 1)


def _setext(block: Sequence[str]) -> TextHeading | None:
    if len(block) >= 3 and _UNDERLINE_RE.match(block[0]) and _UNDERLINE_RE.match(block[2]):
        title_at, used = 1, 3
    elif len(block) >= 2 and _UNDERLINE_RE.match(block[1]):
        title_at, used = 0, 2
    else:
        return None
    title = block[title_at].strip()
    underline = block[title_at + 1].strip()
    if not _title_like([title]) or _UNDERLINE_RE.match(title) or len(underline) < len(title) / 2:
        return None
    return TextHeading(recase(title), 1 if underline[0] == "=" else 2, used)


def _numbered_section(block: Sequence[str]) -> TextHeading | None:
    """A numbered section title in title case ("2. Basic Permissions."), deeper the more numbers.

    A numbered list item is a sentence ("1. Install the package."), so every longer word of
    the title (but "this", "with", …) must be capitalised; a full stop may end the title, as
    licences write it ("0. Definitions.").
    """
    match = _SECTION_NUMBER_RE.match(block[0]) if len(block) == 1 else None
    if not match or _COLUMN_GAP_RE.search(match["title"]) or not _title_like([match["title"]]):
        return None
    words = [w for w in _WORD_RE.findall(match["title"]) if len(w) > 3]
    if not words or len(match["title"].split()) > 8:
        return None
    if not all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words):
        return None
    depth = match["number"].count(".") + 1
    return TextHeading(f"{match['number']}. {recase(match['title'])}", depth + 1, 1)


def block_heading(block: Sequence[str], following: Sequence[str] = ()) -> TextHeading | None:
    """The heading that ``block`` (a run of non-blank lines) opens, or None.

    ``following`` is the next block, where a chapter line's or a numeral's title may be.
    """
    if not block:
        return None
    found = (
        _setext(block) or _chapter(block, following) or _numeral(block, following) or _numbered_section(block)
    )
    if found:
        return found
    if _caps_line_heading(block):
        title = _join(block)
        return TextHeading(title, 2 if _MATTER_RE.match(title) else 3, len(block))
    return None


#: Lines a book's title page may hold between its title and its first chapter ("by Lewis Carroll").
_BYLINE_RE = re.compile(r"^\s*(?:by|written by|translated by)\s+\S", re.I)


def leading_title(lines: Sequence[str]) -> str | None:
    """A plain-text book's title: its first line, alone and short like a title ("THE SNOW QUEEN"),
    when the next block (or the one after a byline, "by Hans Christian Andersen") opens its first
    chapter ("CHAPTER I."); re-cased when in capitals. None otherwise: a first line before prose
    may be anything."""
    blocks: list[list[str]] = []
    for line in lines[:40]:
        if line.strip():
            if not blocks or not blocks[-1]:
                blocks.append([])
            blocks[-1].append(line)
        elif blocks and blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) < 2 or len(blocks[0]) != 1 or not _title_like(blocks[0]):
        return None
    title = blocks[0][0].strip()
    if _CHAPTER_RE.match(title) or _MATTER_RE.match(title) or _NUMERAL_RE.match(title):
        return None
    rest = blocks[1:]
    if _BYLINE_RE.match(rest[0][0]) and len(rest[0]) <= 2:
        rest = rest[1:]
    if not rest or not _CHAPTER_RE.match(rest[0][0]):
        return None
    return _join([title])
