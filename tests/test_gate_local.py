"""The request gate answered in the process: most polls make no Redis round trip, yet a block,
a revocation or a job's change set by another process applies to the very next request.

Redis and the database are real; "another process" is a second Redis client or engine writing
what that process would write. Round trips are counted with Redis's own ``INFO commandstats``
(the gate's one command is an ``EVALSHA``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlmodel import Session

from api.auth import generation_key
from api.gate import WindowLimit, plan
from api.local_counts import LocalCounts, batch_for, reserve
from config import Settings
from models import ApiToken, Job, utcnow
from models.db import make_engine
from models.security import BlockSubject
from redisconn.tracking import Mirror
from tests.stack import app_with, register, wait_for
from tests.test_api_inputs import assert_problem
from tests.test_job_reads import upload


def gate_calls(client: redis.Redis) -> int:
    """How many times Redis has run a script by its digest (the gate's round trip)."""
    stats: dict[str, Any] = client.info("commandstats")
    return int(stats.get("cmdstat_evalsha", {}).get("calls", 0))


@pytest.fixture
def polling(base_settings: Settings, redis_url: str) -> Iterator[tuple[FlaskClient, redis.Redis, Settings]]:
    app = app_with(base_settings, rate_limit_user="1000/minute", gate_local_batch=8)
    other = redis.Redis.from_url(redis_url, decode_responses=True)  # another process's client
    with app.test_client() as client:
        yield client, other, app.extensions["deckhand"].settings
    other.close()


def polled_job(client: FlaskClient, polls: int = 12) -> tuple[dict[str, str], str]:
    """A new account's job, polled past a batch: the mirror holds its reads and its answer."""
    headers = register(client)
    job_id = upload(client, headers)
    for _ in range(polls):
        assert poll(client, job_id, headers).status_code == 200
    return headers, job_id


def block_this_ip(client: FlaskClient, other: redis.Redis) -> None:
    """Another process's block of the test client's address."""
    security = client.application.extensions["deckhand_security"]
    other.set(security.block_key(BlockSubject.IP.value, "127.0.0.1"), "until", ex=60)


def poll(client: FlaskClient, job_id: str, headers: dict[str, str]) -> Any:
    return client.get(f"/api/v1/jobs/{job_id}", headers=headers)


def test_most_polls_of_an_unchanged_job_make_no_round_trip(
    polling: tuple[FlaskClient, redis.Redis, Settings],
) -> None:
    client, other, _settings = polling
    headers, job_id = polled_job(client, polls=1)
    first = poll(client, job_id, headers)
    before = gate_calls(other)
    answers = [poll(client, job_id, headers) for _ in range(40)]
    trips = gate_calls(other) - before
    assert all(a.status_code == 200 and a.get_data() == first.get_data() for a in answers)
    # One round trip per batch of 8 counted requests (the first may refill the mirror).
    assert 40 // 8 - 1 <= trips <= 40 // 8 + 2, trips


def test_a_block_set_elsewhere_refuses_the_next_request(
    polling: tuple[FlaskClient, redis.Redis, Settings],
) -> None:
    client, other, _settings = polling
    headers, job_id = polled_job(client)
    before = gate_calls(other)
    assert poll(client, job_id, headers).status_code == 200
    assert gate_calls(other) == before  # answered from the mirror
    block_this_ip(client, other)
    assert_problem(poll(client, job_id, headers), 403, "blocked")


def test_a_revocation_elsewhere_ends_the_token_at_the_next_request(
    polling: tuple[FlaskClient, redis.Redis, Settings],
) -> None:
    client, other, settings = polling
    headers = register(client)
    for _ in range(3):
        assert client.get("/api/v1/decks", headers=headers).status_code == 200
    before = gate_calls(other)
    assert client.get("/api/v1/decks", headers=headers).status_code == 200
    assert gate_calls(other) == before  # the token and its generation came from the mirror
    engine = make_engine(settings)
    with Session(engine) as session:  # the other process's revocation: its write, then its bump
        session.execute(update(ApiToken).values(revoked_at=utcnow()))
        session.commit()
    engine.dispose()
    other.incr(generation_key(settings))
    assert_problem(client.get("/api/v1/decks", headers=headers), 401, "unauthorized")


def test_a_write_to_the_job_elsewhere_shows_at_the_next_poll(
    polling: tuple[FlaskClient, redis.Redis, Settings],
) -> None:
    client, _other, settings = polling
    headers, job_id = polled_job(client)
    engine = make_engine(settings)  # a worker's engine: its commit bumps the job's version
    with Session(engine) as session:
        session.execute(update(Job).where(Job.id == job_id).values(cards_count=42))
        session.commit()
    engine.dispose()
    assert poll(client, job_id, headers).get_json()["cards_count"] == 42


def test_a_lost_tracking_connection_drops_the_mirror(
    polling: tuple[FlaskClient, redis.Redis, Settings],
) -> None:
    """Invalidations that could not be delivered must not leave a stale answer behind."""
    client, other, _settings = polling
    headers, job_id = polled_job(client)
    killed = 0
    for line in other.client_list():
        if line.get("name") == "deckhand-gate-mirror":
            other.client_kill_filter(_id=line["id"])
            killed += 1
    assert killed >= 1
    block_this_ip(client, other)
    assert_problem(poll(client, job_id, headers), 403, "blocked")


def test_the_limit_refuses_at_its_edge_even_when_counted_in_the_process(
    base_settings: Settings, redis_url: str
) -> None:
    app = app_with(base_settings, rate_limit_user="60/minute")
    other = redis.Redis.from_url(redis_url)
    with app.test_client() as client:
        headers = register(client)
        # Avoid a minute's edge during the run: the sliding window would blur the count.
        wait_for(lambda: time.time() % 60 < 55, timeout_s=30, what="the start of a minute")
        before = gate_calls(other)
        statuses = [client.get("/api/v1/decks", headers=headers).status_code for _ in range(70)]
        trips = gate_calls(other) - before
    other.close()
    assert statuses == [200] * 60 + [429] * 10
    assert trips < 70  # some of the 60 were counted in the process


# --- the parts -----------------------------------------------------------------------------


def test_local_counts_send_every_request_with_the_next_round_trip() -> None:
    limit = WindowLimit(1000, 60, "1000/minute")
    counters = plan("rl", "api", "user:1", (limit,), now=120.0)
    local = LocalCounts(batch=8)
    assert local.try_count(counters) is None  # never synced: Redis counts it
    assert local.take(counters) == [(1, 0)]
    local.synced(counters, [(1, 0)])
    counted = [local.try_count(counters) for _ in range(10)]
    assert [c is not None for c in counted] == [True] * 7 + [False] * 3  # batch - 1 wait here
    assert counted[6] is not None and counted[6][0].count == 8  # 1 synced + 7 here
    assert local.take(counters) == [(8, 0)]  # this request and the 7 waiting
    assert local.try_count(counters) is not None  # still synced: counting here again
    assert local.take(counters) == [(2, 0)]


def test_local_counts_leave_the_edge_of_a_limit_to_redis() -> None:
    limit = WindowLimit(100, 60, "100/minute")
    counters = plan("rl", "api", "user:1", (limit,), now=120.0)
    local = LocalCounts(batch=8)
    edge = limit.amount - reserve(limit, 8)
    local.synced(counters, [(edge - 1, 0)])
    assert local.try_count(counters) is not None  # the estimate reaches the edge: still here
    assert local.try_count(counters) is None  # past it: Redis decides


def test_local_counts_send_the_previous_windows_leftovers() -> None:
    limit = WindowLimit(1000, 60, "1000/minute")
    local = LocalCounts(batch=8)
    old = plan("rl", "api", "user:1", (limit,), now=100.0)
    local.synced(old, [(1, 0)])
    assert local.try_count(old) is not None and local.try_count(old) is not None
    new = plan("rl", "api", "user:1", (limit,), now=130.0)  # the next minute
    assert local.try_count(new) is None
    assert local.take(new) == [(1, 2)]  # this request to the new window, 2 to the old


def test_a_batch_is_at_most_a_sixteenth_of_its_limit() -> None:
    assert batch_for(WindowLimit(120, 60, "120/minute"), 64) == 7
    assert batch_for(WindowLimit(100_000, 60, "100000/minute"), 64) == 64
    assert batch_for(WindowLimit(5, 60, "5/minute"), 64) == 0  # never counted here
    counters = plan("rl", "upload", "user:1", (WindowLimit(5, 60, "5/minute"),), now=120.0)
    local = LocalCounts(batch=64)
    local.synced(counters, [(1, 0)])
    assert local.try_count(counters) is None


def test_a_batch_of_one_counts_everything_in_redis() -> None:
    counters = plan("rl", "api", "user:1", (WindowLimit(1000, 60, "1000/minute"),), now=120.0)
    local = LocalCounts(batch=1)
    local.synced(counters, [(1, 0)])
    assert local.try_count(counters) is None


def test_the_mirror_forgets_a_key_changed_by_anyone(redis_url: str) -> None:
    other = redis.Redis.from_url(redis_url, decode_responses=True)
    mirror = Mirror(redis_url, ("mirror-test:a:",), max_age_s=30)
    began = mirror.begin()
    mirror.store(began, {"mirror-test:a:1": "one", "mirror-test:a:2": None})
    assert mirror.get(["mirror-test:a:1", "mirror-test:a:2"]) == {
        "mirror-test:a:1": "one",
        "mirror-test:a:2": None,
    }
    other.set("mirror-test:b:1", "outside the prefix")
    assert mirror.get(["mirror-test:a:1"]) == {"mirror-test:a:1": "one"}
    other.set("mirror-test:a:2", "now there")  # the absence mirrored is no longer true
    assert mirror.get(["mirror-test:a:2"]) is None
    assert mirror.get(["mirror-test:a:1"]) == {"mirror-test:a:1": "one"}
    other.set("mirror-test:a:3", "short", px=50)
    began = mirror.begin()
    mirror.store(began, {"mirror-test:a:3": "short"})
    # Expiry is a change too: Redis announces it when the key goes.
    wait_for(lambda: other.get("mirror-test:a:3") is None and mirror.get(["mirror-test:a:3"]) is None, 10)
    mirror.close()
    other.delete("mirror-test:a:2")
    other.close()


def test_the_mirror_keeps_no_value_read_before_a_change(redis_url: str) -> None:
    other = redis.Redis.from_url(redis_url, decode_responses=True)
    mirror = Mirror(redis_url, ("mirror-race:",), max_age_s=30)
    began = mirror.begin()
    read = other.get("mirror-race:k")  # the round trip's read ...
    other.set("mirror-race:k", "changed")  # ... then a change before it is stored
    wait_for(lambda: (mirror.begin() or 0) > (began or 0), 10, "the invalidation")  # begin: the count read
    mirror.store(began, {"mirror-race:k": read})
    assert mirror.get(["mirror-race:k"]) is None
    mirror.close()
    other.delete("mirror-race:k")
    other.close()


def test_without_a_server_the_mirror_stays_off() -> None:
    mirror = Mirror("redis://127.0.0.1:1/0", ("x:",), max_age_s=30)
    assert mirror.begin() is None
    mirror.store(None, {"x:1": "1"})
    assert mirror.get(["x:1"]) is None
