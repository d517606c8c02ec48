"""Text that is in a document but is not its content: tables of contents, indexes, e-book wrappers.

Parsers drop what these functions find, so no generator ever sees it: a contents line
("Le Petit Poucet (suite) ..... 47") or a licence paragraph made into a flashcard is noise
whatever the generator does with it. Each test is generic (the shape of the lines, the
markers e-book producers write), never a list of particular documents' words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from documents.model import Section

# A line ending in a page number (arabic, or roman for front matter), with or without dot
# leaders; a sentence ending in a number has a full stop after it, a contents line does not.
_TOC_ENTRY = re.compile(r"^\S.{0,150}?(?:\s|\.|…)(\d{1,4}|[ivxlc]{1,7})$", re.I)
# Dot leaders between an entry and its page number: a contents or list-of-figures line for sure.
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}$|(?:…\s?){2,}\s*\d{1,4}$|(?:·\s?){4,}\s*\d{1,4}$")
# "Anatidae, 12, 45–47": a term and its page numbers.
_INDEX_ENTRY = re.compile(
    r"^[^\W\d].{0,80}?,\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?)*\.?$"
)
_PAGE_NUMBER = re.compile(r"(\d{1,4})\.?$")
_ROMAN = frozenset("ivxlcIVXLC")
_NUMBER_END = _ROMAN | {"."}  # or a digit: what a line ending in a page number can end with
_MIN_ENTRIES = 3
_TOC_SHARE = 0.6  # of a block's lines that are entries
_INDEX_MIN_ENTRIES = 3
_INDEX_SHARE = 0.6
_ORDERED_SHARE = 0.8  # of consecutive entries whose page numbers do not go down

# Project Gutenberg's markers around the book; its licence and notes sit outside them.
_GUTENBERG_START = re.compile(r"^\s*\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG", re.I)
_GUTENBERG_END = re.compile(
    r"^\s*(\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG|End of (the )?Project Gutenberg'?s?\b)", re.I
)

# Credits and notes an e-book's producer adds before or after the text.
_PRODUCER_NOTE = re.compile(
    r"^\s*\[?\s*(produced by|e-?text prepared by|this e-?book was produced by|transcriber'?s? notes?\b|"
    r"\[?e-?book #\d+\]?|release date:|posting date:|last updated:|character set encoding:)",
    re.I,
)
# A transcriber's account of the e-text's typography: "Italic text is represented by _underscores_",
# "Words in bold are shown as =word=", "Text in small capitals has been rendered in CAPITALS".
_TYPOGRAPHY_NOTE = re.compile(
    r"^\s*(?:\[\s*)?(?:(?:the\s+)?(?:text|words?|passages?|phrases?)\s+(?:printed\s+)?in\s+)?"
    r"(?:italics?|bold(?:face)?|small\s+cap(?:ital)?s|emphasi[sz]ed|underlined|gesperrt|spaced(?:-out)?)"
    r"(?:\s+(?:text|type|words?))?\s+(?:is|are|has\s+been|have\s+been)\s+"
    r"(?:represented|shown|marked|indicated|rendered|enclosed|transcribed|printed)\b",
    re.I,
)
# A heading that opens a transcriber's notes section ("TRANSCRIBER'S NOTES", "Transcriber's Note:"),
# also as French, German and Spanish e-texts title it ("Au lecteur.", "Note du transcripteur",
# "Anmerkungen zur Transkription", "Nota del transcriptor").
_TRANSCRIBER_HEADING = re.compile(
    r"^\s*\[?\s*(?:transcriber'?s?\s+notes?|au\s+lecteur|notes?\s+(?:du\s+transcripteur|de\s+transcription)"
    r"|(?:anmerkungen?|hinweise?)\s+zur\s+transkription|notas?\s+del\s+transcriptor)\s*[:.\]]?\s*$",
    re.I,
)
# A transcriber's note in brackets inside the text: "[Transcriber's Note: a word was missing.]"
_INLINE_TRANSCRIBER_NOTE = re.compile(r"\s*\[\s*transcriber'?s?\s+notes?\s*:[^\]]*\]", re.I)
#: Blank lines that end a transcriber's notes section in a plain-text e-book: the book's own
#: parts are set apart by runs of blank lines, the notes' paragraphs by one.
NOTES_END_BLANK_LINES = 3


def is_producer_note(text: str) -> bool:
    """A paragraph of e-book production credits, metadata or typography notes.

    "Produced by …", "Release Date: …", "Italic text is represented by _underscores_".
    """
    return bool(_PRODUCER_NOTE.match(text) or _TYPOGRAPHY_NOTE.match(text))


def opens_transcriber_notes(text: str) -> bool:
    """A paragraph that is only the heading of a transcriber's notes section."""
    return bool(_TRANSCRIBER_HEADING.match(text))


def drop_inline_transcriber_notes(text: str) -> str:
    """Bracketed transcriber's notes inside a paragraph left out."""
    return _INLINE_TRANSCRIBER_NOTE.sub("", text) if "[" in text else text


def is_leader_line(line: str) -> bool:
    """A contents line with dot leaders ("Introduction ........ 3")."""
    return bool(_LEADERS.search(line.strip()))


def _ordered(numbers: Sequence[int]) -> bool:
    if len(numbers) < 2:
        return False
    rising = sum(1 for a, b in itertools.pairwise(numbers) if b >= a)
    return rising >= _ORDERED_SHARE * (len(numbers) - 1)


def _ends_numbered(line: str) -> bool:
    """The line's last word is a page number, arabic or roman ("Zither, 33.", "Preface xi")."""
    last = line[-2] if line[-1] == "." and len(line) > 1 else line[-1]
    if not (last.isdigit() or last in _ROMAN):
        return False
    word = line.rsplit(None, 1)[-1].rstrip(".")
    return word.isdigit() or (word[-1:].isdigit()) or (0 < len(word) <= 7 and set(word) <= _ROMAN)


def toc_entries(lines: Sequence[str]) -> set[int]:
    """Indices of the lines that are contents or index entries, when the block is one.

    A block is a table of contents when most of its lines end in a page number and those
    numbers rise; an index when most lines are a term followed by page numbers. Lines with
    dot leaders are entries wherever they are.
    """
    stripped = [line.strip() for line in lines]
    # Only lines ending in a page number can be entries: a cheap test first, which most
    # blocks (every page of prose) fail on all but a line or two.
    # The line's last character decides most lines before any call (its test is _ends_numbered's own).
    numbered = [
        i
        for i, line in enumerate(stripped)
        if line and (line[-1] in _NUMBER_END or line[-1].isdigit()) and _ends_numbered(line)
    ]
    if not numbered:
        return set()
    found = {i for i in numbered if is_leader_line(stripped[i])}
    if len(numbered) < _MIN_ENTRIES:
        return found
    filled = [i for i, line in enumerate(stripped) if line]
    toc = [i for i in numbered if _TOC_ENTRY.match(stripped[i])]
    if len(toc) >= _MIN_ENTRIES and len(toc) >= _TOC_SHARE * len(filled):
        numbers = [int(m.group(1)) for i in toc if (m := _PAGE_NUMBER.search(stripped[i]))]
        if _ordered(numbers):
            found.update(toc)
    index = [i for i in numbered if _INDEX_ENTRY.match(stripped[i])]
    if len(index) >= _INDEX_MIN_ENTRIES and len(index) >= _INDEX_SHARE * len(filled):
        found.update(index)
    return found


def is_toc_block(lines: Sequence[str]) -> bool:
    """Most of the block's lines are contents or index entries."""
    filled = sum(1 for line in lines if line.strip())
    return filled > 0 and len(toc_entries(lines)) >= _TOC_SHARE * filled


def ebook_body(lines: Sequence[str]) -> tuple[int, int]:
    """The [start, end) line range of an e-book's own text inside its producer's wrapper.

    Project Gutenberg files open with a header (title, release date, ebook number, licence
    note) and close with the full licence; the book is between the START and END markers.
    A file without the markers is returned whole.
    """
    start, end = 0, len(lines)
    for i, line in enumerate(lines):
        if _GUTENBERG_START.match(line):
            start = i + 1
            break
    for i in range(start, len(lines)):
        if _GUTENBERG_END.match(lines[i]):
            end = i
            break
    return start, end


_HEADER_TITLE_RE = re.compile(r"^Title:\s+(?P<title>\S.*?)\s*$")


def ebook_title(lines: Sequence[str]) -> str | None:
    """The book's title its producer's header gives ("Title: Entre Nous"; the subtitle on the
    indented lines after it is left out), or None for a file without that header."""
    start, _ = ebook_body(lines)
    for line in lines[: start if start else 0]:
        match = _HEADER_TITLE_RE.match(line)
        if match:
            return match["title"]
    return None


_HEADER_AUTHOR_RE = re.compile(r"^(?:Author|Authors|By):\s+(?P<author>\S.*?)\s*$")
# Words an author field holds when it names no one ("Author: Various", "Anonymous").
_NO_ONE = frozenset(["various", "anonymous", "anon", "anon.", "unknown", "n/a", "none", "editor", "editors"])
# "Carroll, Lewis, 1832-1898": a catalogue's inverted name and the writer's dates.
_INVERTED_NAME_RE = re.compile(
    r"^(?P<last>[^,\d]+),\s*(?P<first>[^,\d]+?)(?:,\s*[\d?][\d?\s.\-–]*(?:BC|AD)?)?$"
)
_MAX_AUTHOR_WORDS = 8


def author_name(text: str | None) -> str | None:
    """``text`` as a person's name a card can say ("According to Edward MacDowell"), or None when it
    names no one: empty, "Various", an address or a web link, a sentence's worth of words. A
    catalogue's "Carroll, Lewis, 1832-1898" reads "Lewis Carroll"."""
    name = " ".join((text or "").split()).strip(" .;,")
    if inverted := _INVERTED_NAME_RE.match(name):
        name = f"{inverted['first'].strip()} {inverted['last'].strip()}"
    if not name or name.casefold() in _NO_ONE or len(name.split()) > _MAX_AUTHOR_WORDS:
        return None
    if any(ch.isdigit() for ch in name) or "@" in name or "://" in name or not name[:1].isupper():
        return None
    if re.search(r"\w\.[a-z]{2,4}\b", name):  # a file's or a site's name ("x.doc", "example.com")
        return None
    return name


def ebook_author(lines: Sequence[str]) -> str | None:
    """The book's author its producer's header gives ("Author: Edward MacDowell"), or None for a file
    without that header (or one naming no one, "Author: Various")."""
    start, _ = ebook_body(lines)
    for line in lines[: start if start else 0]:
        match = _HEADER_AUTHOR_RE.match(line)
        if match:
            return author_name(match["author"])
    return None


# Licences a document carries (a manual's GNU FDL appendix, a README's licence section, a
# GPL header): names of the common ones, and the words a licence heading is made of.
_LICENCE_NAME = (
    r"(?:gnu\s+)?(?:free\s+documentation|(?:lesser\s+|library\s+|affero\s+)?general\s+public)\s+licen[cs]e"
    r"|g?fdl|[al]?gpl(?:[\s-]*v?\d(?:\.\d)?)?|creative\s+commons(?:\s+[\w.-]+){0,6}"
    r"|(?:apache|mit|x11|isc|bsd(?:[\s-]+\d-clause)?|mozilla\s+public|eclipse\s+public|open\s+publication)"
    r"\s+licen[cs]e"
)
_LICENCE_HEADING = re.compile(
    r"^(?:(?:appendix|annex|anhang|annexe)\s+[\w.]{1,4}[.:]?\s*[-–—:]?\s*|[\dA-Z]{1,3}(?:\.\d+)*\.?\s+)?"
    rf"(?:the\s+)?(?:{_LICENCE_NAME}|licen[cs]e|licen[cs]ing|copying(?:\s+conditions)?|legal\s+notices?"
    r"|copyright(?:\s+(?:and|&)\s+licen[cs]e|\s+notice)?|terms\s+of\s+use)s?"
    r"(?:\s*,?\s*(?:version\s+)?v?\d+(?:\.\d+)*)?(?:\s*\([^)]{0,40}\))?"
    r"(?:\s+(?:agreement|notice|terms|text|information))?\.?$",
    re.I,
)
# A named licence on a line of its own: the title of a licence's full text.
_LICENCE_TITLE = re.compile(rf"^\s*(?:the\s+)?(?:{_LICENCE_NAME})s?\b", re.I)
# What a licence's own text opens with, or grants and disclaims (lower case, "licence" spelt
# "license"): plain substrings, far cheaper than a case-blind pattern over every section.
_LICENCE_PHRASES = (
    "permission is granted to copy",
    "permission is hereby granted",
    "is free software; you can redistribute",
    "is free software: you can redistribute",
    "everyone is permitted to copy and distribute verbatim",
    "licensed under the terms of",
    "released under the terms of",
    "distributed under the terms of",
    "licensed under the apache",
    "licensed under the mit",
    "licensed under the bsd",
    "licensed under the gnu",
    "licensed under a creative commons",
    "licensed under the creative commons",
    "redistribution and use in source and binary forms",
    'provided "as is"',
    "provided “as is”",
    "without any warranty; without even the implied warranty",
    "the purpose of this license is",
)
# Every phrase above holds one of these.
_LICENCE_KEYS = ("licen", "permi", "redistribut", "as is", "warrant")
#: A section is licence text when a licence phrase opens it (within this many characters):
#: prose that mentions its code's licence in passing is not.
LICENCE_OPENING_CHARS = 400
# Words every paragraph of a licence's text uses; a paragraph with none has left the licence.
_LICENCE_WORDS = re.compile(
    r"licen[cs]|copy|distribut|warrant|permission|modif|terms|condition|notice|rights|patent|"
    r"liab|section|version|document|program|software|work",
    re.I,
)
_SHORT_TITLE_WORDS = 8


def is_licence_heading(title: str) -> bool:
    """A heading naming a licence or a licensing section ("Appendix C. GNU Free Documentation License")."""
    return bool(_LICENCE_HEADING.match(" ".join(title.split())))


def is_licence_text(text: str) -> bool:
    """A block that opens with a licence's grant, conditions or disclaimer."""
    head = text[:LICENCE_OPENING_CHARS].lower()
    if not any(key in head for key in _LICENCE_KEYS):  # most sections: nothing of a licence
        return False
    head = " ".join(head.split()).replace("licenc", "licens")
    return any(phrase in head for phrase in _LICENCE_PHRASES)


def drop_licences(sections: Sequence[Section]) -> list[Section]:
    """Sections that are licence text left out: under a licence heading, or opening with a grant.

    Formats without headings (plain text) give a licence's title as a paragraph of its own:
    the paragraphs after it belong to the licence while they still speak its language.
    """
    kept: list[Section] = []
    in_licence = False
    licence_paths: dict[tuple[str, ...], bool] = {}  # sections share their heading paths
    for section in sections:
        text = section.text.strip()
        path = section.source.heading
        if path:
            if path not in licence_paths:
                licence_paths[path] = any(map(is_licence_heading, path))
            if licence_paths[path]:
                continue
        if (
            not path
            and len(text.split()) <= 2 * _SHORT_TITLE_WORDS
            and _LICENCE_TITLE.match(text)
            and is_licence_heading(text.split("\n")[0])
        ):
            in_licence = True
            continue
        if in_licence and not path:
            if len(text.split()) <= _SHORT_TITLE_WORDS or _LICENCE_WORDS.search(text):
                continue
            in_licence = False
        if is_licence_text(text):
            continue
        kept.append(section)
    return kept
