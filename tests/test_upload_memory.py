"""The upload memory benchmark's short form (``scripts/bench/upload_memory.py``, in ``make bench``).

A 50 MiB upload through gunicorn with the production settings (gevent, uploads stored in the
database) must not grow the web process's peak memory by more than 20 MiB: the upload is
streamed to disk and into the database in parts, never held whole. A memory budget, not a timing.
"""

from __future__ import annotations

import pytest

from scripts.bench import upload_memory

pytestmark = pytest.mark.slow


def test_a_50_mib_upload_grows_the_api_by_less_than_20_mib() -> None:
    assert upload_memory.main(["--mb", "50", "--budget-mb", "20"]) == 0


def test_the_document_is_written_to_the_size_asked(tmp_path) -> None:
    document = tmp_path / "notes.md"
    upload_memory.write_document(document, 300_000)
    assert document.stat().st_size == 300_000
    assert document.read_text().startswith("## Section 0")
