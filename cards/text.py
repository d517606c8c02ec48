"""Small, dependency-light text helpers shared by the gate, the generators and dedupe.

Everything here is deterministic and language-tolerant: tokens are Unicode word
runs, stop words come from scikit-learn (English) plus short built-in lists for
the other languages the corpus holds, and "stemming" is a crude suffix strip that
is only used for lenient overlap tests (grounding, leaks), never for display.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import unicodedata
from pathlib import Path

#: Month and weekday names, lower case: a month is no name before "he", nor a term to blank alone.
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from their own module file.

    Importing ``sklearn`` for this list would load numpy, scipy and scikit-learn (~95 MB)
    into every process that checks a card; the list's module imports nothing.
    """
    spec = importlib.util.find_spec("sklearn")
    assert spec is not None and spec.submodule_search_locations, "scikit-learn is in requirements.txt"
    path = Path(next(iter(spec.submodule_search_locations))) / "feature_extraction" / "_stop_words.py"
    words_spec = importlib.util.spec_from_file_location("deckhand_sklearn_stop_words", path)
    assert words_spec is not None and words_spec.loader is not None
    module = importlib.util.module_from_spec(words_spec)
    words_spec.loader.exec_module(module)
    return frozenset(module.ENGLISH_STOP_WORDS)


ENGLISH_STOP_WORDS = _english_stop_words()

# French, German, Spanish, Italian, Portuguese function words (short lists: enough for overlap tests).
_EXTRA_STOP_TEXT = """
le la les un une des du de d l et ou en au aux ce cet cette ces est sont a à il elle ils elles on nous vous
je tu que qui quoi dont où par pour sur dans avec sans pas ne se sa son ses leur leurs y mais plus comme été
être avoir fait der die das ein eine einer eines und oder ist sind war nicht mit von zu im in auf für den
dem des sich es er sie wir ihr auch als an bei el los las una unos unas y o es son fue no con por para en
del al lo se su sus que como más il lo gli uno di da e è sono non con per tra fra che o os um uma e é são
não com por para em do da dos das que
"""
# scikit-learn's list holds some content words ("system", "bill", "fire"): those are fair game on cards.
_NOT_STOP = frozenset(
    [
        "system",
        "bill",
        "fire",
        "interest",
        "amount",
        "call",
        "side",
        "bottom",
        "top",
        "front",
        "back",
        "find",
        "found",
        "detail",
        "describe",
        "move",
        "name",
        "part",
        "show",
        "full",
        "empty",
        "fill",
        "mill",
        "cry",
        "con",
        "computer",
        "thick",
        "thin",
        "sincere",
    ]
)
STOP_WORDS: frozenset[str] = (frozenset(ENGLISH_STOP_WORDS) - _NOT_STOP) | frozenset(_EXTRA_STOP_TEXT.split())

_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_TAG_RE = re.compile(r"<[^>]{0,200}>")
_SPACE_RE = re.compile(r"\s+")
_BREAK_TAG_RE = re.compile(r"</?(?:br|p|div|li|ul|ol|hr|tr|td|th|h\d)\b[^>]{0,200}>", re.I)
_CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = frozenset(
    ("e.g", "i.e", "etc", "vs", "cf", "fig", "figs", "eq", "no", "dr", "mr", "mrs", "ms", "prof", "st", "al")
)
# A word that opens a clause after "etc.": capitalised, then lower case ("Cherubini", "The"; not
# "MIDI" or "I/O", which may go on the list's sentence).
# "(d. 1757)", "(b. 1717)", "(c. 1450)", "(fl. 1200)": a bracket's abbreviation before a year.
_DATE_MARKS = frozenset(("(d", "(b", "(c", "(fl", "(ca"))
_NEW_CLAUSE_RE = re.compile(r"[\"“‘(]?[A-Z][a-z’'\-]*\b(?![./])")
_MONTHS = frozenset(("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"))
# What follows a month's abbreviation ("Dec. 20") or a year-first date's year ("2020. 3.11.").
_DAY_RE = re.compile(r"\d{1,2}\b")
_MONTH_DAY_RE = re.compile(r"\d{1,2}\.\s?\d{1,2}\.")
# A whole year-first date before the full stop: it opens a sentence ("2020.3.30. 0시 기준 …") or
# continues one whose subject waits for its verb ("세계보건기구(WHO)는 지난 2020. 3.11. 코로나-19가 …"), as
# a Korean sentence ends on a verb; after a label ("보고서 발행일 2020. 3.11.") or before Latin text it ends.
_YEAR_FIRST_DATE_RE = re.compile(r"(?:^|\s)\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.$")
_TOPIC_WORD_RE = re.compile(r"[\uac00-\ud7a3)](?:은|는)\s")
_LATIN_START_RE = re.compile(r"[\"“‘(]?[A-Za-z]")
# A sentence starts with a capital, a digit, a letter of a script without case, or an opening mark; PDF
# fonts map some opening brackets to private-use code points ("󰡔이슈와 논점󰡕").
# A sentence starts with a capital, a digit or an opening mark, or with a program's or identifier's own
# name in lower case whose shape says it is one ("… an array. asn1Parser reads …").
_SENT_END_RE = re.compile(
    r"(?<=[.!?。！？])[\"”’)\]]*\s+(?=[\"“‘(\[\ue000-\uf8ff\U000f0000-\U000ffffd]?[^\W_a-z]"
    r"|[a-z]+(?:[0-9_][A-Za-z0-9_]*|[A-Z][A-Za-z0-9_]*)\s)",
    re.UNICODE,
)


def normalize(text: str) -> str:
    """NFKC, tags and bold markers stripped, casefolded, whitespace collapsed: the comparison form."""
    text = unicodedata.normalize("NFKC", text)
    text = _BREAK_TAG_RE.sub(" ", text)  # <br>, <p>, <div>: a word break
    text = _TAG_RE.sub("", text)  # inline tags (<b>, <i>) sit inside words' runs
    text = text.replace("**", "")  # parsers keep bold as **term**; a quote copied without it still matches
    return _SPACE_RE.sub(" ", text).strip().casefold()


def collapse_spaces(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Word tokens in their original case."""
    return _WORD_RE.findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each of :func:`words` is in ``text``."""
    return [m.span() for m in _WORD_RE.finditer(text)]


def _word_char(char: str) -> bool:
    """What the regular expression ``\\w`` matches (str patterns): a letter, a digit or "_"."""
    return char.isalnum() or char == "_"


def whole_word_count(phrase: str, text: str) -> int:
    """How often ``phrase`` stands in ``text`` with no word character either side.

    The count ``len(re.findall(rf"(?<!\\w){re.escape(phrase)}(?!\\w)", text))`` gives, without
    compiling a pattern per phrase: the drafter asks it of every candidate phrase of every
    sentence, and compiling those patterns was a sixth of an offline deck's time.
    """
    if not phrase:
        return 0
    count, start, size = 0, 0, len(phrase)
    while (at := text.find(phrase, start)) >= 0:
        end = at + size
        if (at == 0 or not _word_char(text[at - 1])) and (end == len(text) or not _word_char(text[end])):
            count += 1
            start = end
        else:
            start = at + 1
    return count


def word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def base_form(verb: str) -> str:
    """A verb in the third person singular in its base form: "captures" → "capture", "catches" →
    "catch", "copies" → "copy", "goes" → "go" (the caller knows it is one)."""
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]


# Cached: the card checks stem the chunk's text again for every card (grounding, leaks), and a
# worker's threads run those checks under one GIL; a word's stem never changes.
@functools.lru_cache(maxsize=16_384)
def stem(token: str) -> str:
    """A crude, language-agnostic stem: casefold, strip accents and common suffixes, keep 6 chars."""
    token = unicodedata.normalize("NFKD", token.casefold())
    token = "".join(ch for ch in token if not unicodedata.combining(ch)).replace("’", "'")
    token = token.split("'")[0] if token.endswith(("'s", "'")) else token
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "ed", "es", "er", "ly", "s"):
        if len(token) - len(suffix) >= 3 and token.endswith(suffix):
            token = token[: -len(suffix)]
            break
    return token[:6]


def content_tokens(text: str) -> list[str]:
    """Non-stop-word tokens of at least two characters, casefolded."""
    out = []
    for tok in _WORD_RE.findall(text):
        low = tok.casefold()
        if low in STOP_WORDS or (len(low) < 2 and not low.isdigit()):
            continue
        out.append(low)
    return out


def content_stems(text: str) -> set[str]:
    return {stem(tok) for tok in content_tokens(text)}


def numbers(text: str) -> set[str]:
    """Numbers as written, with thousands separators removed (``1,200`` == ``1200``)."""
    return {n.replace(",", "") for n in _NUMBER_RE.findall(text)}


# Initials run together, their last full stop cut off: "c.p.e", "j.s".
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.){1,3}[^\W\d_]")
# An era's abbreviation ends a sentence when a word that only opens one follows ("… 590 A.D. His
# additions …"); before a name ("350 B.C. Aristotle …") it may be the middle of one, and stays.
_ERAS = frozenset(("b.c", "a.d"))
_SENTENCE_OPENER_RE = re.compile(
    r"[\"“]?(?:The|A|An|His|Her|Its|Their|This|That|These|Those|He|She|It|They|We|After|Before|In|On|At|"
    r"But|And|When|While|Thus|Then|There|From|With|During|Under|As)\b"
)


def _single_letter(last: str, block: str, before: str, after: int) -> bool:
    """A full stop after one letter that does not end the sentence: an initial ("J. S. Bach")."""
    return len(last) == 1 and last.isalpha() and not _letter_ends_sentence(block, before, after)


def _letter_ends_sentence(block: str, before: str, after: int) -> bool:
    """ "… one element of type T. The MyBox::new function …": a letter after a lower-case word names a
    type or a point, not a person's initial ("J. S. Bach"), and a function word opening a sentence follows."""
    previous = before.rsplit(" ", 2)[-2] if before.count(" ") else ""
    nxt = re.match(r"[A-Z][a-z]*", block[after:])
    return bool(previous[:1].islower() and nxt and nxt.group(0).casefold() in STOP_WORDS)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph-level text; newlines that end a line without punctuation also split."""
    out: list[str] = []
    # a list item's number is short: "1999) is a task" after a line break ends a citation, not a list
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d{1,3}[.)])\s)", text):
        block = collapse_spaces(block)
        if not block:
            continue
        start = 0
        for match in _SENT_END_RE.finditer(block):
            before = block[start : match.start()].rstrip('"”’)]')
            # "(e.g. "1.2.3.4")": the abbreviation inside a bracket or a quote is still one
            last = before.rsplit(" ", 1)[-1].rstrip(".").lstrip("([“‘\"'").casefold()
            if last == "etc" and _NEW_CLAUSE_RE.match(block, match.end()):
                pass  # "… flutes, etc. Cherubini was a pupil …": a list's "etc." closes its sentence
            elif last in _ABBREV or _single_letter(last, block, before, match.end()):
                continue
            if last in _ERAS and _SENTENCE_OPENER_RE.match(block, match.end()):
                pass  # "… between 500 and 400 B.C. After the close of …": the era ends its sentence
            elif _INITIALS_RE.fullmatch(last):
                continue  # a name's initials: "C.P.E. Bach", "J.S. Bach"
            elif last in _DATE_MARKS and block[match.end() : match.end() + 1].isdigit():
                continue  # a person's dates in brackets: "Scarlatti (d. 1757)", "(b. 1717)", "(c. 1450)"
            if (last in _MONTHS and _DAY_RE.match(block, match.end())) or (
                last.isdigit() and _MONTH_DAY_RE.match(block, match.end())
            ):
                continue  # a date: "Dec. 20, 2018", "2020. 3.11." (Korean and other year-first dates)
            date = _YEAR_FIRST_DATE_RE.search(before)
            if date and not _LATIN_START_RE.match(block, match.end()):
                lead = before[: date.start()]
                if not lead.strip() or _TOPIC_WORD_RE.search(lead):
                    continue
            out.append(block[start : match.start()].strip())
            start = match.end()
        tail = block[start:].strip()
        if tail:
            out.append(tail)
    return out


# Cached: the card checks split a card's section into sentences again for every card of a chunk
# (the sentence its quote is in, the text around it), under the one GIL a worker's threads share;
# a text's sentences never change. A tuple, as callers share it; 32 sections is more than a chunk has.
@functools.lru_cache(maxsize=32)
def section_sentences(text: str) -> tuple[tuple[str, str], ...]:
    """The sentences of a section's ``text`` (:func:`split_sentences`), each with its :func:`normalize`."""
    return tuple((sentence, normalize(sentence)) for sentence in split_sentences(text))


def cloze_parts(text: str) -> list[tuple[int, str]]:
    """(number, answer) of every ``{{cN::answer(::hint)}}`` in ``text``."""
    return [(int(m.group(1)), m.group(2)) for m in _CLOZE_RE.finditer(text)]


def cloze_plain(text: str) -> str:
    """The cloze text with every deletion replaced by its answer."""
    return _CLOZE_RE.sub(lambda m: m.group(2), text)


def cloze_masked(text: str) -> str:
    """The cloze text with every deletion removed (what a student sees around the gaps)."""
    return _CLOZE_RE.sub(" ", text)


def _lang_identifier() -> object:
    # One model per process, shared with document-level detection (~80 MB each).
    from documents.language import language_identifier

    return language_identifier()


def detect_language(text: str, *, min_chars: int = 30, min_prob: float = 0.9) -> str | None:
    """ISO 639-1 code of ``text`` when py3langid is confident, else ``None``."""
    text = collapse_spaces(cloze_plain(_TAG_RE.sub(" ", text)))
    if len(text) < min_chars:
        return None
    lang, prob = _lang_identifier().classify(text)  # type: ignore[attr-defined]
    return str(lang) if float(prob) >= min_prob else None


# A name from source code written in prose: a path ("Rc::clone", "std::mem::drop") or a generic type
# ("Rc<T>", "Vec<String>", "HashMap<K, V>", "std::vector<int>"). Prose never glues "<" to a word.
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH_RE = re.compile(rf"(?<![\w:.]){_IDENT}(?:::{_IDENT})*")
_GENERIC_ARGS_RE = re.compile(r"[\w&'*\[\];:, <>]{1,60}")
_PROSE_IN_ARGS_RE = re.compile(r"\s(?:and|or|the|a|is|are|than)\s", re.I)


def code_terms(text: str) -> list[tuple[int, int]]:
    """The spans of the code names in ``text`` (see above): paths and generic types, never a call."""
    spans: list[tuple[int, int]] = []
    for match in _PATH_RE.finditer(text):
        if spans and match.start() < spans[-1][1]:
            continue  # "Vec<i32>" inside "Rc<Vec<i32>>"
        end = match.end()
        if end < len(text) and text[end] == "<":
            depth, i = 0, end
            while i < len(text) and i - end <= 60:
                depth += {"<": 1, ">": -1}.get(text[i], 0)
                if depth == 0:
                    break
                i += 1
            args = text[end + 1 : i]
            if depth == 0 and _GENERIC_ARGS_RE.fullmatch(args) and not _PROSE_IN_ARGS_RE.search(f" {args} "):
                end = i + 1
                while text.startswith("::", end) and re.match(_IDENT, text[end + 2 :]):  # "Vec<T>::new"
                    end += 2 + len(re.match(_IDENT, text[end + 2 :]).group(0))  # type: ignore[union-attr]
        term = text[match.start() : end]
        if ("::" in term or "<" in term) and not text.startswith("(", end):  # "Rc::clone(&a)" is a call
            spans.append((match.start(), end))
    return spans


def mask_code_terms(text: str, mask: str = "Codename") -> str:
    """``text`` with each code name (:func:`code_terms`) replaced by one plain word: what a check
    for code or markup should not take a name written in prose for."""
    for start, end in reversed(code_terms(text)):
        text = text[:start] + mask + text[end:]
    return text
