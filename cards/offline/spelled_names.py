"""A constant whose description spells its own name out: no card.

"ECANCELED: indicates that an operation was canceled", "EINPROGRESS: … an operation is in
progress", "EEXIST: … the file already exists": the name is the answer written short, so a card that
asks what it means asks nothing (readers drop such cards). "ESRCH: no such process" stays: its
letters are not the answer's words.

:func:`spells_out` reads the name, after a prefix of up to four letters (``E``, ``WSAE``,
``RTLD_``), as beginnings of the description's words taken in order, at least one piece three
letters long; four letters read as one word are too little to tell ("KILN_LOG": print the firing
log; "EKILN": the kiln is too hot), so a name that short must take two words. Only names
written like constants (capitals, digits, underscores) are read so, and initials alone ("HTTP":
Hypertext Transfer Protocol) never match: that is an acronym's expansion.

A piece may also be a word written short by dropping its vowels and doubled letters ("LCK" of
"locks", "MSG" of "message", "SPC" of "space"), as constants are: "ENOLCK: no locks available".
A prefix of up to five letters may end at an underscore ("RTLD_", "TRANS_", "SSL_OP_"): a whole
part of the name after it, four letters or longer, may be one word of the description, as written or
as its stem ("RTLD_LAZY": perform lazy binding; "TRANS_DISABLED": this transport has been disabled),
read with the rest of the name; "KILN_LOG"'s "LOG" stays too short. A doubled letter reads as one
on both sides ("WSAECANCELLED": an operation has been canceled).
"""

from __future__ import annotations

import functools
import re

_CONSTANT_RE = re.compile(r"[A-Z][A-Z0-9_]{3,}")
#: The longest prefix set before the name proper ("WSAE" of WSAEREMOTE, "RTLD" of RTLD_LAZY).
_MAX_PREFIX = 4
#: A piece this long ("cancel", "use") is a word, not an initial.
_WORD_PIECE = 3
#: A name read as one word must be this long ("exist", "remote"); a shorter one takes two words.
_ONE_WORD = 5


def spells_out(name: str, description: str) -> bool:
    """True when the constant ``name`` is written out by ``description``'s words (module docstring)."""
    name = name.strip("“”\"' ")
    if not _CONSTANT_RE.fullmatch(name):
        return False
    # a doubled letter is spelled either way ("CANCELLED", "canceled")
    letters = _DOUBLED_RE.sub(r"\1", re.sub(r"[^a-z]", "", name.casefold()))
    words = tuple(_DOUBLED_RE.sub(r"\1", w) for w in re.findall(r"[a-z]+", description.casefold()))
    keys = (letters[skip:] for skip in range(_MAX_PREFIX + 1))
    if any(_read_in(key, words, 1 if len(key) >= _ONE_WORD else 2) for key in keys if len(key) > _WORD_PIECE):
        return True
    # after a prefix that ends at an underscore, a whole part of four letters or more is a word
    parts = [_DOUBLED_RE.sub(r"\1", re.sub(r"[^a-z]", "", part)) for part in name.casefold().split("_")]
    return any(
        _read_in("".join(parts[at:]), words, 1)
        for at in range(1, len(parts))
        if len(parts[at]) > _WORD_PIECE and len("".join(parts[:at])) <= _MAX_PREFIX + 1
    )


def _read_in(key: str, words: tuple[str, ...], pieces: int) -> bool:
    """``key`` is the beginnings of ``pieces`` or more of ``words``, in order, one ``_WORD_PIECE`` long."""

    @functools.cache
    def read(at: int, word: int, long: bool, taken: int = 0) -> bool:
        if at == len(key):
            return long and taken >= pieces
        for index in range(word, len(words)):
            shared = 0
            for a, b in zip(key[at:], words[index], strict=False):
                if a != b:
                    break
                shared += 1
            sizes = sorted({*range(shared, 0, -1), *_short_forms(key[at:], words[index])}, reverse=True)
            for size in sizes:
                if read(at + size, index + 1, long or size >= _WORD_PIECE, taken + 1):
                    return True
        return False

    return read(0, 0, False)


def _short_forms(key: str, word: str) -> set[int]:
    """How many letters of ``key`` may be ``word`` written short: its first letter, then its letters in
    order with only vowels and doubled letters left out ("lck" of "locks", "msg" of "message").

    Only forms of :data:`_WORD_PIECE` letters or more count (a shorter one is a prefix or nothing).
    """
    if not key or not word or key[0] != word[0]:
        return set()
    sizes, taken = set(), 1
    for index in range(1, len(word)):
        if taken < len(key) and word[index] == key[taken]:
            taken += 1
            if taken >= _WORD_PIECE:
                sizes.add(taken)
        elif word[index] not in _DROPPED_VOWELS and word[index] != word[index - 1]:
            break
    return sizes


_DOUBLED_RE = re.compile(r"([a-z])\1")
#: Letters an abbreviation leaves out of a word ("MSG" of "message").
_DROPPED_VOWELS = frozenset("aeiou")
