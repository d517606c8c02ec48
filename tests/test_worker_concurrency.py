"""Work done by a worker's threads at the same time gives what it gives one at a time.

A worker runs ``WORKER_THREADS`` messages at once; any state shared between them must not leak
from one message into another. Found: pysbd's ``Segmenter.segment`` keeps the text on the
instance, so the chunker's one shared segmenter confirmed sentence ends against another
thread's text, and concurrent ingests cut their documents differently from run to run.
"""

from __future__ import annotations

import threading

from documents import DocumentKind, ParseLimits, chunk_document
from documents import parse_document_in_process as parse_local
from documents.model import Chunk
from tests.conftest import corpus_file

DOCUMENTS = (
    ("md-rust-book-ch04-01-what-is-ownership.md", DocumentKind.MARKDOWN),
    ("txt-french-utf8-entre-nous.txt", DocumentKind.TEXT),
)
THREADS = 4
ROUNDS = 6


def texts(chunks: list[Chunk]) -> list[str]:
    return [c.text for c in chunks]


def test_documents_chunked_by_several_threads_at_once_are_cut_as_when_alone() -> None:
    parsed = [parse_local(corpus_file(name), kind, ParseLimits()) for name, kind in DOCUMENTS]
    alone = [texts(chunk_document(doc, 300)) for doc in parsed]
    differing: list[str] = []
    start = threading.Barrier(THREADS)

    def chunk_many(offset: int) -> None:
        start.wait()
        for round_ in range(ROUNDS):
            which = (offset + round_) % len(parsed)
            if texts(chunk_document(parsed[which], 300)) != alone[which]:
                differing.append(DOCUMENTS[which][0])

    threads = [threading.Thread(target=chunk_many, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert all(len(chunks) > 5 for chunks in alone), "documents long enough to need many cuts"
    assert differing == [], f"cut differently when chunked concurrently: {sorted(set(differing))}"
