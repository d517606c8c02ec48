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
    letters = re.sub(r"[^a-z]", "", name.casefold())
    words = tuple(re.findall(r"[a-z]+", description.casefold()))
    keys = (letters[skip:] for skip in range(_MAX_PREFIX + 1))
    return any(
        _read_in(key, words, 1 if len(key) >= _ONE_WORD else 2) for key in keys if len(key) > _WORD_PIECE
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
            for size in range(shared, 0, -1):
                if read(at + size, index + 1, long or size >= _WORD_PIECE, taken + 1):
                    return True
        return False

    return read(0, 0, False)
