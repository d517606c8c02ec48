"""Queue introspection and repair on real Redis, with real messages sent through the real broker."""

from __future__ import annotations

import json

from dramatiq.brokers.redis import RedisBroker

from ops import queues
from tests.ops.conftest import dead_letter, fetch_one, send

Q = "cards"


def stats_of(redis_client, settings, name: str = Q) -> queues.QueueStats:
    found = queues.overview(redis_client, settings.broker_namespace, [name, "maintenance"])
    return next(s for s in found if s.name == name)


def populate(broker: RedisBroker) -> dict[str, list[str]]:
    """2 dead letters, 4 ready (1 then fetched: in flight), 2 delayed."""
    dead = [dead_letter(broker, Q, "generate_chunk", ("job-dead-1", 3)).message_id]
    dead.append(dead_letter(broker, Q, "finalize_job", ("job-dead-2",)).message_id)
    live = [send(broker, Q, "generate_chunk", f"job-live-{i}", i) for i in range(4)]
    delayed = [send(broker, Q, "finalize_job", f"job-later-{i}", delay=3_600_000) for i in range(2)]
    fetch_one(broker, Q)  # a worker holds one: in flight, unacked
    return {"dead": dead, "live": live, "delayed": delayed}


def test_overview_counts_live_delayed_in_flight_and_dead(broker, redis_client, ops_settings):
    populate(broker)
    stats = stats_of(redis_client, ops_settings)
    assert (stats.ready, stats.in_flight, stats.delayed, stats.dead) == (3, 1, 2, 2)
    assert stats.dead_recent == 2
    assert stats.oldest_ready_age_s is not None and stats.oldest_ready_age_s >= 0
    empty = stats_of(redis_client, ops_settings, "maintenance")
    assert (empty.ready, empty.in_flight, empty.delayed, empty.dead, empty.oldest_ready_age_s) == (
        0,
        0,
        0,
        0,
        None,
    )


def test_overview_counts_match_raw_redis(broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    stats = stats_of(redis_client, ops_settings)
    assert stats.ready == redis_client.llen(f"{ns}:{Q}")
    assert stats.delayed == redis_client.hlen(f"{ns}:{Q}.DQ.msgs")
    assert stats.dead == redis_client.zcard(f"{ns}:{Q}.XQ")


def test_discovers_queues_that_are_not_declared(broker, redis_client, ops_settings):
    send(broker, "adhoc", "some_actor")
    found = queues.discover_queues(redis_client, ops_settings.broker_namespace, ["cards"])
    assert "adhoc" in found and "cards" in found
    assert not any(name.endswith((".DQ", ".XQ")) for name in found)


def test_dead_letters_show_actor_args_retries_and_traceback_newest_first(broker, redis_client, ops_settings):
    ids = populate(broker)["dead"]
    page = queues.dead_letters(redis_client, ops_settings.broker_namespace, Q, limit=50)
    assert page.total == 2
    newest, oldest = page.items
    assert [newest.message_id, oldest.message_id] == [ids[1], ids[0]]
    assert (oldest.actor, oldest.args, oldest.retries, oldest.max_retries) == (
        "generate_chunk", ["job-dead-1", 3], 2, 2,
    )  # fmt: skip
    assert "ValueError: provider answered nonsense" in oldest.traceback
    assert oldest.error == "ValueError: provider answered nonsense"
    assert oldest.dead_at >= oldest.enqueued_at


def test_dead_letters_are_paged(broker, redis_client, ops_settings):
    for i in range(5):
        dead_letter(broker, Q, "finalize_job", (f"job-{i}",))
    ns = ops_settings.broker_namespace
    pages = [queues.dead_letters(redis_client, ns, Q, offset=offset, limit=2) for offset in (0, 2, 4)]
    assert [len(p.items) for p in pages] == [2, 2, 1]
    seen = [m.args[0] for p in pages for m in p.items]
    assert sorted(seen) == [f"job-{i}" for i in range(5)]  # disjoint pages covering all
    times = [m.dead_at for p in pages for m in p.items]
    assert times == sorted(times, reverse=True)
    assert {p.total for p in pages} == {5}


def test_requeue_one_moves_it_to_the_ready_queue_as_a_fresh_attempt(broker, redis_client, ops_settings):
    ids = populate(broker)["dead"]
    ns = ops_settings.broker_namespace
    redis_client.set(f"{ns}:deliveries:{ids[0]}", 4)  # JobTracking's crash counter for it
    target = next(m for m in queues.dead_letters(redis_client, ns, Q).items if m.message_id == ids[0])

    assert queues.requeue(broker, redis_client, ns, Q, [target.redis_id]) == 1

    stats = stats_of(redis_client, ops_settings)
    assert (stats.ready, stats.dead) == (4, 1)
    assert redis_client.zscore(f"{ns}:{Q}.XQ", target.redis_id) is None
    assert redis_client.hget(f"{ns}:{Q}.XQ.msgs", target.redis_id) is None
    tail_id = redis_client.lindex(f"{ns}:{Q}", -1)
    body = json.loads(redis_client.hget(f"{ns}:{Q}.msgs", tail_id))
    assert body["message_id"] == ids[0] and body["args"] == ["job-dead-1", 3]
    assert body["options"]["retries"] == 0 and "traceback" not in body["options"]
    assert redis_client.get(f"{ns}:deliveries:{ids[0]}") is None


def test_requeue_all_empties_the_dead_letter_queue(broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    assert queues.requeue_all(broker, redis_client, ns, Q) == 2
    stats = stats_of(redis_client, ops_settings)
    assert (stats.ready, stats.delayed, stats.dead) == (5, 2, 0)
    assert redis_client.hlen(f"{ns}:{Q}.XQ.msgs") == 0


def test_delete_one_removes_only_that_dead_letter(broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    victim = queues.dead_letters(redis_client, ns, Q).items[0]
    assert queues.delete(redis_client, ns, Q, [victim.redis_id]) == 1
    assert queues.delete(redis_client, ns, Q, [victim.redis_id]) == 0
    stats = stats_of(redis_client, ops_settings)
    assert (stats.ready, stats.in_flight, stats.delayed, stats.dead) == (3, 1, 2, 1)
    assert queues.dead_letter(redis_client, ns, Q, victim.redis_id) is None


def test_purge_drops_dead_letters_and_keeps_pending_work(broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    assert queues.purge(redis_client, ns, Q) == 2
    assert not redis_client.exists(f"{ns}:{Q}.XQ", f"{ns}:{Q}.XQ.msgs")
    stats = stats_of(redis_client, ops_settings)
    assert (stats.ready, stats.in_flight, stats.delayed, stats.dead) == (3, 1, 2, 0)


def test_a_dead_letter_whose_body_vanished_is_listed_not_fatal(broker, redis_client, ops_settings):
    populate(broker)
    ns = ops_settings.broker_namespace
    victim = queues.dead_letters(redis_client, ns, Q).items[0]
    redis_client.hdel(f"{ns}:{Q}.XQ.msgs", victim.redis_id)
    listed = queues.dead_letters(redis_client, ns, Q).items[0]
    assert listed.error == "(message body missing)" and listed.actor == "?"
    assert queues.requeue_all(broker, redis_client, ns, Q) == 2
    assert redis_client.zcard(f"{ns}:{Q}.XQ") == 0
