"""Progress streams at scale, on the real server: gunicorn with gunicorn.conf.py, real Redis.

The short form of ``scripts/bench/streams.py``: streams held must not starve other requests,
and must not cost a Redis connection each. Asserts on counts (served, refused, answered,
connections), never on timings; the timings are the benchmark's, as ratios.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import uuid

import pytest
import redis

from config import load_settings
from deploy.serving import FD_RESERVE, derived_stream_limit, stream_limit
from jobs.event_hub import EventHub
from jobs.events import JobEvents
from scripts.bench.streams import local_stack, run_streams
from tests.stack import ROOT

pytestmark = pytest.mark.slow


def test_two_hundred_streams_on_gevent_leave_every_other_request_answered():
    # One worker process: the whole load on one, as the cap is per process.
    with local_stack(jobs=10, server_env={"WEB_CONCURRENCY": "1"}) as stack:
        outcome = asyncio.run(run_streams(stack, streams=200, probes=20, ramp_s=2))
    counts = outcome.counts
    assert (counts.served, counts.refused, counts.unanswered) == (200, 0, 0)
    assert counts.ended == 200, "every held stream sees its job end (the fan-out reaches each)"
    for phase in (outcome.baseline, outcome.opening, outcome.held):
        assert phase.failed == 0
    assert outcome.held.answered == 40
    # The streams share one subscription and a small pool, not a connection each. The request
    # pools keep what the burst of stream starts needed at once, which grows with the load.
    assert 1 <= outcome.stream_clients_held < 200 // 2, outcome.stream_clients_held
    assert outcome.redis_clients_held < 200, outcome.redis_clients_held


def test_a_gthread_server_refuses_streams_past_its_derived_cap_and_keeps_answering():
    env = {"WEB_CONCURRENCY": "1", "WEB_WORKER_CLASS": "gthread", "WEB_THREADS": "8"}
    with local_stack(jobs=2, server_env=env) as stack:
        outcome = asyncio.run(run_streams(stack, streams=20, probes=10, ramp_s=1))
    counts = outcome.counts
    # 8 threads: 6 for streams, 2 kept for everything else.
    assert (counts.served, counts.refused, counts.unanswered) == (6, 14, 0)
    assert counts.ended == 6
    assert outcome.opening.failed == 0 and outcome.held.failed == 0
    assert outcome.held.answered == 20


@pytest.mark.parametrize(
    ("overrides", "open_files", "expected"),
    [
        ({"web_worker_class": "gevent", "web_worker_connections": 1000}, 20_000, 875),
        ({"web_worker_class": "gevent", "web_worker_connections": 1000}, 300, 300 - FD_RESERVE),
        ({"web_worker_class": "gthread", "web_threads": 8}, 20_000, 6),
        ({"web_worker_class": "gthread", "web_threads": 32}, 20_000, 28),
        ({"web_worker_class": "sync"}, 20_000, 0),
        ({"web_worker_class": "gevent", "web_worker_connections": 1000}, 100, 0),
    ],
)
def test_the_stream_cap_follows_what_the_process_can_hold(overrides, open_files, expected):
    settings = load_settings(**overrides, _env_file=None)
    assert derived_stream_limit(settings, open_files=open_files) == expected


def test_an_explicit_stream_cap_wins_and_an_empty_one_means_derived(monkeypatch):
    assert stream_limit(load_settings(sse_max_streams=3, _env_file=None)) == 3
    monkeypatch.setenv("SSE_MAX_STREAMS", "")
    settings = load_settings(_env_file=None)
    assert settings.sse_max_streams is None
    assert stream_limit(settings) == derived_stream_limit(settings)


def test_a_bad_worker_class_is_a_clear_configuration_error():
    result = subprocess.run(
        [sys.executable, "-c", "from cli import main; main()", "config", "check"],
        cwd=ROOT,
        env={**os.environ, "WEB_WORKER_CLASS": "eventlet", "PYTHONPATH": ROOT},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "WEB_WORKER_CLASS" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_password_hashing_does_not_stall_other_greenlets_under_gevent():
    # In a gevent-patched process (as gunicorn's gevent worker), a ticker greenlet keeps
    # running while a hash is computed: argon2 runs in gevent's thread pool, off the hub.
    script = textwrap.dedent(
        """
        from gevent import monkey
        monkey.patch_all()
        import gevent
        from api.auth import hash_password, verify_password

        ticks = 0
        def ticker():
            global ticks
            while True:
                gevent.sleep(0.001)
                ticks += 1

        ticking = gevent.spawn(ticker)
        gevent.sleep(0.01)
        before = ticks
        digest = hash_password("correct horse battery")
        during_hash = ticks - before
        before = ticks
        ok = verify_password(digest, "correct horse battery")
        during_verify = ticks - before
        ticking.kill()
        print(during_hash, during_verify, ok)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    during_hash, during_verify, ok = result.stdout.split()
    assert ok == "True"
    # Blocking the hub would leave the ticker at 0 or 1 tick for the whole hash.
    assert int(during_hash) >= 3 and int(during_verify) >= 3, result.stdout


def test_one_subscription_wakes_the_streams_of_a_job_and_survives_losing_it(settings):
    namespace = f"hub{uuid.uuid4().hex[:8]}"
    hub = EventHub(settings.redis_url, namespace)
    events = JobEvents(redis.Redis.from_url(settings.redis_url), namespace)
    with hub.watch("job-a") as bell_a, hub.watch("job-b") as bell_b:
        assert hub.wait_connected(10), "the subscriber connects on first use"
        assert hub.watching() == 2
        bell_a.wait(0)  # the ring of a fresh subscription (read what was announced before),
        bell_b.wait(0)  # given before it says it is connected
        events.publish("job-a", "stage", {"state": "running", "stage": "parsing"})
        assert bell_a.wait(10), "an event of job-a rings its stream"
        assert not bell_b.wait(0.2), "and only the streams of that job"
        assert hub.poll_interval_s(15) == 15

        # Redis drops the subscription: the hub reconnects and rings every stream once, so an
        # event announced meanwhile is read from the job's Redis Stream all the same.
        killer = redis.Redis.from_url(settings.redis_url)
        assert killer.client_kill_filter(_type="pubsub") >= 1
        assert bell_a.wait(10) and bell_b.wait(10)
        assert hub.wait_connected(10)
        bell_b.wait(0)  # the reconnection's ring, already given
        events.publish("job-b", "end", {"state": "cancelled", "stage": "done"})
        assert bell_b.wait(10), "events ring again on the new subscription"
    assert hub.watching() == 0, "a closed stream stops watching"
