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
from cards.export import ExportCard, ExportDeck, card_guid, export_deck
from cards.generate import generate_cards
from cards.schema import CardDraft, Origin
from config import Settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document
from errors import EmptyDocument
from tasks.pipeline import build_completer, card_budgets, generation_options


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
    drafts: list[CardDraft] = []
    for chunk, budget in tqdm(
        list(zip(chunks, card_budgets(chunks, max_cards), strict=True)),
        desc="chunks",
        unit="chunk",
        disable=not progress,
    ):
        result = generate_cards(
            chunk, generation_options(options, budget), completer, language=parsed.language
        )
        drafts.extend(result.cards)
    kept = dedupe(drafts)[:max_cards]

    # The same document identity as the server's (Document.sha256), so GUIDs match across both.
    with open(source, "rb") as fh:
        document_key = hashlib.file_digest(fh, "sha256").hexdigest()
    now = datetime.now(UTC)
    deck = ExportDeck(
        title=title,
        deck_key=document_key,
        cards=[
            ExportCard(
                guid=card_guid(document_key, f"{d.kind.value}\x00{d.front}"),
                kind=d.kind.value,
                front=d.front,
                back=d.back,
                source=d.source.as_dict(),
                tags=list(d.tags),
                content_changed_at=now,
            )
            for d in kept
        ],
    )
    content, _mimetype, _extension = export_deck(deck, fmt)
    output.write_bytes(content)
    return LocalSummary(
        cards=len(kept), chunks=len(chunks), offline=all(d.origin == Origin.OFFLINE for d in kept)
    )
