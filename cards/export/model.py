"""The plain data every exporter takes, independent of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cards.schema import CardKind


@dataclass(frozen=True)
class ExportCard:
    guid: str  # stable across exports: see cards.export.card_guid
    kind: CardKind | str
    front: str  # cloze cards: the text with {{c1::...}} deletions
    back: str  # cloze cards: extra context (may be empty)
    source: dict[str, Any] = field(default_factory=dict)  # SourceRef.as_dict()
    tags: list[str] = field(default_factory=list)
    content_changed_at: datetime = datetime(2000, 1, 1, tzinfo=UTC)  # UTC; becomes Anki's note `mod`

    @property
    def card_kind(self) -> CardKind:
        return CardKind(self.kind)


@dataclass(frozen=True)
class ExportDeck:
    title: str
    deck_key: str  # stable string (e.g. the deck id): derives the Anki deck id
    cards: list[ExportCard] = field(default_factory=list)


def source_label(source: dict[str, Any]) -> str:
    """A short human form of a source: "p. 12 · Methods › Sampling"."""
    parts: list[str] = []
    if source.get("page") is not None:
        parts.append(f"p. {source['page']}")
    if source.get("slide") is not None:
        parts.append(f"slide {source['slide']}" + (" (notes)" if source.get("notes") else ""))
    if source.get("chapter"):
        parts.append(str(source["chapter"]))
    if source.get("heading"):
        parts.append(" › ".join(str(h) for h in source["heading"]))
    if source.get("lines"):
        first, last = source["lines"]
        parts.append(f"lines {first}-{last}")
    return " · ".join(parts)
