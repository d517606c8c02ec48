"""An optional progress hook for parsing: how much of the document has been read so far.

Parsers already count what they read through :class:`documents.limits.TextBudget`, which
reports here; nothing is reported unless a caller installs a hook (``deckhand generate``
does, through :func:`documents.sandbox.parse_document`'s ``on_progress``), so workers pay
nothing. Reports are throttled: a 500-page PDF sends a few dozen, not one per page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

#: Least time between two reports, in seconds.
INTERVAL_S = 0.2


@dataclass(frozen=True)
class ParseProgress:
    """What has been read: text blocks (a PDF's pages, a slide's frames, paragraphs…) and characters."""

    blocks: int
    chars: int
    total: int | None = None  # pages or slides the file declares, when it declares them
    unit: str = "pages"


Hook = Callable[[ParseProgress], None]

_hook: Hook | None = None
_last = 0.0


def set_hook(hook: Hook | None) -> None:
    global _hook, _last
    _hook, _last = hook, 0.0


def report(progress: ParseProgress, *, force: bool = False) -> None:
    global _last
    if _hook is None:
        return
    now = time.monotonic()
    if force or now - _last >= INTERVAL_S:
        _last = now
        _hook(progress)
