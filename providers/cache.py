"""Answers cached in Redis by (request.cache_key, provider, model).

One hash per cache key, ``llm:cache:{sha256(cache_key)}``, field ``{provider}|{model}``
-> the answer's JSON, so a re-run finds the answer of any provider and an outage
can be served from whichever provider answered before.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import redis

from providers.store import RedisGuard
from redisconn.keys import answer_cache_key


def _key(cache_key: str) -> str:
    return answer_cache_key(hashlib.sha256(cache_key.encode()).hexdigest())


class AnswerCache:
    def __init__(self, guard: RedisGuard, ttl_s: int) -> None:
        self.guard = guard
        self.ttl_s = ttl_s

    @property
    def enabled(self) -> bool:
        return self.ttl_s > 0

    def get(self, cache_key: str, provider: str, model: str) -> dict[str, Any] | None:
        if not cache_key or not self.enabled:
            return None

        def read(client: redis.Redis) -> dict[str, Any] | None:
            raw = client.hget(_key(cache_key), f"{provider}|{model}")
            return json.loads(raw) if raw else None

        return self.guard.run("cache", read, lambda: None)

    def get_any(self, cache_key: str) -> tuple[str, str, dict[str, Any]] | None:
        """(provider, model, data) of any cached answer for ``cache_key``."""
        if not cache_key or not self.enabled:
            return None

        def read(client: redis.Redis) -> tuple[str, str, dict[str, Any]] | None:
            for field, raw in client.hgetall(_key(cache_key)).items():
                name = field.decode() if isinstance(field, bytes) else field
                provider, _, model = name.partition("|")
                return provider, model, json.loads(raw)
            return None

        return self.guard.run("cache", read, lambda: None)

    def put(self, cache_key: str, provider: str, model: str, data: dict[str, Any]) -> None:
        if not cache_key or not self.enabled:
            return

        def write(client: redis.Redis) -> None:
            pipe = client.pipeline(transaction=False)
            pipe.hset(_key(cache_key), f"{provider}|{model}", json.dumps(data))
            pipe.expire(_key(cache_key), self.ttl_s)
            pipe.execute()

        self.guard.run("cache", write, lambda: None)
