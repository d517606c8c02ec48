"""A bare Dramatiq worker module for the hops benchmark: Dramatiq's own RedisBroker, its defaults,
one no-op actor that pushes its token to a Redis list (the round trip's end).

Run by scripts/bench/hops.py as ``dramatiq scripts.bench.bare_actor`` with ``BARE_REDIS_URL`` set.
"""

from __future__ import annotations

import os

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

URL = os.environ["BARE_REDIS_URL"]
broker = RedisBroker(url=URL, namespace="bare")  # type: ignore[no-untyped-call]
dramatiq.set_broker(broker)
_client = redis.Redis.from_url(URL)


@dramatiq.actor(queue_name="bare", max_retries=0)
def bare_round_trip(token: str) -> None:
    _client.rpush("bare:done", token)
