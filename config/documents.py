"""Document settings: parsing limits and chunking. Owned by `documents/`."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings


class DocumentSettings(BaseSettings):
    """Limits that keep hostile or huge documents from costing memory or time."""

    max_pages: int = Field(500, ge=1, description="Most pages (PDF) or slides (PPTX) a document may have.")
    max_chars: int = Field(2_000_000, ge=1000, description="Most characters of text a document may hold.")
    parse_timeout_s: float = Field(120.0, gt=0, description="Wall-clock limit for parsing one document.")
    parse_memory_mb: int = Field(
        1024, ge=128, description="Address-space limit of the child process that parses a document, MiB."
    )
    chunk_tokens: int = Field(
        1200,
        ge=100,
        le=20_000,
        description="Token budget of one chunk sent to a card generator (tokens estimated as chars / 4).",
    )
    ocr_enabled: bool = Field(
        False,
        description="Run OCR (tesseract, when on PATH) on image-only PDFs instead of refusing them. "
        "Not implemented yet: image-only PDFs fail with no_text_layer either way.",
    )
