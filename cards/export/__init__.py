"""Deck exports: Anki ``.apkg``, Anki text import (TSV), CSV, JSON, Markdown.

``export_deck(deck, fmt)`` returns ``(content, mimetype, extension)``.
"""

from __future__ import annotations

from collections.abc import Callable

from cards.export.anki import card_guid, deck_id_for, to_apkg
from cards.export.model import ExportCard, ExportDeck, source_label
from cards.export.text_formats import to_csv, to_json, to_markdown, to_tsv
from errors import ValidationFailed

__all__ = [
    "FORMATS",
    "ExportCard",
    "ExportDeck",
    "card_guid",
    "deck_id_for",
    "export_deck",
    "source_label",
]

# format → (writer, mimetype, file extension)
FORMATS: dict[str, tuple[Callable[[ExportDeck], bytes], str, str]] = {
    "apkg": (to_apkg, "application/apkg", "apkg"),
    "tsv": (to_tsv, "text/tab-separated-values; charset=utf-8", "txt"),
    "csv": (to_csv, "text/csv; charset=utf-8", "csv"),
    "json": (to_json, "application/json", "json"),
    "md": (to_markdown, "text/markdown; charset=utf-8", "md"),
}
_ALIASES = {"anki": "apkg", "markdown": "md", "txt": "tsv", "anki-text": "tsv"}


def export_deck(deck: ExportDeck, fmt: str) -> tuple[bytes, str, str]:
    """The deck in ``fmt``; an unknown format raises :class:`errors.ValidationFailed`."""
    key = _ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if key not in FORMATS:
        raise ValidationFailed(
            f"Unknown export format '{fmt}'.",
            hint=f"Use one of: {', '.join(sorted(FORMATS))}.",
            invalid_params=[{"name": "format", "reason": f"must be one of {', '.join(sorted(FORMATS))}"}],
        )
    writer, mimetype, extension = FORMATS[key]
    return writer(deck), mimetype, extension
