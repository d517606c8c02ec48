"""The plain data every exporter takes, independent of the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

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
    source_span: str = ""  # the document's own sentence(s) the card was checked against
    origin: str = "offline"  # llm | offline | manual
    provider: str | None = None
    model: str | None = None
    checks: dict[str, bool] = field(default_factory=dict)  # quality rule id → passed

    @property
    def card_kind(self) -> CardKind:
        return CardKind(self.kind)


@dataclass(frozen=True)
class ExportDeck:
    title: str
    deck_key: str  # stable string (e.g. the deck id): derives the Anki deck id
    cards: list[ExportCard] = field(default_factory=list)


class CardFields(Protocol):
    """What :func:`card_fields` reads: a stored card (``models.Card``) or an :class:`ExportCard`."""

    @property
    def kind(self) -> str: ...
    @property
    def front(self) -> str: ...
    @property
    def back(self) -> str: ...
    @property
    def source(self) -> Mapping[str, Any]: ...
    @property
    def source_span(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def provider(self) -> str | None: ...
    @property
    def model(self) -> str | None: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def checks(self) -> Mapping[str, bool]: ...
    @property
    def guid(self) -> str: ...


def card_fields(card: CardFields) -> dict[str, Any]:
    """A card's content as JSON: the one shape of the API's cards and of the JSON export.

    ``api.serializers.card_json`` adds the stored card's id; the JSON export (``deckhand
    generate -o deck.json`` too) adds ``content_changed_at``.
    """
    return {
        "kind": str(card.kind),
        "front": card.front,
        "back": card.back,
        "source": dict(card.source),
        "source_span": card.source_span,
        "origin": str(card.origin),
        "provider": card.provider,
        "model": card.model,
        "tags": list(card.tags),
        "checks": dict(card.checks),
        "guid": card.guid,
    }


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
