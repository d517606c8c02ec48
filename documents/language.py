"""Language detection (py3langid: BSD, offline, a few ms)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from documents.model import Section

_SAMPLE_CHARS = 6000
_MIN_CHARS = 20


def _sample(sections: Sequence[Section]) -> str:
    """Text taken evenly across the document, so a preface in another language does not decide."""
    body = [s.text for s in sections if s.kind != "code" and s.text.strip()]
    if not body:
        return ""
    step = max(1, len(body) // 12)
    parts: list[str] = []
    size = 0
    for text in body[::step]:
        piece = text[: _SAMPLE_CHARS // 6]
        parts.append(piece)
        size += len(piece)
        if size >= _SAMPLE_CHARS:
            break
    return "\n".join(parts)


def detect_language(sections: Sequence[Section]) -> str | None:
    """ISO 639-1 code of the document's main language, or None when there is too little text."""
    sample = _sample(sections)
    if len(sample.strip()) < _MIN_CHARS:
        return None
    lang, _probability = language_identifier().classify(sample)  # type: ignore[attr-defined]
    return str(lang)


@functools.cache
def language_identifier() -> object:
    """py3langid's model with normalised probabilities, loaded once per process (~80 MB, numpy).

    Shared with the card checks (``cards.text.detect_language``): the most likely language is
    the same with or without normalisation, so one model serves both.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
