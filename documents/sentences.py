"""Sentence boundaries for the chunker: a cheap regex proposes, pysbd confirms near the cut.

pysbd alone runs at ~80k chars/s, too slow for a 2M-character book; it is only asked
about a small window around each proposed cut.
"""

from __future__ import annotations

import re
import threading

import pysbd

# After terminal punctuation (and closing quotes/brackets) and whitespace, or at a blank line.
_CANDIDATE = re.compile(r"(?<=[.!?…。！？])[\"'”’»)\]]*\s+|\n\s*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_WINDOW_BEFORE = 300
_WINDOW_AFTER = 120
_MAX_CONFIRM = 4


_local = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """This thread's segmenter: ``Segmenter.segment`` keeps its text on the instance, so one
    shared by the worker's threads answers for another thread's text now and then."""
    segmenter: pysbd.Segmenter | None = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    return segmenter


def _confirmed(text: str, cut: int) -> bool:
    """Does pysbd also see a sentence end at ``cut`` (the start of the next sentence)?"""
    start = max(0, cut - _WINDOW_BEFORE)
    window = text[start : cut + _WINDOW_AFTER]
    position = start
    for sentence in _segmenter().segment(window)[:-1]:
        position += len(sentence)
        if position == cut or text[position:cut].isspace():
            return True
        if position > cut:
            return False
    return False


def boundaries(text: str) -> list[int]:
    """Offsets where a new sentence may start (regex candidates, not yet confirmed)."""
    return [m.end() for m in _CANDIDATE.finditer(text) if 0 < m.end() < len(text)]


def find_cut(text: str, start: int, limit: int) -> int:
    """Where to end a piece that starts at ``start`` and should stay within ``limit`` chars.

    The last sentence boundary in reach (confirmed by pysbd when possible); else the last
    line break (bullets and headings carry no full stop); else the first boundary after the
    limit: a single sentence longer than the budget is kept whole.
    """
    end = start + limit
    if end >= len(text):
        return len(text)
    reach = text[start:end]
    candidates = [start + m.end() for m in _CANDIDATE.finditer(reach)]
    candidates = [c for c in candidates if c > start]
    for cut in reversed(candidates[-_MAX_CONFIRM:]):
        if _confirmed(text, cut):
            return cut
    if candidates:
        return candidates[-1]
    breaks = [start + m.end() for m in _LINE_BREAK.finditer(reach) if m.end() > 0]
    if breaks:
        return breaks[-1]
    after = _CANDIDATE.search(text, end) or _LINE_BREAK.search(text, end)
    return after.end() if after else len(text)
