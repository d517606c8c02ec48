"""The pipeline in one process, for ``deckhand generate``: no database, no queue.

It calls the same domain functions the workers call, in the same order:
parse → chunk → size the deck → share the card budget → generate per chunk → dedupe → export.
An empty deck raises ``no_cards`` with the same reason the server gives.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from cards.budget import EXPLICIT, requested_options
from cards.deck import assign_guids, card_budgets, generation_options, job_budget, select_deck_cards
from cards.export import ExportCard, ExportDeck, export_deck, resolve_format
from cards.generate import generate_cards
from cards.offline.subject import with_domain
from cards.outcome import RunTally, no_cards_error
from cards.schema import CardDraft, Origin
from config import Settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document
from documents.progress import ParseProgress
from tasks.pipeline import build_completer


@dataclass
class LocalSummary:
    cards: int
    chunks: int
    offline: bool
    max_cards: int
    max_cards_basis: str  # explicit | document_size (cards.budget)


class _ParseBar:
    """Progress while the parser's child reads the document: pages (or slides) when it declares them."""

    def __init__(self, enabled: bool) -> None:
        self.bar = tqdm(desc="reading", unit=" parts", disable=not enabled, file=sys.stderr, leave=False)

    def __call__(self, done: ParseProgress) -> None:
        if done.total is not None and self.bar.total != done.total:
            self.bar.total, self.bar.unit = done.total, f" {done.unit}"
        # A slide may hold several text frames: never show more than it declared.
        self.bar.n = min(done.blocks, done.total) if done.total else done.blocks
        self.bar.set_postfix_str(f"{done.chars:,} characters", refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def generate_deck_file(
    settings: Settings,
    source: Path,
    output: Path,
    *,
    fmt: str,
    max_cards: int | None,
    title: str,
    progress: bool = False,
) -> LocalSummary:
    """Write the deck of ``source`` to ``output`` in ``fmt``; progress on stderr when ``progress``.

    ``max_cards`` None sizes the deck by the document's words, as the server does.

    :raise NoCards: when the deck would hold no card (nothing is written then).
    """
    fmt = resolve_format(fmt)  # an unknown format fails before any work
    kind = detect_kind(source, source.name)
    bar = _ParseBar(progress)
    try:
        parsed = parse_document(
            source, kind, ParseLimits.from_settings(settings), on_progress=bar if progress else None
        )
    finally:
        bar.close()
    chunks = with_domain(chunk_document(parsed, settings.chunk_tokens), parsed.language)
    if not chunks:
        raise no_cards_error(RunTally.of_texts(s.text for s in parsed.sections))
    options = job_budget(settings, requested_options(max_cards), chunks)
    budget = int(options["max_cards"])
    if progress:
        pages = f"{parsed.page_count} pages, " if parsed.page_count else ""
        why = "as asked" if options["max_cards_basis"] == EXPLICIT else (
            f"{options['cards_per_1k_words']:g} per 1,000 words"
        )  # fmt: skip
        print(
            f"read {pages}{options['document_words']:,} words in {len(chunks)} chunk(s); "
            f"at most {budget} card(s) ({why})",
            file=sys.stderr,
        )
    completer = build_completer(settings, None)
    tally = RunTally.of_texts(s.text for c in chunks for s in c.sections)
    drafts: list[tuple[int, CardDraft]] = []  # (chunk index, card), in reading order
    for chunk, share in tqdm(
        list(zip(chunks, card_budgets(chunks, budget), strict=True)),
        desc="writing cards",
        unit="chunk",
        disable=not progress,
        file=sys.stderr,
    ):
        if share <= 0:
            continue  # max_cards went to other chunks (as on the server: no call)
        result = generate_cards(
            chunk,
            generation_options(options, share),
            completer,
            language=parsed.language,
            density_per_1k=settings.cards_offline_density_per_1k_words,
            dedupe_threshold=settings.cards_dedupe_threshold,
        )
        tally.drafted += result.drafted
        drafts.extend((chunk.index, card) for card in result.cards)
    selection = select_deck_cards(
        [d for _, d in drafts],
        [index for index, _ in drafts],
        threshold=settings.cards_dedupe_threshold,
        max_cards=budget,
    )  # the server's deck rules (cards.deck), on cards kept in memory
    kept = [drafts[i][1] for i in selection.kept]
    if not kept:
        raise no_cards_error(tally)

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
                source_span=d.source_span,
                origin=d.origin.value,
                provider=d.provider,
                model=d.model,
                checks=dict(d.checks),
            )
            for d, guid in zip(kept, guids, strict=True)
        ],
    )
    content, _mimetype, _extension = export_deck(deck, fmt)
    output.write_bytes(content)
    return LocalSummary(
        cards=len(kept),
        chunks=len(chunks),
        offline=all(d.origin == Origin.OFFLINE for d in kept),
        max_cards=budget,
        max_cards_basis=str(options["max_cards_basis"]),
    )
