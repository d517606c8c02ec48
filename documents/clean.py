"""Text clean-up applied to what every parser returns."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable

# pdfium marks a soft hyphen at a line end with \x02; U+00AD is the same in other sources.
_SOFT_HYPHEN_BREAK = re.compile(r"[\x02\u00ad]\s*\n\s*")
# A hard hyphen at a line end followed by a lower-case letter is almost always a word
# broken by the typesetter ("informa-\ntion"); compounds broken there are rare.
# The pattern opens with the hyphen (the letter before it is a look-behind) so the search
# jumps from hyphen to hyphen instead of trying every position.
_HARD_HYPHEN_BREAK = re.compile(r"-(?<=[^\W\d_]-)\n\s*(?=[a-zà-ÿ])")
# A continuation that is itself hyphenated ("state-\nof-the-art") is a compound's: the hyphen stays.
_COMPOUND_BREAK = re.compile(r"-(?<=[^\W\d_]-)\n\s*(?=[a-zà-ÿ]+-[^\W\d_])")
# C0/C1 control characters other than tab and newline; \x02 and U+00AD left mid-line are dropped too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\ufeff]")
# pdfium writes U+FFFE where the typesetter hyphenated a word at a line end, and joins the
# two lines: "ef\ufffeficient". Before a lower-case letter it is a break inside one word.
# "state\ufffeof-the-art": a hyphenated continuation is a compound's, and the hyphen stays.
_PDFIUM_HYPHEN_IN_WORD = re.compile(r"\ufffe\s*(?=[^\W\d_])(?=[^A-Z])(?![^\W\d_]+-[^\W\d_])")
# The remaining U+FFFE (before a capital or a digit: "Lucene\ufffeBM25") was a real hyphen.
_PDFIUM_HYPHEN = "\ufffe"
# Unicode non-characters (U+FDD0..U+FDEF and the last two code points of every plane) are
# never text; an extractor that leaves them behind shows boxes to the reader.
_NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# Ranges only (a quick scan): the text may hold a non-character.
_MAYBE_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")
# Runs of spaces other than one plain space: a lone " " is already what it would become.
_OTHER_SPACES = r"\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(rf"[{_OTHER_SPACES}][ {_OTHER_SPACES}]*| [ {_OTHER_SPACES}]+")
_OTHER_SPACE = re.compile(rf"[{_OTHER_SPACES}]")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str, *, join_hyphens: bool = True) -> str:
    """NFKC, line ends unified, hyphenation joined, control characters dropped, whitespace folded."""
    text = normalize_newlines(text)
    # Each rewrite runs only when its trigger is in the text: a scan for a character is far
    # cheaper than a regular expression over a page.
    if join_hyphens:
        if "\x02" in text or "\u00ad" in text:
            text = _SOFT_HYPHEN_BREAK.sub("", text)
        if "-\n" in text:
            text = _HARD_HYPHEN_BREAK.sub("", _COMPOUND_BREAK.sub("-", text))
    if _PDFIUM_HYPHEN in text:
        text = _PDFIUM_HYPHEN_IN_WORD.sub("", text).replace(_PDFIUM_HYPHEN, "-")
    # \x0b (vertical tab) is PowerPoint's line break inside a title: keep it as a break.
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    if not text.isascii():  # NFKC is the costliest step and a no-op on ASCII
        text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    if not text.isascii() and _MAYBE_NONCHARACTER.search(text):
        text = _NONCHARACTERS.sub("", text)
    # Only two spaces in a row or another space character make a run to fold.
    if "  " in text or "\t" in text or (not text.isascii() and _OTHER_SPACE.search(text)):
        text = _SPACES.sub(" ", text)
    # Spaces are single now: one at most on either side of a line break.
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


# A tab between two letters inside a line of markup: debris of an editor, not a word break
# (indentation tabs follow a line break, never a letter).
_TAB_IN_WORD = re.compile(r"(?<=[^\W\d_])\t+(?=[^\W\d_])")


def markup_block_text(text: str) -> str:
    """A paragraph of (X)HTML markup as its reader sees it: one line, stray tabs inside words gone.

    Line breaks and indentation in a <p>'s source are only white space to a browser; a tab
    between two letters ("press\ted h\tard") is an editing accident the reader never sees.
    """
    if "\t" in text:
        text = _TAB_IN_WORD.sub("", text)
    return clean_inline(text)


def clean_inline(text: str) -> str:
    """A title or heading: cleaned and folded onto one line."""
    return " ".join(clean_text(text).split())


# Plain-text e-books (Project Gutenberg and others) mark italics as _word_: foreign words, titles,
# technical terms. Not snake_case (an underscore inside a word) and not a lone underscore.
_UNDERSCORE_ITALIC = re.compile(r"(?<![\w*])_(?=[^\s_])([^_\n]{1,80}?)(?<=[^\s_])_(?![\w*])")
#: An emphasised span longer than this is styling, not a term (as for bold runs elsewhere).
MAX_EMPHASIS_WORDS = 6


def is_emphasised_term(span: str) -> bool:
    """Whether an emphasised span is short enough to be a term (kept as ``**term**``)."""
    core = span.strip()
    return bool(core) and len(core.split()) <= MAX_EMPHASIS_WORDS and "*" not in core


def mark_emphasis(runs: Iterable[tuple[str, bool]]) -> str:
    """Runs of text joined, each emphasised run that is a term kept as ``**term**``.

    The offline generator turns emphasised terms into cards; the quality gate strips the
    markers from card text. Spaces around a run stay outside its markers.
    """
    out: list[str] = []
    for text, emphasised in runs:
        if emphasised and is_emphasised_term(text):
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}**{text.strip()}**{trail}")
        else:
            out.append(text)
    return "".join(out)


def plain_text_emphasis(text: str) -> str:
    """``_term_`` as ``**term**`` (a term the offline generator can use), longer spans unmarked."""

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        return f"**{inner}**" if is_emphasised_term(inner) else inner

    return _UNDERSCORE_ITALIC.sub(replace, text) if "_" in text else text


# Typewriter typography in plain-text e-books (Project Gutenberg's convention): "--" stands for
# an em dash. Exactly two hyphens, not in a drawing of dashes and bars ("|---I---|--I--|").
_DOUBLE_HYPHEN = re.compile(r"(?<![-|+=_<>])--(?![-|+=_<>])")
_DOUBLE_HYPHEN_BETWEEN_WORDS = re.compile(r"(?<=[^\W\d_])--(?=[^\W\d_])")
# A command-line option ("--verbose" after a space) is not a dash.
_OPTION = re.compile(r"(?:^|(?<=\s))--(?=[a-z0-9])", re.M)
# A run-in heading in capitals before the dash ("7. SALTARELLO.--Similar to the tarantella"):
# the term and its description, written as "SALTARELLO: Similar to …".
_RUN_IN_HEADING = re.compile(r"^(\s*(?:\d{1,3}\.\s+)?)([^\W\d_][^\n.:]{0,58}?)\.?--(?!-)(?=\S)", re.M)
#: How many "word--word" dashes make a document one that writes dashes this way.
DASH_STYLE_MIN = 3


def writes_double_hyphen_dashes(text: str) -> bool:
    """The text writes em dashes as "--" between words (several times: one may be a typo)."""
    found = _DOUBLE_HYPHEN_BETWEEN_WORDS.finditer(text)
    return sum(1 for _ in itertools.islice(found, DASH_STYLE_MIN)) >= DASH_STYLE_MIN


def double_hyphen_dashes(text: str) -> str:
    """ "--" as the em dash it stands for, in a text that :func:`writes_double_hyphen_dashes`.

    "symbols for emotions--emotions" -> "symbols for emotions—emotions"; a run-in heading in
    capitals "SALTARELLO.--Similar to" -> "SALTARELLO: Similar to"; a dialogue dash opening
    a line or after a speaker ("--Oui, maman", "M. --Il est papa") -> "— Oui, maman".
    Command-line options ("--verbose") stay.
    """
    if "--" not in text:
        return text

    def heading(match: re.Match[str]) -> str:
        lead, words = match.group(1), match.group(2)
        if words.isupper():
            return f"{lead}{words}: "
        return match.group(0)

    text = _RUN_IN_HEADING.sub(heading, text)
    options = {m.start() for m in _OPTION.finditer(text)}

    def dash(match: re.Match[str]) -> str:
        start = match.start()
        if start in options:
            return match.group(0)
        before = text[start - 1] if start else "\n"
        after = text[match.end()] if match.end() < len(text) else "\n"
        if before.isspace() and not after.isspace():
            return "— "  # opening a reply: the dash then a space, as dialogue is set
        return "—"

    return _DOUBLE_HYPHEN.sub(dash, text)
