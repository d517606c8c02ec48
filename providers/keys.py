"""Key pool per provider, shared through Redis: least-recently-used active key first.

States: ``active`` <-> ``cooling`` (until a time; after a 429), ``invalid`` (401:
only a validation brings it back; its ``until`` is when it is due for one, 15 s after the
401 and doubling while it is still refused, see :meth:`KeyPool.recheck_due`),
``exhausted`` (quota, 402, spend limits; re-tested by the validator with a 1-token
completion at most hourly, and tried by traffic again an hour after the last quota
error). Keys appear only as fingerprints (``sha256(key)[:8]``). Without Redis the same rules run in
process.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

import redis

from providers.config import ChainPolicy, ProviderConfig
from providers.store import RedisGuard
from redisconn.keys import provider_key_recheck_key, provider_key_state_key

_LUA = resources.files("providers").joinpath("keys.lua").read_text()

#: An exhausted key is tried again by traffic after this long (providers.md: re-test at most hourly).
EXHAUSTED_RETRY_S = 3600.0


key_key = provider_key_state_key


@dataclass(frozen=True)
class Pick:
    fingerprint: str | None
    #: When no key is usable: epoch seconds when the earliest becomes usable, None if waiting won't help.
    retry_at: float | None = None


@dataclass
class _LocalKey:
    status: str = "active"
    until: float = 0.0
    reason: str = ""
    last_used: float = 0.0
    consec_429: int = 0
    checked_at: float = 0.0
    check: str = ""
    retested_at: float = 0.0
    invalid_n: int = 0
    recheck_claimed_until: float = 0.0


class KeyPool:
    def __init__(self, guard: RedisGuard, policy: ChainPolicy) -> None:
        self.guard = guard
        self.policy = policy
        self._script: Any = None
        self._local: dict[tuple[str, str], _LocalKey] = {}
        self._lock = threading.Lock()

    def _run(self, client: redis.Redis, keys: list[str], args: list[Any]) -> Any:
        if self._script is None:
            self._script = client.register_script(_LUA)
        return self._script(keys=keys, args=args, client=client)

    def pick(self, config: ProviderConfig, exclude: set[str] | frozenset[str] = frozenset()) -> Pick:
        fps = [fp for fp in config.fingerprints if fp not in exclude]
        if not fps:
            return Pick(None, None)

        def shared(client: redis.Redis) -> Pick:
            fp, earliest = self._run(client, [key_key(config.name, f) for f in fps], ["pick", *fps])
            fp = fp.decode() if isinstance(fp, bytes) else fp
            if fp:
                return Pick(fp)
            return Pick(None, None if int(earliest) < 0 else int(earliest) / 1000)

        return self.guard.run("keys", shared, lambda: self._local_pick(config.name, fps))

    def cool(self, provider: str, fp: str, retry_after_s: float | None, *, floor_s: float = 0.0) -> float:
        """Cool a key after a 429; returns the cool-down in seconds."""
        p = self.policy
        ra_ms = -1 if retry_after_s is None else int(retry_after_s * 1000)
        args = [
            "cool",
            ra_ms,
            int(p.key_cooldown_s * 1000),
            int(p.key_cooldown_max_s * 1000),
            int(floor_s * 1000),
        ]

        def shared(client: redis.Redis) -> float:
            return int(self._run(client, [key_key(provider, fp)], [*args, "rate_limited"])) / 1000

        return self.guard.run("keys", shared, lambda: self._local_cool(provider, fp, retry_after_s, floor_s))

    def mark(self, provider: str, fp: str, status: str, reason: str = "", for_s: float = 0.0) -> None:
        def shared(client: redis.Redis) -> None:
            self._run(client, [key_key(provider, fp)], ["mark", status, int(for_s * 1000), reason])

        def local() -> None:
            with self._lock:
                st = self._local.setdefault((provider, fp), _LocalKey())
                st.status, st.reason = status, reason
                st.until = time.time() + for_s if for_s else 0.0
                if status == "active":
                    st.consec_429 = st.invalid_n = 0

        self.guard.run("keys", shared, local)

    def mark_invalid(self, provider: str, fp: str, reason: str = "auth") -> float:
        """A 401: the key is not used until a validation says it works; returns the re-check delay (s)."""
        p = self.policy
        first_ms, cap_ms = int(p.key_recheck_s * 1000), int(p.key_recheck_max_s * 1000)

        def shared(client: redis.Redis) -> float:
            args = ["invalid", first_ms, cap_ms, reason]
            return int(self._run(client, [key_key(provider, fp)], args)) / 1000

        def local() -> float:
            with self._lock:
                st = self._local.setdefault((provider, fp), _LocalKey())
                st.invalid_n += 1
                delay = float(min(p.key_recheck_s * 2 ** (st.invalid_n - 1), p.key_recheck_max_s))
                st.status, st.reason, st.until = "invalid", reason, time.time() + delay
                return delay

        return self.guard.run("keys", shared, local)

    def recheck_due(self, config: ProviderConfig, *, all_invalid: bool = False) -> list[str]:
        """Invalid keys whose re-check time has come (or every invalid key, for a breaker probe)."""
        now = time.time()
        return [
            fp
            for fp, row in self.states(config).items()
            if row["status"] == "invalid" and (all_invalid or (row["until"] or 0) <= now)
        ]

    def claim_recheck(self, provider: str, fp: str) -> bool:
        """One re-check of a key at a time fleet-wide, at most one per ``key_recheck_s``."""
        ttl_ms = int(self.policy.key_recheck_s * 1000)

        def shared(client: redis.Redis) -> bool:
            return bool(client.set(provider_key_recheck_key(provider, fp), "1", nx=True, px=ttl_ms))

        def local() -> bool:
            now = time.time()
            with self._lock:
                st = self._local.setdefault((provider, fp), _LocalKey())
                if now < st.recheck_claimed_until:
                    return False
                st.recheck_claimed_until = now + ttl_ms / 1000
                return True

        return self.guard.run("keys", shared, local)

    def ok(self, provider: str, fp: str) -> None:
        def local() -> None:
            with self._lock:
                st = self._local.setdefault((provider, fp), _LocalKey())
                if st.status in ("active", "cooling"):
                    st.status, st.until, st.consec_429 = "active", 0.0, 0

        self.guard.run("keys", lambda c: self._run(c, [key_key(provider, fp)], ["ok"]), local)

    def note_check(self, provider: str, fp: str, result: str) -> None:
        """Remember the last validation of a key (``ok`` or an outcome such as ``auth``) and when."""
        now = time.time()

        def shared(client: redis.Redis) -> None:
            client.hset(key_key(provider, fp), mapping={"checked_at": int(now * 1000), "check": result})

        def local() -> None:
            with self._lock:
                st = self._local.setdefault((provider, fp), _LocalKey())
                st.checked_at, st.check = now, result

        self.guard.run("keys", shared, local)

    def note_retest(self, provider: str, fp: str) -> None:
        """Remember when the validator last re-tested an exhausted key (at most hourly)."""
        now = time.time()

        def shared(client: redis.Redis) -> None:
            client.hset(key_key(provider, fp), "retested_at", int(now * 1000))

        def local() -> None:
            with self._lock:
                self._local.setdefault((provider, fp), _LocalKey()).retested_at = now

        self.guard.run("keys", shared, local)

    def states(self, config: ProviderConfig) -> dict[str, dict[str, Any]]:
        """fingerprint -> {status, until, reason, checked_at, check, retested_at}, as seen now.

        Times are epoch seconds (None: never)."""

        def shared(client: redis.Redis) -> dict[str, dict[str, Any]]:
            out = {}
            now = time.time()
            for fp in config.fingerprints:
                raw = client.hgetall(key_key(config.name, fp))
                row = {
                    (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
                    for k, v in raw.items()
                }
                status = row.get("status", "active")
                until = int(float(row.get("until", 0) or 0)) / 1000
                if status in ("cooling", "exhausted") and until and until <= now:
                    status, until = "active", 0.0
                checked_at = int(float(row.get("checked_at", 0) or 0)) / 1000
                retested_at = int(float(row.get("retested_at", 0) or 0)) / 1000
                out[fp] = {
                    "status": status,
                    "until": until or None,
                    "reason": row.get("reason", ""),
                    "checked_at": checked_at or None,
                    "check": row.get("check", ""),
                    "retested_at": retested_at or None,
                }
            return out

        def local() -> dict[str, dict[str, Any]]:
            now = time.time()
            with self._lock:
                result = {}
                for fp in config.fingerprints:
                    st = self._local.get((config.name, fp), _LocalKey())
                    expired = st.status in ("cooling", "exhausted") and st.until and st.until <= now
                    result[fp] = {
                        "status": "active" if expired else st.status,
                        "until": None if expired else st.until or None,
                        "reason": st.reason,
                        "checked_at": st.checked_at or None,
                        "check": st.check,
                        "retested_at": st.retested_at or None,
                    }
                return result

        return self.guard.run("keys", shared, local)

    # --- in-process fallback ---
    def _local_pick(self, provider: str, fps: list[str]) -> Pick:
        now = time.time()
        best: tuple[float, str] | None = None
        earliest: float | None = None
        with self._lock:
            for fp in fps:
                st = self._local.setdefault((provider, fp), _LocalKey())
                if st.status in ("cooling", "exhausted") and st.until:
                    if now >= st.until:
                        st.status, st.until = "active", 0.0
                    else:
                        earliest = st.until if earliest is None else min(earliest, st.until)
                if st.status == "active" and (best is None or st.last_used < best[0]):
                    best = (st.last_used, fp)
            if best is None:
                return Pick(None, earliest)
            self._local[(provider, best[1])].last_used = time.monotonic()
            return Pick(best[1])

    def _local_cool(self, provider: str, fp: str, retry_after_s: float | None, floor_s: float) -> float:
        p = self.policy
        with self._lock:
            st = self._local.setdefault((provider, fp), _LocalKey())
            st.consec_429 += 1
            base = retry_after_s if retry_after_s is not None else p.key_cooldown_s * 2 ** (st.consec_429 - 1)
            cooldown = min(max(base, floor_s), p.key_cooldown_max_s)
            st.status, st.until, st.reason = "cooling", time.time() + cooldown, "rate_limited"
            return cooldown
