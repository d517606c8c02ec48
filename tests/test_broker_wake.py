"""The broker's consumers wake at once for their own process's messages and freed prefetch room.

Real Redis. Each test first puts the consumer into its longest idle pause (BROKER_IDLE_POLL_MS =
10 s, so at least 5 s with Dramatiq's jitter) and only then sends or acks: without the wake-up
the message would wait out that pause, well past the test's 3 s deadline.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import dramatiq
import pytest
from dramatiq.brokers.redis import RedisBroker

from config import Settings, load_settings
from taskqueue.broker import WakeableRedisBroker, build_broker

QUEUE = "cards"
LONG_PAUSE_MS = 10_000
DEADLINE_S = 3.0


@pytest.fixture
def broker_settings(settings: Settings) -> Settings:
    return load_settings(
        **{
            **settings.model_dump(),
            "broker_namespace": f"wake-{uuid.uuid4().hex[:8]}",
            "broker_idle_poll_ms": LONG_PAUSE_MS,
        },
        _env_file=None,
    )


@pytest.fixture
def broker(broker_settings: Settings) -> Iterator[WakeableRedisBroker]:
    built = build_broker(broker_settings)
    assert isinstance(built, WakeableRedisBroker)
    yield built
    built.flush_all()
    built.close()


def message(broker: RedisBroker, token: str) -> dramatiq.Message[Any]:
    return dramatiq.Message(queue_name=QUEUE, actor_name="noop", args=(token,), kwargs={}, options={})


class Reader:
    """Calls ``next(consumer)`` in a thread until a message comes; records what and when."""

    def __init__(self, consumer: Any) -> None:
        self.consumer = consumer
        self.got: list[dramatiq.MessageProxy] = []
        self.at = 0.0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            proxy = next(self.consumer)
            if proxy is not None:
                self.got.append(proxy)
                self.at = time.monotonic()
                return

    def start_in_long_pause(self) -> None:
        """Start reading with the backoff at its ceiling; return once the reader is pausing."""
        self.consumer.misses = 30  # Dramatiq's backoff exponent: the next pause is the ceiling
        self._thread.start()
        deadline = time.monotonic() + 10
        while self.consumer.misses == 30:  # bumped right before the pause starts
            assert time.monotonic() < deadline, "the reader never reached its pause"
            time.sleep(0.005)

    def join(self) -> None:
        self._thread.join(timeout=30)


def test_a_message_sent_by_this_process_wakes_its_idle_consumer(broker: WakeableRedisBroker) -> None:
    consumer = broker.consume(QUEUE, prefetch=1, timeout=LONG_PAUSE_MS)
    reader = Reader(consumer)
    reader.start_in_long_pause()

    sent_at = time.monotonic()
    broker.enqueue(message(broker, "one"))
    reader.join()

    assert [m.args for m in reader.got] == [("one",)]
    assert reader.at - sent_at < DEADLINE_S, "the consumer waited out its idle pause"
    consumer.close()


def test_an_ack_wakes_a_consumer_whose_prefetch_was_full(
    broker: WakeableRedisBroker, broker_settings: Settings
) -> None:
    consumer = broker.consume(QUEUE, prefetch=1, timeout=LONG_PAUSE_MS)
    broker.enqueue(message(broker, "first"))
    first = next(consumer)
    assert first is not None and first.args == ("first",)
    # Sent by another process (a plain broker: no wake-up), while the prefetch is full.
    other = RedisBroker(url=broker_settings.redis_url, namespace=broker_settings.broker_namespace)
    other.enqueue(message(other, "second"))
    reader = Reader(consumer)
    reader.start_in_long_pause()

    acked_at = time.monotonic()
    consumer.ack(first)
    reader.join()

    assert [m.args for m in reader.got] == [("second",)]
    assert reader.at - acked_at < DEADLINE_S, "room under the prefetch waited for the idle pause"
    other.close()
    consumer.close()


def test_idle_polling_is_bounded_by_the_setting(broker: WakeableRedisBroker) -> None:
    consumer = broker.consume(QUEUE, prefetch=1, timeout=60_000)  # Dramatiq passes its worker timeout

    assert consumer.timeout == LONG_PAUSE_MS
    consumer.close()


def test_a_delayed_message_wakes_the_delay_queue_not_the_queue(broker: WakeableRedisBroker) -> None:
    broker.wake_event(QUEUE).clear()
    broker.wake_event(f"{QUEUE}.DQ").clear()

    broker.enqueue(message(broker, "later"), delay=60_000)

    assert broker.wake_event(f"{QUEUE}.DQ").is_set()
    assert not broker.wake_event(QUEUE).is_set()


def test_an_idle_poll_outside_its_bounds_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from config import ConfigError

    monkeypatch.setenv("BROKER_IDLE_POLL_MS", "0")
    with pytest.raises(ConfigError, match="BROKER_IDLE_POLL_MS"):
        load_settings(_env_file=None)
