"""The card checks' caches (a quote located in a section, a section's sentences) answer what the
uncached functions answer, on every section of corpus documents and every sentence quoted from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.placement import locate
from cards.text import normalize, section_sentences, split_sentences
from config import load_settings
from documents import ParseLimits, chunk_document
from documents.model import DocumentKind
from documents.registry import parse_document_in_process
from tests.conftest import corpus_file

DOCUMENTS = [
    ("md-rust-book-ch04-01-what-is-ownership.md", DocumentKind.MARKDOWN),
    ("html-wikipedia-duck.html", DocumentKind.HTML),
    ("epub-alice-in-wonderland.epub", DocumentKind.EPUB),
]


def section_texts() -> list[str]:
    settings = load_settings(_env_file=None)
    texts: list[str] = []
    for name, kind in DOCUMENTS:
        parsed = parse_document_in_process(Path(corpus_file(name)), kind, ParseLimits.from_settings(settings))
        texts += [s.text for chunk in chunk_document(parsed, settings.chunk_tokens) for s in chunk.sections]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return section_texts()


def test_a_sections_sentences_are_split_sentences_with_their_normal_forms(texts: list[str]) -> None:
    section_sentences.cache_clear()
    for _ in range(2):  # the second round from the cache (32 sections at most: some evicted)
        for text in texts:
            assert section_sentences(text) == tuple((s, normalize(s)) for s in split_sentences(text))


def test_a_located_quote_is_where_the_uncached_search_finds_it(texts: list[str]) -> None:
    locate.cache_clear()
    uncached = locate.__wrapped__
    for text in texts:
        sentences = split_sentences(text)
        # its own sentences, one cut short, one from another section, one found nowhere
        cut = [s[: len(s) // 2] + "…" for s in sentences[:2]]
        for span in [*sentences[:6], *cut, texts[0][:80], "x"]:
            expected = uncached(span, text)
            assert locate(span, text) == expected and locate(span, text) == expected, (span, text[:60])
    assert locate.cache_info().hits >= locate.cache_info().misses
