"""The pipeline in one process, for ``deckhand generate``: no database, no queue.

It calls the same domain functions the workers call, in the same order:
parse → chunk → share the card budget → generate per chunk → dedupe → export.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from cards.dedupe import dedupe
from cards.export import ExportCard, ExportDeck, export_deck
from cards.generate import generate_cards
from cards.schema import CardDraft, Origin
from config import Settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document
from errors import EmptyDocument
from tasks.pipeline import assign_guids, build_completer, card_budgets, generation_options, trim_round_robin


def _chunk_of(item: tuple[int, CardDraft]) -> int:
    return item[0]


@dataclass
class LocalSummary:
    cards: int
    chunks: int
    offline: bool


def generate_deck_file(
    settings: Settings,
    source: Path,
    output: Path,
    *,
    fmt: str,
    max_cards: int,
    title: str,
    progress: bool = False,
) -> LocalSummary:
    kind = detect_kind(source, source.name)
    parsed = parse_document(source, kind, ParseLimits.from_settings(settings))
    chunks = chunk_document(parsed, settings.chunk_tokens)
    if not chunks:
        raise EmptyDocument("No text was found in the document.")
    options = {"max_cards": max_cards}
    completer = build_completer(settings, None)
    drafts: list[tuple[int, CardDraft]] = []  # (chunk index, card), in reading order
    for chunk, budget in tqdm(
        list(zip(chunks, card_budgets(chunks, max_cards), strict=True)),
        desc="chunks",
        unit="chunk",
        disable=not progress,
    ):
        if budget <= 0:
            continue  # max_cards went to other chunks (as on the server: no call)
        result = generate_cards(
            chunk,
            generation_options(options, budget),
            completer,
            language=parsed.language,
            density_per_1k=settings.cards_offline_density_per_1k_words,
            dedupe_threshold=settings.cards_dedupe_threshold,
        )
        drafts.extend((chunk.index, card) for card in result.cards)
    unique = {id(d) for d in dedupe([d for _, d in drafts], threshold=settings.cards_dedupe_threshold)}
    kept = [d for _, d in trim_round_robin([p for p in drafts if id(p[1]) in unique], max_cards, _chunk_of)]

    # The same document identity and card keys as the server's, so GUIDs match across both.
    with open(source, "rb") as fh:
        document_key = hashlib.file_digest(fh, "sha256").hexdigest()
    guids = assign_guids(document_key, ((d.kind.value, d.front, d.back) for d in kept), set())
    # The notes' mod time is the document's, not the run's: running this again on the
    # same file does not make Anki's import overwrite edits made since.
    changed_at = datetime.fromtimestamp(int(source.stat().st_mtime), UTC)
    deck = ExportDeck(
        title=title,
        deck_key=document_key,
        cards=[
            ExportCard(
                guid=guid,
                kind=d.kind.value,
                front=d.front,
                back=d.back,
                source=d.source.as_dict(),
                tags=list(d.tags),
                content_changed_at=changed_at,
            )
            for d, guid in zip(kept, guids, strict=True)
        ],
    )
    content, _mimetype, _extension = export_deck(deck, fmt)
    output.write_bytes(content)
    return LocalSummary(
        cards=len(kept), chunks=len(chunks), offline=all(d.origin == Origin.OFFLINE for d in kept)
    )
