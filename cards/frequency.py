"""How common a word is in general language: ``wordfreq``'s zipf frequencies, cached.

The cloze gate (:mod:`cards.terms`) and the definition checks ask it whether a word is rare enough
to be worth recalling. ``wordfreq`` (Apache-2.0) ships its data; it has none for some languages
and needs MeCab or jieba for Japanese, Korean and Chinese, so there the answer is ``None``.
"""

from __future__ import annotations

import functools
import unicodedata

_NO_WORDFREQ = frozenset({"ja", "ko", "zh"})  # need MeCab/jieba, which we do not ship


@functools.cache
def zipf(word: str, language: str | None) -> float | None:
    """``wordfreq``'s zipf frequency of ``word`` (0 = unseen), or ``None`` when it has no data."""
    lang = (language or "en").split("-")[0].lower()
    if lang in _NO_WORDFREQ or lang not in _wordfreq_languages():
        return None  # never a "nearest match": Latin words judged by Italian frequencies mislead
    try:
        from wordfreq import zipf_frequency

        found = float(zipf_frequency(word, lang))
        plain = _without_accents(word)
        if plain != word:
            # "rôle", "naïve": an old or foreign spelling of a common word is as common as the word
            found = max(found, float(zipf_frequency(plain, lang)))
        return found
    except (LookupError, ImportError, ValueError):
        return None


def _without_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@functools.cache
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages())
