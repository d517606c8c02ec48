"""Chaos: 500 chunk calls from 16 threads against three fakes failing at random with every fault class."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from providers.fakes import FAULTS
from providers.types import AllProvidersUnavailable
from tests.providers.conftest import make_settings, request, traces

CALLS = 500
THREADS = 16
MAX_ATTEMPTS = 6


def test_chaos(fakes, chains, redis_client):
    servers = {"kiwi": fakes(), "anthropic": fakes(), "mistral": fakes()}
    # Faults that kill a key for good would leave no key after a few hundred calls: each is scripted
    # once on its own key; every other fault class is drawn at random.
    killers = ("401", "402", "insufficient_quota")
    faults = [
        f if f != "hang" else {"fault": "hang", "hang_s": 1.0} for f in FAULTS if f not in ("ok", *killers)
    ]
    for seed, (name, server) in enumerate(servers.items()):
        server.script(random={"seed": seed, "rate": 0.6 if name == "kiwi" else 0.3, "faults": faults})
        for i, killer in enumerate(killers):
            server.script(killer, key=f"{name}-{i + 3}")
    settings = make_settings(
        {name: (server, [f"{name}-{i}" for i in range(1, 6)]) for name, server in servers.items()},
        llm_max_attempts=MAX_ATTEMPTS,
        llm_chain_deadline_s=3.0,
        llm_breaker_cooldown_s=0.3,
        llm_breaker_cooldown_max_s=1.0,
        llm_key_cooldown_s=0.2,
        llm_key_cooldown_max_s=0.5,
        kiwi_timeout_s=0.3,
        anthropic_timeout_s=0.3,
        mistral_timeout_s=0.3,
    )
    seen, observe = traces()
    lock = threading.Lock()

    def observer(trace):
        with lock:
            observe(trace)

    chain = chains(settings, redis_client, observer=observer)
    outcomes: Counter[str] = Counter()
    attempts_per_call: list[int] = []

    def one(i: int) -> None:
        try:
            answer = chain.complete_json(
                request(text=f"Chunk {i}. " + "The sky is blue on a clear day. " * 3)
            )
            result, n = f"answer:{answer.provider}", len(answer.attempts)
        except AllProvidersUnavailable as exc:
            result, n = "offline", len(exc.attempts)
        with lock:
            outcomes[result] += 1
            attempts_per_call.append(n)

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(one, range(CALLS)))
    elapsed = time.monotonic() - started

    assert sum(outcomes.values()) == CALLS
    assert max(attempts_per_call) <= MAX_ATTEMPTS
    assert sum(v for k, v in outcomes.items() if k.startswith("answer:")) > CALLS * 0.6, outcomes
    opens = probes_total = 0
    for name, server in servers.items():
        mine = [t for t in seen if t.provider == name]
        # every request the server received was an attempt the breaker admitted
        assert len(server.log()) == len(mine), name
        # admitted only while closed, or as the half-open probe
        assert all(t.state == "closed" or (t.probe and t.state == "half_open") for t in mine)
        # probes never overlap: one at a time fleet-wide
        probes = sorted((t.started, t.ended) for t in mine if t.probe)
        probes_total += len(probes)
        assert all(later[0] >= earlier[1] - 0.005 for earlier, later in itertools.pairwise(probes))
        # no closed-state admission inside an open interval (both timestamps are Redis TIME)
        events = chain.breaker.events(name)
        opened = [
            (ts, nxt[0] if nxt else float("inf"))
            for (ts, _src, dst, _until), nxt in zip(events, [*events[1:], None], strict=False)
            if dst == "open"
        ]
        opens += len(opened)
        for t in mine:
            if t.state == "closed":
                assert not any(lo < t.admitted_at < hi for lo, hi in opened), (name, t)
    assert opens > 0 and probes_total > 0  # the breakers did trip and probe
    assert elapsed < 60
    print(f"chaos: {dict(outcomes)} in {elapsed:.1f}s, attempts={sum(attempts_per_call)} opens={opens}")
