"""Text exports: Anki text import (TSV with headers), CSV, JSON and Markdown."""

from __future__ import annotations

import csv
import io
import json

from cards.export.fields import anki_tag, to_field_html
from cards.export.model import ExportCard, ExportDeck, card_fields, source_label
from cards.schema import CardKind

# Anki's stock note types, present in every collection, so the file imports anywhere.
TSV_NOTETYPES = {
    CardKind.BASIC: "Basic",
    CardKind.REVERSED: "Basic (and reversed card)",
    CardKind.CLOZE: "Cloze",
}


def _back_with_source(card: ExportCard) -> str:
    back = to_field_html(card.back)
    label = source_label(card.source)
    if not label:
        return back
    return (
        f"{back}<br><br><small>Source: {to_field_html(label)}</small>"
        if back
        else f"<small>{to_field_html(label)}</small>"
    )


def to_tsv(deck: ExportDeck) -> bytes:
    """Anki (≥ 2.1.54) text import: basic and cloze notes in one file, typed by a notetype column."""
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n")
    out.write("#notetype column:1\n#deck column:2\n#guid column:3\n#tags column:6\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for card in deck.cards:
        writer.writerow(
            [
                TSV_NOTETYPES[card.card_kind],
                deck.title.replace("\t", " "),
                card.guid,
                to_field_html(card.front),
                _back_with_source(card),
                " ".join(anki_tag(t) for t in card.tags),
            ]
        )
    return out.getvalue().encode("utf-8")


def to_csv(deck: ExportDeck) -> bytes:
    """Plain CSV for spreadsheets and other apps: front, back, kind, source, tags."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["front", "back", "kind", "source", "tags"])
    for card in deck.cards:
        writer.writerow(
            [card.front, card.back, str(card.card_kind), source_label(card.source), " ".join(card.tags)]
        )
    return out.getvalue().encode("utf-8")


def to_json(deck: ExportDeck) -> bytes:
    payload = {
        "title": deck.title,
        "deck_key": deck.deck_key,
        "cards": [
            {**card_fields(c), "content_changed_at": c.content_changed_at.isoformat()} for c in deck.cards
        ],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def to_markdown(deck: ExportDeck) -> bytes:
    lines = [f"# {deck.title}", ""]
    for number, card in enumerate(deck.cards, 1):
        lines.append(f"## {number}. {card.front.strip()}")
        lines.append("")
        if card.back.strip():
            lines.extend([card.back.strip(), ""])
        label = source_label(card.source)
        if label:
            lines.extend([f"*Source: {label}*", ""])
    return "\n".join(lines).encode("utf-8")
