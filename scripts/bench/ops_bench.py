"""Benchmark of the ops dashboard's queue reads with 100,000 messages queued.

Enqueues 100,000 real messages through the real Redis broker (plus 10,000 delayed
and 5,000 dead-lettered ones) on a private redis-server, then times, per call:

* baseline: one pipelined round of LLEN / HLEN / ZCARD over the declared queues
  (the least any queue overview can do);
* ``ops.queues.overview`` (with queue discovery by SCAN): the numbers of /ops;
* one dead-letter page (``ZREVRANGE`` + ``HMGET`` of 50);
* the whole ``GET /ops`` page (queues, workers, alerts, system, audit) through the Flask app.

Prints each median and its ratio to the baseline: the dashboard's cost must not grow
with the queue length (its reads are O(queues + page), never O(messages)).

Run: ``.venv/bin/python -m scripts.bench.ops_bench``
"""

from __future__ import annotations

import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import dramatiq
import redis

from api import create_app
from api.commands import set_role
from config import load_settings
from models import Role
from models.db import migrate
from ops import queues
from redisconn.embedded import free_port, server_args, wait_until_up
from taskqueue.broker import build_broker
from taskqueue.names import ALL_QUEUES, CARDS_QUEUE, DOCUMENTS_QUEUE

READY = 100_000
DELAYED = 10_000
DEAD = 5_000
RUNS = 50


def timed(fn: Callable[[], Any], runs: int = RUNS) -> float:
    fn()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def message(queue: str, actor: str, *args: Any, **options: Any) -> dramatiq.Message[Any]:
    return dramatiq.Message(queue_name=queue, actor_name=actor, args=args, kwargs={}, options=options)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = subprocess.Popen(server_args(port, Path(tmp), daemonize=False), stdout=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
        try:
            wait_until_up(url)
            settings = load_settings(
                env="test",
                data_dir=Path(tmp) / "data",
                redis_url=url,
                rate_limits_enabled=False,
                _env_file=None,
            )
            run(settings, redis.Redis.from_url(url))
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def run(settings: Any, client: redis.Redis) -> None:
    ns = settings.broker_namespace
    broker = build_broker(settings)
    start = time.perf_counter()
    for i in range(READY):
        broker.enqueue(message(CARDS_QUEUE, "generate_chunk", f"job-{i}", i))
    for i in range(DELAYED):
        broker.enqueue(message(CARDS_QUEUE, "finalize_job", f"job-{i}"), delay=3_600_000)
    # Dead letters: fetched and nacked by the broker's own consumer, as a worker does.
    for i in range(DEAD):
        broker.enqueue(message(DOCUMENTS_QUEUE, "ingest_document", f"doc-{i}", retries=2, traceback="E: x"))
    consumer = broker.consume(DOCUMENTS_QUEUE, prefetch=500, timeout=10)
    dead = 0
    while dead < DEAD:
        proxy = next(consumer)
        if proxy is not None:
            consumer.nack(proxy)
            dead += 1
    fill_s = time.perf_counter() - start
    print(f"filled: {READY} ready + {DELAYED} delayed + {DEAD} dead in {fill_s:.1f} s")
    print(f"redis used_memory: {client.info('memory')['used_memory'] / 1048576:.1f} MiB")

    def baseline() -> None:
        pipe = client.pipeline(transaction=False)
        for q in ALL_QUEUES:
            pipe.llen(f"{ns}:{q}")
            pipe.hlen(f"{ns}:{q}.DQ.msgs")
            pipe.zcard(f"{ns}:{q}.XQ")
        pipe.execute()

    def overview() -> None:
        stats = queues.overview(client, ns, queues.discover_queues(client, ns, ALL_QUEUES))
        assert next(s for s in stats if s.name == CARDS_QUEUE).ready == READY

    def dead_page() -> None:
        assert len(queues.dead_letters(client, ns, DOCUMENTS_QUEUE, offset=2_000, limit=50).items) == 50

    migrate(settings)
    app = create_app(settings)
    logging.getLogger("api.access").setLevel(logging.WARNING)  # one line per request would drown the table
    http = app.test_client()
    email = "bench@example.com"
    token = http.post("/api/v1/auth/register", json={"email": email, "password": "correct horse battery"})
    set_role(settings, email, Role.ADMIN)
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}

    def page() -> None:
        assert http.get("/ops", headers=headers).status_code == 200

    base = timed(baseline)
    rows = [
        ("baseline: 1 pipelined LLEN/HLEN/ZCARD round", base),
        ("ops.queues.overview (+ SCAN discovery)", timed(overview)),
        ("dead-letter page (50 of 5,000, offset 2,000)", timed(dead_page)),
        ("GET /ops (whole page, Flask test client)", timed(page, runs=20)),
    ]
    print(f"\n{'what':48} {'median':>10} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:48} {seconds * 1000:8.2f} ms {seconds / base:10.1f}x")


if __name__ == "__main__":
    main()
