"""The breaker is shared through Redis: across chains, processes and threads; and it falls back."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time

import pytest
import redis

from providers.types import AllProvidersUnavailable
from redisconn.embedded import free_port
from tests.providers.conftest import Sleeps, make_settings, request


def _trip(chain, server, calls=3):
    server.script(default="503")
    for _ in range(calls):
        with contextlib.suppress(AllProvidersUnavailable):
            chain.complete_json(request())
    server.clear_default()


def test_two_chains_and_another_process_see_the_same_open_state(fakes, chains, redis_client, redis_url):
    a, b = fakes(), fakes()
    # Open for 300 s: the child process below (heavy SDK imports) must start within it on a loaded machine.
    settings = make_settings(
        {"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])},
        llm_breaker_cooldown_s=300,
        llm_breaker_cooldown_max_s=300,
    )
    first = chains(settings, redis_client, sleep=Sleeps())
    second = chains(settings, redis.Redis.from_url(redis_url), sleep=Sleeps())
    _trip(first, a)
    assert redis_client.hget("llm:cb:kiwi", "state") == b"open"
    seen = len(a.log())
    assert second.complete_json(request()).provider == "openrouter"
    assert len(a.log()) == seen

    env = {
        **os.environ,
        "LLM_PROVIDERS": "kiwi,openrouter",
        "KIWI_API_KEYS": "k1",
        "KIWI_BASE_URL": a.openai_url,
        "OPENROUTER_API_KEYS": "o1",
        "OPENROUTER_BASE_URL": b.openai_url,
        "LLM_BREAKER_COOLDOWN_S": "300",
    }
    code = (
        "import redis, sys\n"
        "from config import load_settings\n"
        "from providers import ProviderChain\n"
        "from tests.providers.conftest import request\n"
        "client = redis.Redis.from_url(sys.argv[1])\n"
        "chain = ProviderChain.from_settings(load_settings(_env_file=None), client)\n"
        "print(chain.complete_json(request()).provider)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, redis_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "openrouter"
    assert len(a.log()) == seen


def test_half_open_lets_exactly_one_probe_through_under_16_callers(fakes, chains, redis_client):
    a = fakes()
    settings = make_settings({"kiwi": (a, ["k1"])}, llm_breaker_cooldown_s=0.5)
    chain = chains(settings, redis_client, sleep=Sleeps())
    _trip(chain, a)
    assert redis_client.hget("llm:cb:kiwi", "state") == b"open"
    time.sleep(0.6)
    a.set_latency(0.3)  # the probe is in flight while the others arrive
    before = len(a.log())
    barrier = threading.Barrier(16)
    results: list[str] = []
    lock = threading.Lock()

    def caller():
        barrier.wait()
        try:
            outcome = chain.complete_json(request()).provider
        except AllProvidersUnavailable as exc:
            outcome = f"unavailable:{exc.retry_after_s is not None}"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=caller) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert len(a.log()) - before == 1
    assert results.count("kiwi") == 1
    assert results.count("unavailable:True") == 15
    # two probe successes close it; then traffic flows freely
    a.set_latency(0)
    chain.complete_json(request())
    assert redis_client.hget("llm:cb:kiwi", "state") == b"closed"


def test_failed_probe_reopens_with_doubled_cooldown(fakes, chains, redis_client):
    a = fakes()
    chain = chains(
        make_settings({"kiwi": (a, ["k1"])}, llm_breaker_cooldown_s=0.3), redis_client, sleep=Sleeps()
    )
    _trip(chain, a)
    first_until = int(redis_client.hget("llm:cb:kiwi", "open_until"))
    time.sleep(0.35)
    a.script("503")
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert [x.outcome for x in info.value.attempts] == ["overloaded"]  # the probe only; no retry while open
    assert redis_client.hget("llm:cb:kiwi", "state") == b"open"
    assert int(redis_client.hget("llm:cb:kiwi", "reopen_count")) == 1
    second_until = int(redis_client.hget("llm:cb:kiwi", "open_until"))
    assert second_until - first_until >= 600 - 50  # 0.6 s cool-down after the failed probe (+ elapsed)
    assert 0.3 < info.value.retry_after_s <= 0.61


def test_a_crashed_prober_does_not_wedge_half_open(fakes, chains, redis_client):
    a = fakes()
    chain = chains(
        make_settings({"kiwi": (a, ["k1"])}, llm_breaker_cooldown_s=0.2), redis_client, sleep=Sleeps()
    )
    _trip(chain, a)
    time.sleep(0.25)
    crashed = chain.breaker.acquire("kiwi", lease_s=0.3)  # takes the probe lease and never reports
    assert crashed.probe
    with pytest.raises(AllProvidersUnavailable):
        chain.complete_json(request())
    time.sleep(0.35)
    assert chain.complete_json(request()).provider == "kiwi"


def test_every_provider_down_then_back_without_restart(fakes, chains, redis_client):
    a, b = fakes(), fakes()
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, llm_breaker_cooldown_s=0.5)
    chain = chains(settings, redis_client, sleep=Sleeps())
    a.script(default="503")
    b.script(default="503")
    for _ in range(3):
        with pytest.raises(AllProvidersUnavailable):
            chain.complete_json(request())
    with pytest.raises(AllProvidersUnavailable) as info:
        chain.complete_json(request())
    assert info.value.attempts == []  # both open: nothing was sent
    assert 0 < info.value.retry_after_s <= 0.5
    a.clear_default()
    b.clear_default()
    time.sleep(info.value.retry_after_s + 0.05)
    assert chain.complete_json(request()).provider == "kiwi"


def test_redis_unreachable_uses_in_process_breaker_and_still_answers(fakes, chains, caplog):
    a, b = fakes(), fakes()
    dead = redis.Redis(port=free_port(), socket_connect_timeout=0.2, socket_timeout=0.2)
    settings = make_settings({"kiwi": (a, ["k1"]), "openrouter": (b, ["o1"])}, llm_breaker_cooldown_s=30)
    chain = chains(settings, dead, sleep=Sleeps())
    with caplog.at_level(logging.WARNING, logger="providers.store"):
        assert chain.complete_json(request()).provider == "kiwi"
        _trip(chain, a)
        seen = len(a.log())
        assert chain.complete_json(request()).provider == "openrouter"
    assert len(a.log()) == seen  # the local breaker is open
    warnings = [r for r in caplog.records if "redis_unreachable" in r.getMessage()]
    assert len(warnings) == 1
