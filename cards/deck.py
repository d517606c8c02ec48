"""Deck rules: how many cards each chunk may make, which cards a deck keeps, their GUIDs.

Plain functions over cards and chunks, no database: the pipeline (``tasks/pipeline.py``)
and the command line's local run (``tasks/local.py``) apply the same rules through them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from cards.budget import resolve_options
from cards.dedupe import dedupe
from cards.export import card_guid
from cards.schema import CardDraft, CardKind, GenerationOptions
from config import Settings
from documents.model import Chunk

T = TypeVar("T")


def card_budgets(chunks: Sequence[Chunk], max_cards: int) -> list[int]:
    """Share exactly ``max_cards`` among chunks in proportion to their words.

    Largest-remainder apportionment: each chunk gets the floor of its share, and
    the cards left go to the largest remainders. With fewer cards than chunks
    (that hold words), each card goes to the chunk at an evenly spaced word
    position instead, so the chunks that get one are spread over the whole
    document rather than bunched where the biggest chunks are. A chunk may get 0.
    """
    if not chunks or max_cards <= 0:
        return [0] * len(chunks)
    words = [len(c.text.split()) for c in chunks]
    if not any(words):
        words = [1] * len(chunks)
    total = sum(words)
    budgets = [0] * len(chunks)
    if max_cards < sum(1 for w in words if w):
        end, chunk = words[0], 0
        for card in range(max_cards):
            position = (card + 0.5) * total / max_cards
            while position > end:
                chunk += 1
                end += words[chunk]
            budgets[chunk] += 1
        return budgets
    shares = [max_cards * w / total for w in words]
    budgets = [int(share) for share in shares]
    by_remainder = sorted(range(len(chunks)), key=lambda i: (-(shares[i] - budgets[i]), i))
    for i in by_remainder[: max_cards - sum(budgets)]:
        budgets[i] += 1
    return budgets


def trim_round_robin(items: Sequence[T], limit: int, group: Callable[[T], Hashable]) -> list[T]:
    """At most ``limit`` of ``items`` (in their order), taken in turns from each group.

    Round one takes each group's first item, round two each group's second, and
    so on, so trimming a deck never drops the tail of a document for its head.
    """
    if len(items) <= limit:
        return list(items)
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(group(item), []).append(index)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < limit:
        for members in groups.values():
            if depth < len(members) and len(chosen) < limit:
                chosen.append(members[depth])
        depth += 1
    return [items[i] for i in sorted(chosen)]


def guid_source(kind: str, front: str, back: str) -> str:
    """What a card's GUID is made from: two notes differing only in their answer get two GUIDs."""
    return f"{kind}\x00{front}\x00{back}"


def assign_guids(document_key: str, cards: Iterable[tuple[str, str, str]], taken: set[str]) -> list[str]:
    """A GUID per (kind, front, back), none of them in ``taken`` (which is updated).

    A clash (the same card twice, before the deck's dedupe) gets a counter
    suffix, so the result depends only on the cards, their order and ``taken``.
    """
    guids = []
    for kind, front, back in cards:
        key = guid_source(kind, front, back)
        guid, counter = card_guid(document_key, key), 0
        while guid in taken:
            counter += 1
            guid = card_guid(document_key, f"{key}\x00{counter}")
        taken.add(guid)
        guids.append(guid)
    return guids


def generation_options(options: dict[str, Any], budget: int) -> GenerationOptions:
    kinds = tuple(CardKind(k) for k in options.get("kinds") or ("basic", "cloze"))
    return GenerationOptions(
        max_cards=budget,
        kinds=kinds,
        language=options.get("language"),
        focus=options.get("focus"),
        difficulty=options.get("difficulty"),
    )


def job_budget(settings: Settings, options: dict[str, Any], chunks: Sequence[Chunk]) -> dict[str, Any]:
    """The job's options with ``max_cards`` fixed: as asked, else by the document's words."""
    words = sum(len(c.text.split()) for c in chunks)
    return resolve_options(options, words, settings.max_cards_per_1k_words, settings.max_cards_limit)


@dataclass(frozen=True)
class DeckSelection:
    """Which of a deck's cards it keeps (indexes into the cards given, in reading order)."""

    kept: list[int]
    duplicates: int  # cards dropped as near-duplicates of an earlier card


def select_deck_cards(
    drafts: Sequence[CardDraft], chunk_of: Sequence[Hashable], *, threshold: int, max_cards: int
) -> DeckSelection:
    """Dedupe across the deck, then trim to ``max_cards`` taking turns across chunks.

    ``drafts`` are in reading order and ``chunk_of[i]`` is the chunk of ``drafts[i]``.
    """
    kept_ids = {id(d) for d in dedupe(list(drafts), threshold=threshold)}
    unique = [i for i, draft in enumerate(drafts) if id(draft) in kept_ids]
    kept = trim_round_robin(unique, max_cards, lambda i: chunk_of[i])
    return DeckSelection(kept=kept, duplicates=len(drafts) - len(kept_ids))


def deck_summary(
    origins: Iterable[str],
    providers: Iterable[str | None],
    *,
    duplicates: int,
    degraded: bool,
    chunks: int | None,
) -> dict[str, Any]:
    """The deck's summary: its cards by origin and by provider, what dedupe removed."""
    by_origin: dict[str, int] = {}
    by_provider: dict[str, int] = {}
    count = 0
    for origin in origins:
        by_origin[origin] = by_origin.get(origin, 0) + 1
        count += 1
    for provider in providers:
        if provider:
            by_provider[provider] = by_provider.get(provider, 0) + 1
    return {
        "cards": count,
        "duplicates_removed": duplicates,
        "origins": by_origin,
        "providers": by_provider,
        "degraded": degraded,
        "chunks": chunks,
    }
