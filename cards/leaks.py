"""Q8, the answer not given away: a cloze's hidden words shown elsewhere in it (or their plural or
singular), or a question that holds most of its answer (names in camel case read as their words)."""

from __future__ import annotations

import re

from cards.frequency import zipf
from cards.schema import CardDraft, CardKind
from cards.text import cloze_masked, cloze_parts, content_stems, normalize


def check_not_leaked(card: CardDraft) -> tuple[bool, str]:
    """Q8: the question must not give the answer away."""
    if card.kind is CardKind.CLOZE:
        masked = normalize(cloze_masked(card.front))
        parts = cloze_parts(card.front)
        for _, answer in parts:
            key = normalize(answer)
            # one deletion: its plural or singular gives it away too; a list's items may name each other
            form = _number_forms(key) if len(parts) == 1 else re.escape(key)
            literal = _singular(key) if len(parts) == 1 else key  # what every match contains
            if len(key) >= 3 and literal in masked and re.search(rf"(?<!\w){form}(?!\w)", masked):
                return False, f"answer '{answer}' visible in the text"
        return True, ""
    if _restates_glued_name(card.front, card.back):
        return False, "answer restates the name asked"
    back = _leak_stems(_TYPE_NOTE_RE.sub(" ", card.back)) - _VALUE_KINDS
    if not back:
        return True, ""
    shared = len(back & _leak_stems(card.front)) / len(back)
    return shared < 0.8, "" if shared < 0.8 else "answer repeated in the question"


# A name in camel case is words run together: "createInterface" makes an Interface, which "A new
# readline.Interface instance" then only repeats.
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
# An API reference's type note before a description: "{string} The request path" is "The request path".
_TYPE_NOTE_RE = re.compile(r"\{[\w.$<>\[\]|, ]{1,60}\}")
# Words that only say what kind of value an answer is ("a new … instance", "a … object").
_VALUE_KINDS = frozenset(content_stems("new instance object"))


def _leak_stems(text: str) -> set[str]:
    """The content stems of ``text``, with names in camel case read as their words."""
    return content_stems(_CAMEL_RE.sub(" ", text))


def _number_forms(key: str) -> str:
    """A pattern for ``key`` and, for one word, its plural or singular: "each {{octet}}" is given away by
    the "8 octets" the card shows."""
    if not re.fullmatch(r"[a-z]{3,}", key):
        return re.escape(key)
    return rf"{re.escape(_singular(key))}(?:e?s)?"


def _singular(key: str) -> str:
    """``key`` without a plural's final "s" (one lower-case word), else ``key`` as it is."""
    if re.fullmatch(r"[a-z]{3,}", key) and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


# A setting's name of two words run together, before "=" or the question's end: "boundscheck=True".
_GLUED_NAME_RE = re.compile(r"(?<![\w.])([a-z]{6,})(?==\w|\s+(?:mean|do)\b)")
#: Each half of a glued name this common (``wordfreq`` zipf) is an everyday word ("bounds", "check").
_HALF_ZIPF = 3.5


def _restates_glued_name(front: str, back: str) -> bool:
    """ "What does boundscheck=True mean?" / "Array accesses are bounds-checked": the answer only spells
    out the name's two words, which the question already shows (blind readers dropped it)."""
    for m in _GLUED_NAME_RE.finditer(front):
        name = m.group(1)
        if (zipf(name, "en") or 0.0) >= _HALF_ZIPF:
            continue  # a word itself ("timeout"), not two run together
        for cut in range(3, len(name) - 2):
            first, second = name[:cut], name[cut:]
            if min(zipf(first, "en") or 0.0, zipf(second, "en") or 0.0) < _HALF_ZIPF:
                continue
            if re.search(rf"\b{first}[\s-]{second}", back, re.I):
                return True
    return False
