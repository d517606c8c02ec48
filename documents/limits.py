"""Parse limits: what one document may cost, and a counter that enforces them while reading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from documents import progress
from errors import DocumentTooLarge, TooManyPages

if TYPE_CHECKING:
    from config.documents import DocumentSettings


@dataclass(frozen=True)
class ParseLimits:
    """Bounds on one parse; picklable, so it crosses into the parser's child process."""

    max_pages: int = 500
    max_chars: int = 2_000_000
    timeout_s: float = 120.0
    memory_mb: int = 1024
    ocr_enabled: bool = False

    @classmethod
    def from_settings(cls, settings: DocumentSettings) -> ParseLimits:
        """Limits from the settings object (``config.Settings`` or anything with its document fields)."""
        return cls(
            max_pages=settings.max_pages,
            max_chars=settings.max_chars,
            timeout_s=settings.parse_timeout_s,
            memory_mb=settings.parse_memory_mb,
            ocr_enabled=settings.ocr_enabled,
        )


class TextBudget:
    """Counts characters and pages as a parser reads, failing the moment a limit is passed.

    Parsers call :meth:`add_text` / :meth:`add_page` as they go, so a hostile file stops
    costing memory and time at the limit instead of after it has been read whole.
    """

    def __init__(self, limits: ParseLimits) -> None:
        self.limits = limits
        self.chars = 0
        self.pages = 0
        self.blocks = 0
        self.declared: tuple[int, str] | None = None  # (pages or slides, unit) the file declares

    def add_text(self, text: str) -> str:
        self.chars += len(text)
        if self.chars > self.limits.max_chars:
            raise DocumentTooLarge(
                f"The document holds more than {self.limits.max_chars:,} characters of text."
            )
        self.blocks += 1
        total, unit = self.declared or (None, "pages")
        progress.report(progress.ParseProgress(self.blocks, self.chars, total, unit))
        return text

    def check_pages(self, count: int, unit: str = "pages") -> None:
        """Refuse up front when a container declares more pages/slides than allowed."""
        if count > self.limits.max_pages:
            raise TooManyPages(f"The document has {count:,} {unit}; the limit is {self.limits.max_pages:,}.")
        self.declared = (count, unit)
        progress.report(progress.ParseProgress(0, 0, count, unit), force=True)

    def add_page(self, unit: str = "pages") -> None:
        self.pages += 1
        if self.pages > self.limits.max_pages:
            raise TooManyPages(f"The document has more than {self.limits.max_pages:,} {unit}.")
