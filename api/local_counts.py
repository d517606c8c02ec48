"""Rate-limit counts kept in the process between two of its round trips to Redis.

A request the gate can answer from its mirror (:mod:`redisconn.tracking`) still has to be
counted. Counting it in Redis would be the round trip the mirror saves, so the process counts
it here and sends the count with its next round trip for the same counters (an ``INCRBY``
in the gate's script): at most ``batch - 1`` requests per counter wait here, where a counter's
batch is the configured one (``GATE_LOCAL_BATCH``) but never more than a sixteenth of its limit;
and a counter takes the round trip whenever its estimate comes near its limit, so the refusal
at the limit is decided by Redis, as before.

What this costs in precision, and why it is bounded: another process's requests are seen
here only at this process's next round trip for the counter, which comes within ``batch``
requests; so each process can let through at most ``batch - 1`` requests past what Redis
would have allowed (about 6 % of the limit at most), and none once the counter is near its limit
(:func:`reserve`) as seen from here. Counts left waiting in a process that receives no further
request for that counter are never sent (at most ``batch - 1`` per counter and process).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from api.gate import Counted, Verdict, WindowLimit

#: Counter keys remembered per process; past it they are forgotten (their counts then go
#: through Redis again, nothing is lost but the batching).
MAX_KEYS = 100_000


#: A counter's batch is at most this fraction of its limit (1/16: about 6 %).
BATCH_SHARE = 16


def batch_for(limit: WindowLimit, batch: int) -> int:
    """How many requests of ``limit`` one batch holds: ``batch``, at most a sixteenth of it."""
    return min(batch, limit.amount // BATCH_SHARE)


def reserve(limit: WindowLimit, batch: int) -> int:
    """Requests short of ``limit`` where counting here stops and every request asks Redis."""
    return max(batch_for(limit, batch), limit.amount // 10)


@dataclass
class LocalCounts:
    """Per counter key: the counts Redis returned last, and the requests counted here since."""

    batch: int
    #: current window key -> (its count, the previous window's count) as Redis returned them
    _synced: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: counter key -> requests counted here and not yet sent
    _pending: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def try_count(self, counters: list[Counted]) -> list[Verdict] | None:
        """Count this request here if every counter allows it; None: take the round trip."""
        if self.batch <= 1:
            return None
        verdicts = []
        with self._lock:
            for counted in counters:
                synced = self._synced.get(counted.current_key)
                if synced is None:  # a new window, or never seen: Redis counts it
                    return None
                pending = self._pending.get(counted.current_key, 0) + 1
                if pending >= batch_for(counted.limit, self.batch):
                    return None
                verdict = counted.verdict(synced[0] + pending, synced[1])
                if verdict.count + reserve(counted.limit, self.batch) > counted.limit.amount:
                    return None
                verdicts.append(verdict)
            for counted in counters:
                self._pending[counted.current_key] = self._pending.get(counted.current_key, 0) + 1
        return verdicts

    def take(self, counters: list[Counted]) -> list[tuple[int, int]]:
        """What the round trip adds per counter: (this request and the ones waiting in the
        current window, the ones still waiting from the previous window)."""
        with self._lock:
            return [
                (1 + self._pending.pop(c.current_key, 0), self._pending.pop(c.previous_key, 0))
                for c in counters
            ]

    def synced(self, counters: list[Counted], counts: list[tuple[int, int]]) -> None:
        """Remember the (current, previous) counts the round trip returned."""
        with self._lock:
            if len(self._synced) + len(self._pending) > MAX_KEYS:
                self._synced.clear()
                self._pending.clear()
            for counted, pair in zip(counters, counts, strict=True):
                self._synced[counted.current_key] = pair
                self._synced.pop(counted.previous_key, None)
