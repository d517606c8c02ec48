"""How many cards a deck may hold: the request's ``max_cards``, else a size that follows the document.

A fixed default (it was 100) gave a 140-page book under 2 cards per 1,000 words and a
one-page note far more than it holds. Without an explicit ``max_cards`` the budget is
the document's words at ``MAX_CARDS_PER_1K_WORDS`` (the offline generator's own target
by default), at least :data:`MIN_DEFAULT_CARDS` and at most ``MAX_CARDS_LIMIT``. The job's options record what
was used and why, so a user can see it on ``GET /api/v1/jobs/{id}``.
"""

from __future__ import annotations

import math
from typing import Any

#: The smallest default: ``max_cards`` is a ceiling (the generators write what the text holds),
#: so a one-page note is not held to a card or two by the density alone.
MIN_DEFAULT_CARDS = 10

#: ``max_cards_basis`` values: what the deck's size came from.
EXPLICIT = "explicit"
DOCUMENT_SIZE = "document_size"


def default_max_cards(words: int, per_1k_words: float, limit: int) -> int:
    """The default deck size for a document of ``words`` words."""
    return min(limit, max(MIN_DEFAULT_CARDS, math.ceil(words * per_1k_words / 1000)))


def requested_options(max_cards: int | None) -> dict[str, Any]:
    """The budget part of a job's options when it is created (before the document is read)."""
    return {"max_cards": max_cards, "max_cards_basis": EXPLICIT if max_cards else DOCUMENT_SIZE}


def resolve_options(options: dict[str, Any], words: int, per_1k_words: float, limit: int) -> dict[str, Any]:
    """``options`` with ``max_cards`` fixed once the document's ``words`` are known.

    An explicit ``max_cards`` is kept as asked; otherwise it becomes the size-based
    default and the density used is recorded next to it. Options of jobs created
    before ``max_cards_basis`` existed count as explicit when they hold a number.
    """
    resolved = dict(options)
    resolved["document_words"] = words
    if options.get("max_cards") and options.get("max_cards_basis", EXPLICIT) == EXPLICIT:
        resolved["max_cards_basis"] = EXPLICIT
        return resolved
    resolved["max_cards"] = default_max_cards(words, per_1k_words, limit)
    resolved["max_cards_basis"] = DOCUMENT_SIZE
    resolved["cards_per_1k_words"] = per_1k_words
    return resolved
