"""Fakes, settings and chains for the provider tests (real SDKs, real Redis, loopback fakes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from cards.schema import LLMCardBatch, llm_json_schema
from config import Settings, load_settings
from providers.chain import AttemptTrace, ProviderChain
from providers.fakes import FakeLLMServer
from providers.types import LLMRequest

TEXT = (
    "The mitochondrion is the powerhouse of the cell. Water boils at 100 degrees Celsius at sea level. "
    "The treaty of Westphalia was signed in 1648."
)

#: Fast numbers: every sleep in the chain is small, cool-downs are short.
FAST: dict[str, Any] = {
    "llm_chain_deadline_s": 10.0,
    "llm_backoff_base_s": 0.02,
    "llm_backoff_cap_s": 0.05,
    "llm_key_cooldown_s": 0.5,
    "llm_key_cooldown_max_s": 2.0,
    "llm_breaker_cooldown_s": 0.5,
    "llm_breaker_cooldown_max_s": 2.0,
    "llm_connect_timeout_s": 5.0,
}


def request(cache_key: str = "", text: str = TEXT) -> LLMRequest:
    return LLMRequest(
        system="Write flashcards as JSON.",
        user=text,
        json_schema=llm_json_schema(),
        cache_key=cache_key,
        validator=LLMCardBatch.model_validate,
    )


def make_settings(providers: dict[str, tuple[FakeLLMServer, list[str]]], **overrides: Any) -> Settings:
    """Settings whose chain is ``providers`` (name -> (fake, keys)) in order."""
    values: dict[str, Any] = {"llm_providers": list(providers), **FAST}
    for name, (server, keys) in providers.items():
        values[f"{name}_api_keys"] = keys
        values[f"{name}_base_url"] = server.url if name in ("anthropic", "mistral") else server.openai_url
        # Generous: a local fake answers in milliseconds, but a starved CPU (the suite beside other
        # work, or under stress-ng) can hold an answer for seconds. Tests of time-outs set their own.
        values[f"{name}_timeout_s"] = 10.0
        values[f"{name}_model"] = f"{name}-model"
    values.update(overrides)
    return load_settings(env="test", _env_file=None, **values)


class Sleeps(list[float]):
    """An injected sleep that records and waits only a token time."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fakes() -> Iterator[Callable[[], FakeLLMServer]]:
    started: list[FakeLLMServer] = []

    def start() -> FakeLLMServer:
        server = FakeLLMServer().start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def chains() -> Iterator[Callable[..., ProviderChain]]:
    made: list[ProviderChain] = []

    def make(settings: Settings, client: redis.Redis | None, **kwargs: Any) -> ProviderChain:
        chain = ProviderChain.from_settings(settings, client, **kwargs)
        made.append(chain)
        return chain

    yield make
    for chain in made:
        chain.close()


def traces() -> tuple[list[AttemptTrace], Callable[[AttemptTrace], None]]:
    seen: list[AttemptTrace] = []
    return seen, seen.append
