"""Men's fuller names as a text writes them: "Gregory the Great", "Henry VIII", "Richard Wagner".

What :mod:`cards.offline.full_names` gives a short name on a card; here, apart from the drafter, so
that :func:`cards.offline.subject.with_domain` can gather them over a document's chunks.
"""

from __future__ import annotations

import re

from cards.text import STOP_WORDS

#: A short name takes a fuller form written at most this many chunks before its own (or in it).
NAMES_BACK = 2

_ROMAN = r"(?:[IVX]{1,5})"
# "Gregory the Great", "Gregory XI": an epithet or a number, which tells one man from the others of his name.
_EPITHET_RE = re.compile(rf"(?<![\w\-])[A-Z][a-z]{{2,}} (?:the [A-Z][a-z]+|{_ROMAN})(?![\w\-])")
# "Richard Wagner", "Pope Gregory": a capitalised word before a name.
_PAIR_RE = re.compile(r"(?<![\w\-])(?=([A-Z][a-z]+) ([A-Z][a-z]{2,})(?![\w\-]))")


def name_forms(text: str) -> list[str]:
    """The fuller names ``text`` writes, in order: a name with an epithet or a number, or a capitalised
    word before a name when ``text`` never writes that word in lower case (a first name or a title:
    not "Upper Egypt", "When Gregory", whose first word is a word of the sentence) and has not
    written the name alone before it (then the text brings in another man of that name)."""
    flat = " ".join(text.split())
    lower = set(re.findall(r"(?<![\w\-])[a-z]+(?![\w\-])", flat))
    found = [(m.start(), m.group(0)) for m in _EPITHET_RE.finditer(flat)]
    for m in _PAIR_RE.finditer(flat):
        word, name = m.group(1), m.group(2)
        if word.casefold() in STOP_WORDS or word.casefold() in lower:
            continue
        if _bare(name, flat[: m.start()]):
            continue  # "Bach was born …, his great grandfather, Veit Bach": the short name was another man
        found.append((m.start(), f"{word} {m.group(2)}"))
    return [form for _, form in sorted(found)]


def _bare(name: str, text: str) -> bool:
    """``text`` writes ``name`` alone, after no capitalised word (sentence-initial or mid-sentence)."""
    return any(
        not re.search(r"(?<![\w\-])[A-Z][a-z]+\.?\s$", text[max(0, m.start() - 30) : m.start()])
        or re.search(r"(?:^|[.!?]\s+)[A-Z][a-z]+\s$", text[max(0, m.start() - 30) : m.start()])
        for m in re.finditer(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", text)
    )


def fuller_forms(name: str, forms: list[str]) -> set[str]:
    """The forms among ``forms`` longer than ``name`` that hold it as a man's name: those with an
    epithet or a number when there are any ("Pope Gregory" was any of several popes), else the others."""
    held = [f for f in forms if re.search(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])", f) and f != name]
    epithets = {f for f in held if _EPITHET_RE.fullmatch(f) and f.startswith(name + " ")}
    if epithets:
        return epithets
    return {f for f in held if re.fullmatch(rf"[A-Z][a-z]+ {re.escape(name)}", f)}  # not "Later the Wolf"
