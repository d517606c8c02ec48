"""Where a load run's time goes: CPU by process over time, and the server's own request times.

A loaded 2-core machine makes a request slow in three places: the server's work (hooks, route,
database), the wait before the server starts on it (accept, a greenlet waiting for its turn on a
busy process) and the client itself (locust is one gevent process timing 200 users). The load
suite separates them with two figures:

* :class:`CpuSampler` reads ``/proc`` once a second: the CPU of each part of the stack (web,
  worker, Redis, locust, the runner with the fake LLM server) and of the whole machine, so that
  what other programs took is the difference;
* :func:`server_times` reads the API's access lines (``duration_ms``, from the first request
  hook to the answer) per route, to set against locust's times of the same requests.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
#: An id in a path (a job's, a deck's, a card's): replaced by ``{id}`` to group a route's requests.
_ID = re.compile(r"/(?:[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{32}|\d+)(?=/|$)")


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the ")": state is field 3, so utime (14) and stime (15) are indexes 11 and 12.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (gunicorn's workers, dramatiq's, the parser's children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                queue += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
            except OSError:
                continue
    return found


def machine_cpu_s() -> float:
    """Busy CPU seconds of the whole machine since boot (every core; idle and iowait excluded)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(values[:8]) - values[3] - values[4]  # user nice system idle iowait irq softirq steal
    return busy / CLOCK_TICKS


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


@dataclass
class Sample:
    at_s: float
    #: CPU seconds so far of each named part (its processes alive at that moment, summed).
    parts: dict[str, float]
    machine_s: float
    load: float


@dataclass
class CpuSampler:
    """Samples the CPU of named process trees and of the machine every ``every_s`` seconds.

    A part's CPU is the sum over its processes seen so far (a process that exits keeps its last
    reading), so the per-interval differences stay right while workers come and go.
    """

    #: Each part's processes now (:func:`descendants` of a root for a tree).
    roots: dict[str, Callable[[], list[int]]]
    every_s: float = 1.0
    samples: list[Sample] = field(default_factory=list)
    _seen: dict[int, tuple[str, float]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _started: float = 0.0

    def start(self) -> CpuSampler:
        self._started = time.monotonic()
        self.sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            self.sample()

    def sample(self) -> None:
        for name, processes in self.roots.items():
            for pid in processes():
                cpu = process_cpu_s(pid)
                if cpu or pid not in self._seen:
                    self._seen[pid] = (name, cpu)
        parts: dict[str, float] = dict.fromkeys(self.roots, 0.0)
        for name, cpu in self._seen.values():
            parts[name] += cpu
        self.samples.append(Sample(time.monotonic() - self._started, parts, machine_cpu_s(), load_average()))

    def table(self, window_s: float = 5.0) -> list[str]:
        """One line per ``window_s``: each part's share of a core, the rest of the machine, load."""
        if len(self.samples) < 2:
            return []
        names = list(self.roots)
        lines = [
            f"{'seconds':>9} " + " ".join(f"{name:>8}" for name in [*names, "others", "idle"]) + "  load"
        ]
        cores = os.cpu_count() or 1
        start = self.samples[0]
        for sample in self.samples[1:]:
            if sample.at_s - start.at_s < window_s and sample is not self.samples[-1]:
                continue
            span = sample.at_s - start.at_s
            if span <= 0:
                continue
            ours = {name: (sample.parts[name] - start.parts[name]) / span for name in names}
            machine = (sample.machine_s - start.machine_s) / span
            others = max(machine - sum(ours.values()), 0.0)
            idle = max(cores - machine, 0.0)
            cells = [ours[name] for name in names] + [others, idle]
            lines.append(
                f"{start.at_s:4.0f}-{sample.at_s:<4.0f} "
                + " ".join(f"{c:8.2f}" for c in cells)
                + f"  {sample.load:4.1f}"
            )
            start = sample
        return lines

    def totals(self) -> dict[str, float]:
        """CPU seconds of each part over the whole sampling, and of the rest of the machine."""
        first, last = self.samples[0], self.samples[-1]
        out = {name: last.parts[name] - first.parts[name] for name in self.roots}
        out["others"] = max(last.machine_s - first.machine_s - sum(out.values()), 0.0)
        return out


@dataclass(frozen=True)
class RouteTimes:
    route: str
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


def route_of(method: str, path: str) -> str:
    """``GET /api/v1/jobs/{id}`` from ``GET /api/v1/jobs/0b7c…``."""
    return f"{method} {_ID.sub('/{id}', path)}"


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def server_times(lines: Iterable[str]) -> list[RouteTimes]:
    """Per route, the server's own time (the access line's ``duration_ms``): p50, p95, p99."""
    by_route: dict[str, list[float]] = {}
    for line in lines:
        if '"api.access"' not in line:
            continue
        try:
            entry = json.loads(line)
            method, path, _status = entry["message"].split(" ", 2)
            duration = float(entry["duration_ms"])
        except (ValueError, KeyError, TypeError):
            continue
        by_route.setdefault(route_of(method, path), []).append(duration)
    out = []
    for route, durations in sorted(by_route.items()):
        durations.sort()
        out.append(
            RouteTimes(
                route,
                len(durations),
                percentile(durations, 0.50),
                percentile(durations, 0.95),
                percentile(durations, 0.99),
            )
        )
    return out
