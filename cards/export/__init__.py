"""Deck exports: Anki ``.apkg``, Anki text import (TSV), CSV, JSON, Markdown.

``export_deck(deck, fmt)`` returns ``(content, mimetype, extension)``.
"""

from __future__ import annotations

from collections.abc import Callable

from cards.export.anki import card_guid, deck_id_for, to_apkg
from cards.export.model import ExportCard, ExportDeck, card_fields, source_label
from cards.export.text_formats import to_csv, to_json, to_markdown, to_tsv
from errors import ValidationFailed

__all__ = [
    "DESCRIPTIONS",
    "EXTENSIONS",
    "FORMATS",
    "ExportCard",
    "ExportDeck",
    "card_fields",
    "card_guid",
    "deck_id_for",
    "export_deck",
    "resolve_format",
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


#: What each format is, for help texts.
DESCRIPTIONS = {
    "apkg": "Anki package",
    "csv": "spreadsheet",
    "json": "every card field",
    "md": "Markdown",
    "tsv": "Anki text import",
}
#: File extensions that name a format (``deckhand generate -o deck.EXT``).
EXTENSIONS = {
    "apkg": "apkg",
    "csv": "csv",
    "json": "json",
    "md": "md",
    "markdown": "md",
    "tsv": "tsv",
    "txt": "tsv",
}


def resolve_format(fmt: str) -> str:
    """The format ``fmt`` names (aliases resolved); an unknown one raises :class:`errors.ValidationFailed`."""
    key = _ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
    if key not in FORMATS:
        raise ValidationFailed(
            f"Unknown export format '{fmt}'.",
            hint=f"Use one of: {', '.join(sorted(FORMATS))}.",
            invalid_params=[{"name": "format", "reason": f"must be one of {', '.join(sorted(FORMATS))}"}],
        )
    return key


def export_deck(deck: ExportDeck, fmt: str) -> tuple[bytes, str, str]:
    """The deck in ``fmt``; an unknown format raises :class:`errors.ValidationFailed`."""
    writer, mimetype, extension = FORMATS[resolve_format(fmt)]
    return writer(deck), mimetype, extension
