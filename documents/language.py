"""Language detection (py3langid: BSD, offline, a few ms)."""

from __future__ import annotations

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
    import py3langid  # loads its model (numpy) on import: only where parsing happens

    lang, _score = py3langid.classify(sample)
    return str(lang)
