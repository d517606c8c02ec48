"""Chaos: 500 chunks from 16 threads against three fakes failing at random with every fault class.

Each chunk goes through ``cards.generate.generate_cards`` (what the chunk actor calls) with
the real chain, so a chunk the chain cannot answer gets offline cards: every chunk ends
with cards.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from cards.generate import generate_cards
from cards.schema import GenerationOptions
from documents.model import Chunk, Section, SourceRef
from providers.chain import ProviderChain
from providers.config import ChainPolicy
from providers.fakes import FAULTS
from providers.types import AllProvidersUnavailable, LLMAnswer, LLMRequest
from tests.providers.conftest import make_settings, traces

CALLS = 500
THREADS = 16
MAX_ATTEMPTS = 6
#: A chunk too long for every model is asked for again in two halves: at most three chain requests.
MAX_REQUESTS_PER_CHUNK = 3

# Course text that defines its terms, so both a provider and the offline generator have cards
# that pass the quality gate (a chunk with nothing card-worthy would end no_cards instead).
PARAGRAPH = (
    "The water cycle moves water between the oceans, the air and the land. "
    "Evaporation is the process that turns liquid water from the oceans into water vapour. "
    "Condensation is the process that forms clouds when water vapour cools in the upper atmosphere. "
    "Precipitation is water that returns to the surface as rain, snow or hail. "
    "Rivers carry most of the fallen water back to the sea within weeks."
)


def make_chunk(i: int) -> Chunk:
    text = f"Part {i} of the course is about the water cycle. {PARAGRAPH}"
    return Chunk(index=i, sections=(Section(text, SourceRef(page=i + 1, heading=("Water",))),))


@dataclass
class Recorded:
    """The chain as ``generate_cards`` sees it; notes what each of its requests cost (a spy, not a double)."""

    chain: ProviderChain
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: per thread: (attempts, answered) of each request of the chunk in progress
    current: threading.local = field(default_factory=threading.local)

    @property
    def policy(self) -> ChainPolicy:  # generate_cards bounds the halves by the chain's deadline
        return self.chain.policy

    def begin(self) -> None:
        self.current.requests = []

    def requests(self) -> list[tuple[int, bool]]:
        return list(self.current.requests)

    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        try:
            answer = self.chain.complete_json(request)
        except AllProvidersUnavailable as exc:
            self.current.requests.append((len(exc.attempts), False))
            raise
        self.current.requests.append((len(answer.attempts), True))
        return answer


def test_chaos(fakes, chains, redis_client):
    servers = {"kiwi": fakes(), "anthropic": fakes(), "mistral": fakes()}
    # Faults that kill a key for good would leave no key after a few hundred calls: each is scripted
    # once on its own key; every other fault class is drawn at random.
    killers = ("401", "402", "insufficient_quota")
    # A hang outlasts the 1 s client time-out three times over; an answer slowed by a starved CPU
    # (the suite runs beside other work) stays well inside it.
    faults = [
        f if f != "hang" else {"fault": "hang", "hang_s": 3.0} for f in FAULTS if f not in ("ok", *killers)
    ]
    for seed, (name, server) in enumerate(servers.items()):
        server.script(random={"seed": seed, "rate": 0.6 if name == "kiwi" else 0.3, "faults": faults})
        for i, killer in enumerate(killers):
            server.script(killer, key=f"{name}-{i + 3}")
    settings = make_settings(
        {name: (server, [f"{name}-{i}" for i in range(1, 6)]) for name, server in servers.items()},
        llm_max_attempts=MAX_ATTEMPTS,
        llm_chain_deadline_s=4.0,
        llm_breaker_cooldown_s=0.3,
        llm_breaker_cooldown_max_s=1.0,
        llm_key_cooldown_s=0.2,
        llm_key_cooldown_max_s=0.5,
        kiwi_timeout_s=1.0,
        anthropic_timeout_s=1.0,
        mistral_timeout_s=1.0,
    )
    seen, observe = traces()
    lock = threading.Lock()

    def observer(trace):
        with lock:
            observe(trace)

    chain = chains(settings, redis_client, observer=observer)
    completer = Recorded(chain)
    options = GenerationOptions(max_cards=5)
    outcomes: Counter[str] = Counter()
    cards_per_chunk: dict[int, int] = {}
    attempts_per_request: list[int] = []
    attempts_per_chunk: list[tuple[int, int]] = []  # (attempts, requests)
    answered = 0

    def one(i: int) -> None:
        nonlocal answered
        completer.begin()
        result = generate_cards(make_chunk(i), options, completer, language="en", allow_offline_fallback=True)
        requests = completer.requests()
        with lock:
            outcomes["offline" if result.degraded else f"answer:{result.provider}"] += 1
            cards_per_chunk[i] = len(result.cards)
            attempts_per_request.extend(n for n, _ in requests)
            attempts_per_chunk.append((len(result.attempts), len(requests)))
            answered += any(ok for _, ok in requests)

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(one, range(CALLS)))
    elapsed = time.monotonic() - started

    # every chunk got cards: from a provider, or offline when the chain could not answer
    assert sorted(cards_per_chunk) == list(range(CALLS))
    assert min(cards_per_chunk.values()) >= 1, [i for i, n in cards_per_chunk.items() if n == 0]
    assert outcomes["offline"] > 0, outcomes  # the fallback was exercised, not only the happy path
    # attempts: each chain request within LLM_MAX_ATTEMPTS, each chunk within its requests' bound
    assert max(attempts_per_request) <= MAX_ATTEMPTS
    assert all(1 <= requests <= MAX_REQUESTS_PER_CHUNK for _, requests in attempts_per_chunk)
    assert all(n <= MAX_ATTEMPTS * requests for n, requests in attempts_per_chunk)
    assert answered > CALLS * 0.6, (answered, outcomes)
    opens = probes_total = 0
    for name, server in servers.items():
        mine = [t for t in seen if t.provider == name]
        # every completion the server received was an attempt the breaker admitted; its other
        # requests are the free model listings that re-check the key refused with 401 (the chain
        # re-checks an invalid key when no other key is left, once its re-check time has come)
        log = server.log()
        completions = [e for e in log if not e["path"].startswith("/v1/models")]
        rechecks = [e for e in log if e["path"].startswith("/v1/models")]
        assert len(completions) == len(mine), (name, len(completions), len(mine))
        assert {e["key"] for e in rechecks} <= {f"{name}-3"}, (name, rechecks)
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
    print(f"chaos: {dict(outcomes)} in {elapsed:.1f}s, attempts={sum(attempts_per_request)} opens={opens}")
