"""Circuit breaker per provider, shared by every worker process through Redis.

Why our own and not pybreaker: pybreaker's Redis storage reads and writes the
state in separate commands (not atomic), lets every process through in
half-open (a probe herd) and holds a lock during the call; LiteLLM's cooldowns
are per process. Here each transition is one Lua script (``breaker.lua``) run
on Redis's clock:

    closed --(5 consecutive counted failures, or > 50 % of >= 5 calls in 60 s)--> open
    open --(cool-down: 30 s, doubled per failed probe, cap 300 s)--> half_open
    half_open: one probe at a time fleet-wide (a lease that expires after the
               attempt timeout + 5 s); 2 probe successes -> closed, a failure -> open

Counted failures are 5xx/529/408, timeouts, connection errors, error-body and
malformed 200s; auth, rate limits ("throttled", counted apart), bad requests,
context and refusals are neutral. When Redis is unreachable an in-process breaker
with the same rules takes over (fail-open per process) and a warning is logged.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import redis

from providers.config import ChainPolicy
from providers.store import RedisGuard
from redisconn.keys import provider_breaker_key

_LUA = resources.files("providers").joinpath("breaker.lua").read_text()


cb_key = provider_breaker_key


@dataclass(frozen=True)
class Decision:
    allowed: bool
    probe: bool
    state: str  # closed | open | half_open
    #: Epoch seconds when an open breaker (or a held probe lease) lets traffic through again; 0 if closed.
    retry_at: float
    token: str
    shared: bool = True  # False: decided by the in-process fallback
    #: When the decision was taken, epoch seconds on the breaker's clock (Redis TIME when shared).
    decided_at: float = 0.0


@dataclass
class _Local:
    state: str = "closed"
    open_until: float = 0.0
    reopen_count: int = 0
    probe_owner: str = ""
    probe_until: float = 0.0
    consec_fail: int = 0
    consec_succ: int = 0
    window: list[tuple[float, str]] = field(default_factory=list)


class Breaker:
    def __init__(self, guard: RedisGuard, policy: ChainPolicy) -> None:
        self.guard = guard
        self.policy = policy
        self._script: Any = None
        self._local: dict[str, _Local] = {}
        self._lock = threading.Lock()

    # --- Redis path ---
    def _run(
        self, client: redis.Redis, provider: str, op: str, token: str, outcome: str, lease_s: float
    ) -> list[Any]:
        if self._script is None:
            self._script = client.register_script(_LUA)
        p = self.policy
        keys = [cb_key(provider), f"{cb_key(provider)}:w", f"{cb_key(provider)}:events"]
        args = [
            op,
            token,
            outcome,
            p.breaker_failures,
            p.breaker_failure_rate,
            p.breaker_window_s,
            p.breaker_min_calls,
            int(p.breaker_cooldown_s * 1000),
            int(p.breaker_cooldown_max_s * 1000),
            p.breaker_probe_successes,
            int(lease_s * 1000),
            max(300, p.breaker_window_s),
        ]
        result: list[Any] = self._script(keys=keys, args=args, client=client)
        return [r.decode() if isinstance(r, bytes) else r for r in result]

    def acquire(self, provider: str, *, lease_s: float) -> Decision:
        """May an attempt go to ``provider`` now? In half-open only the lease holder may."""
        token = uuid.uuid4().hex

        def shared(client: redis.Redis) -> Decision:
            verdict, state, until_ms, now_ms = self._run(client, provider, "acquire", token, "", lease_s)
            return Decision(
                verdict != "deny",
                verdict == "probe",
                state,
                int(until_ms) / 1000,
                token,
                True,
                int(now_ms) / 1000,
            )

        return self.guard.run("breaker", shared, lambda: self._local_acquire(provider, token, lease_s))

    def record(self, provider: str, decision: Decision, outcome: str) -> str:
        """Record ``ok``, ``fail``, ``throttled`` or ``neutral``; returns the state afterwards."""

        def shared(client: redis.Redis) -> str:
            return str(self._run(client, provider, "record", decision.token, outcome, 0)[1])

        if not decision.shared:
            return self._local_record(provider, decision.token, outcome)
        return self.guard.run(
            "breaker", shared, lambda: self._local_record(provider, decision.token, outcome)
        )

    def release(self, provider: str, decision: Decision) -> None:
        """Give back a probe lease that was not used for an attempt."""
        if not decision.probe:
            return
        if not decision.shared:
            self._local_record(provider, decision.token, "neutral")
            return
        self.guard.run(
            "breaker",
            lambda c: self._run(c, provider, "release", decision.token, "", 0),
            list,
        )

    def events(self, provider: str) -> list[tuple[float, str, str, float]]:
        """Transitions, oldest first: (epoch s, from, to, open_until epoch s)."""

        def shared(client: redis.Redis) -> list[tuple[float, str, str, float]]:
            rows = []
            for raw in reversed(client.lrange(f"{cb_key(provider)}:events", 0, -1)):
                ts, src, dst, until = (raw.decode() if isinstance(raw, bytes) else raw).split()
                rows.append((int(ts) / 1000, src, dst, int(float(until)) / 1000))
            return rows

        return self.guard.run("breaker", shared, list)

    # --- in-process fallback: the same rules on this process's clock ---
    def _local_acquire(self, provider: str, token: str, lease_s: float) -> Decision:
        now = time.time()
        with self._lock:
            st = self._local.setdefault(provider, _Local())
            if st.state == "closed":
                return Decision(True, False, "closed", 0.0, token, False, now)
            if st.state == "open":
                if now < st.open_until:
                    return Decision(False, False, "open", st.open_until, token, False, now)
                st.state, st.consec_succ, st.probe_owner, st.probe_until = "half_open", 0, "", 0.0
            if not st.probe_owner or now >= st.probe_until:
                st.probe_owner, st.probe_until = token, now + lease_s
                return Decision(True, True, "half_open", 0.0, token, False, now)
            return Decision(False, False, "half_open", st.probe_until, token, False, now)

    def _local_trip(self, st: _Local, now: float, reopen: int) -> None:
        p = self.policy
        cooldown = min(p.breaker_cooldown_s * 2**reopen, p.breaker_cooldown_max_s)
        st.state, st.open_until, st.reopen_count = "open", max(st.open_until, now + cooldown), reopen
        st.consec_fail = st.consec_succ = 0
        st.probe_owner, st.probe_until = "", 0.0

    def _local_record(self, provider: str, token: str, outcome: str) -> str:
        p = self.policy
        now = time.time()
        with self._lock:
            st = self._local.setdefault(provider, _Local())
            if outcome != "neutral":
                st.window.append((now, outcome))
                st.window = [(t, o) for t, o in st.window if t >= now - p.breaker_window_s]
            if st.state == "closed":
                if outcome == "ok":
                    st.consec_fail = 0
                elif outcome == "fail":
                    st.consec_fail += 1
                    fails = sum(1 for _, o in st.window if o == "fail")
                    total = fails + sum(1 for _, o in st.window if o == "ok")
                    if st.consec_fail >= p.breaker_failures or (
                        total >= p.breaker_min_calls and fails / total > p.breaker_failure_rate
                    ):
                        self._local_trip(st, now, 0)
            elif st.state == "half_open" and st.probe_owner == token:
                st.probe_owner, st.probe_until = "", 0.0
                if outcome == "ok":
                    st.consec_succ += 1
                    if st.consec_succ >= p.breaker_probe_successes:
                        st.state, st.consec_fail, st.consec_succ, st.reopen_count = "closed", 0, 0, 0
                        st.window = []
                elif outcome == "fail":
                    self._local_trip(st, now, st.reopen_count + 1)
            return st.state
