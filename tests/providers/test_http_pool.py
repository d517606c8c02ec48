"""The worker's provider chain holds an HTTP connection for each of its threads.

A request past the pool's size waits for a free connection (up to its timeout) before it is
sent: with more worker threads than connections, calls made together would queue behind each
other's answers. Real SDK, real fake server, real threads.
"""

from __future__ import annotations

import threading

import pytest

from providers.adapters import DEFAULT_HTTP_CONNECTIONS
from providers.fakes import FakeLLMServer
from providers.types import LLMRequest
from tasks.pipeline import build_completer
from tests.providers.conftest import make_settings
from workers.local_stack import wait_until

REQUEST = LLMRequest(
    system="Answer with JSON.", user="[S1] (p. 1)\nA short text.", json_schema={"type": "object"}
)


def _calls_at_once(threads: int, latency_s: float) -> set[int]:
    """The client ports of ``threads`` calls made at the same moment through a worker's chain."""
    with FakeLLMServer(latency_s=latency_s) as fake:
        settings = make_settings(
            {"openai": (fake, ["sk-pool"])}, worker_threads=threads, openai_timeout_s=60.0
        )
        chain = build_completer(settings, None)
        assert chain is not None
        start = threading.Barrier(threads, timeout=60)
        errors: list[BaseException] = []

        def call() -> None:
            try:
                start.wait()
                chain.complete_json(REQUEST)
            except BaseException as exc:  # reported below
                errors.append(exc)

        workers = [threading.Thread(target=call) for _ in range(threads)]
        try:
            for worker in workers:
                worker.start()
            wait_until(lambda: len(fake.log()) >= threads or None, 120, f"{threads} requests at the fake")
            for worker in workers:
                worker.join(timeout=120)
        finally:
            chain.close()
        assert not errors, errors[:3]
        return {entry["peer"] for entry in fake.log()}


@pytest.mark.slow
def test_more_threads_than_the_default_pool_each_get_a_connection_of_their_own() -> None:
    threads = DEFAULT_HTTP_CONNECTIONS + 16
    # The fake holds every answer long enough for all the calls to be in flight together: with a
    # pool of the default size, 16 of them would wait and reuse connections the first ones freed.
    peers = _calls_at_once(threads, latency_s=3.0)
    assert len(peers) == threads
