"""flush_usage: Redis counters -> UsageRecord rows, exactly once even across crashes (both databases)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlmodel import Session, select

from models.db import make_engine
from models.usage import UsageFlushBatch, UsageRecord
from providers.config import fingerprint
from providers.flush import apply_batch, flush_usage
from providers.usage import BATCHES_SET, claim_usage, pending_batches, read_batch
from tests.database import migrate_head
from tests.providers.conftest import Sleeps, make_settings, request

pytestmark = pytest.mark.sql  # concurrent upserts: SQLite and PostgreSQL


@pytest.fixture
def engine(db_settings):
    migrate_head(db_settings)
    engine = make_engine(db_settings)
    yield engine
    engine.dispose()


def records(engine) -> dict[str, UsageRecord]:
    with Session(engine) as session:
        return {r.outcome: r for r in session.exec(select(UsageRecord)).all()}


def totals(engine) -> tuple[int, int, int]:
    rows = records(engine).values()
    return (
        sum(r.calls for r in rows),
        sum(r.input_tokens for r in rows),
        sum(r.output_tokens for r in rows),
    )


def traffic(fakes, chains, redis_client, *faults: str):
    a = fakes()
    a.script(*faults)
    settings = make_settings({"kiwi": (a, ["k1"])})
    chain = chains(settings, redis_client, sleep=Sleeps())
    answer = chain.complete_json(request())
    return settings, answer


def test_flush_writes_one_row_per_hour_model_key_outcome_with_exact_totals(
    fakes, chains, redis_client, engine
):
    settings, answer = traffic(fakes, chains, redis_client, "500")
    report = flush_usage(settings, redis_client, engine)
    assert (report.batches, report.rows, report.calls) == (1, 2, 2)
    rows = records(engine)
    assert sorted(rows) == ["ok", "server"]
    ok, server = rows["ok"], rows["server"]
    attempt_ok = answer.attempts[-1]
    assert (ok.provider, ok.model, ok.key_fingerprint) == ("kiwi", "kiwi-model", fingerprint("k1"))
    assert ok.calls == 1 and server.calls == 1
    assert (ok.input_tokens, ok.output_tokens) == (attempt_ok.input_tokens, attempt_ok.output_tokens)
    assert server.input_tokens == server.output_tokens == 0
    assert ok.latency_ms_sum == ok.latency_ms_max == attempt_ok.latency_ms
    now = dt.datetime.now(dt.UTC)
    assert ok.hour <= now and now - ok.hour < dt.timedelta(hours=1, minutes=1)  # the hour of the attempt
    assert ok.hour.minute == ok.hour.second == ok.hour.microsecond == 0
    assert report.tokens == attempt_ok.input_tokens + attempt_ok.output_tokens
    # nothing pending any more: a second flush changes nothing
    again = flush_usage(settings, redis_client, engine)
    assert (again.batches, again.rows) == (0, 0)
    assert totals(engine) == (2, attempt_ok.input_tokens, attempt_ok.output_tokens)


def test_later_traffic_adds_to_the_same_rows_and_keeps_the_max_latency(fakes, chains, redis_client, engine):
    settings, first = traffic(fakes, chains, redis_client)
    flush_usage(settings, redis_client, engine)
    chain = chains(settings, redis_client, sleep=Sleeps())
    second = chain.complete_json(request(text="Another sentence that is long enough to become a card."))
    flush_usage(settings, redis_client, engine)
    ok = records(engine)["ok"]
    assert ok.calls == 2
    assert ok.input_tokens == first.attempts[-1].input_tokens + second.attempts[-1].input_tokens
    latencies = [first.attempts[-1].latency_ms, second.attempts[-1].latency_ms]
    assert ok.latency_ms_sum == sum(latencies) and ok.latency_ms_max == max(latencies)


def test_crash_after_claim_before_sql_loses_nothing(fakes, chains, redis_client, engine):
    settings, _ = traffic(fakes, chains, redis_client)
    batch = claim_usage(redis_client)  # the flusher dies right after claiming
    assert batch is not None and pending_batches(redis_client) == [batch]
    report = flush_usage(settings, redis_client, engine)
    assert report.batches == 1 and report.already_flushed == 0
    assert totals(engine)[0] == 1
    assert pending_batches(redis_client) == []


def test_crash_after_sql_commit_before_ack_does_not_double_count(fakes, chains, redis_client, engine):
    settings, _ = traffic(fakes, chains, redis_client, "500")
    batch = claim_usage(redis_client)
    assert batch is not None
    rows = read_batch(redis_client, batch)
    assert rows is not None and apply_batch(engine, batch, rows)  # committed; dies before deleting the batch
    before = totals(engine)
    report = flush_usage(settings, redis_client, engine)
    assert (report.batches, report.already_flushed) == (0, 1)
    assert totals(engine) == before == (2, before[1], before[2])
    assert pending_batches(redis_client) == [] and not redis_client.exists(f"llm:usebatch:{batch}")


def test_the_same_batch_is_applied_once(fakes, chains, redis_client, engine):
    _, _ = traffic(fakes, chains, redis_client)
    batch = claim_usage(redis_client)
    rows = read_batch(redis_client, batch)
    assert apply_batch(engine, batch, rows) is True
    assert apply_batch(engine, batch, rows) is False
    assert totals(engine)[0] == 1
    with Session(engine) as session:
        assert session.get(UsageFlushBatch, batch).rows == 1


def test_concurrent_flushers_count_once(fakes, chains, redis_client, engine):
    settings, _ = traffic(fakes, chains, redis_client, "500")
    errors: list[BaseException] = []

    def run() -> None:
        try:
            flush_usage(settings, redis_client, engine)
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = records(engine)
    assert rows["server"].calls == rows["ok"].calls == 1
    assert not redis_client.smembers(BATCHES_SET)


def test_an_expired_batch_is_forgotten(redis_client, engine, settings):
    redis_client.sadd(BATCHES_SET, "gone")
    report = flush_usage(settings, redis_client, engine)
    assert report.batches == 0 and not redis_client.smembers(BATCHES_SET)
