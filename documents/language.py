"""Language detection (py3langid: BSD, offline, one or two milliseconds a document)."""

from __future__ import annotations

from collections.abc import Sequence

from documents.model import Section
from once import load_once

# The classifier reads its input byte by byte in Python (about 1 ms per 3,000 bytes of UTF-8):
# 3,000 bytes in twelve pieces spread over the document decide as well as 6,000 characters did
# on every corpus document, at half the cost or less (a Korean character is three bytes).
_SAMPLE_BYTES = 3000
_PIECES = 12
_MIN_CHARS = 20


def _sample(sections: Sequence[Section]) -> str:
    """Text taken evenly across the document, so a preface in another language does not decide."""
    body = [s.text for s in sections if s.kind != "code" and s.text.strip()]
    if not body:
        return ""
    step = max(1, len(body) // _PIECES)
    picked = body[::step][:_PIECES]
    # A short document gives its few sections more each; a byte a piece for the joining line break.
    piece = _SAMPLE_BYTES // len(picked) - 1
    return "\n".join(_head(text, piece) for text in picked)


def _head(text: str, size: int) -> str:
    """The first ``size`` bytes of the text's UTF-8 (a character cut in two is left out)."""
    head = text[:size]
    return head if head.isascii() else head.encode()[:size].decode(errors="ignore")


def detect_language(sections: Sequence[Section]) -> str | None:
    """ISO 639-1 code of the document's main language, or None when there is too little text."""
    sample = _sample(sections)
    if len(sample.strip()) < _MIN_CHARS:
        return None
    lang, _probability = language_identifier().classify(sample)  # type: ignore[attr-defined]
    return str(lang)


@load_once
def language_identifier() -> object:
    """py3langid's model with normalised probabilities, loaded once per process (~80 MB, numpy).

    Shared with the card checks (``cards.text.detect_language``): the most likely language is
    the same with or without normalisation, so one model serves both.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
