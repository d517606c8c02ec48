"""Loaders run once per process however many threads ask at once (once.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from cards.frequency import word_table
from documents.language import language_identifier
from once import load_once


def at_once(call: Callable[[], object], threads: int = 8) -> list[object]:
    """``call``'s results from ``threads`` threads released together."""
    start = threading.Barrier(threads)
    results: list[object] = []

    def run() -> None:
        start.wait()
        results.append(call())

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert len(results) == threads
    return results


def test_threads_that_ask_together_share_one_load() -> None:
    calls: list[str] = []

    @load_once
    def slow(name: str) -> list[str]:
        calls.append(name)
        threading.Event().wait(0.2)  # the first load still runs while the other threads ask
        return [name]

    results = at_once(lambda: slow("model"))
    assert calls == ["model"]
    assert len({id(result) for result in results}) == 1
    assert slow("other") == ["other"] and calls == ["model", "other"]


def test_the_language_model_and_a_word_list_load_once_for_a_burst_of_threads() -> None:
    # A worker's threads start together on the first jobs; each used to load its own copy.
    assert len({id(model) for model in at_once(language_identifier)}) == 1
    assert len({id(table) for table in at_once(lambda: word_table("fr"))}) == 1
