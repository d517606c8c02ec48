"""Benchmark: the worker's memory, idle, after its first job, at its peak on the largest allowed
document, and over many jobs (a trend line, which must be flat).

A real worker (``dramatiq workers.main``, 1 process, ``--threads``) runs offline jobs (no provider
configured: the offline generator, the heaviest path for memory). Figures, in MB:

* ``worker RSS``: the resident set of the process that runs the actors (what the issue measured);
* ``service``: the proportional set size (PSS: shared pages split among their sharers) summed
  over every process of the worker service (dramatiq's main process, the worker, the parser's
  forkserver and its children), which is what the platform's memory limit counts;
* the baseline, in the same run: a bare Python interpreter's RSS (``python -c``), for scale.

Peak: sampled every 20 ms during a job on a PDF of ``--pages`` pages (the largest allowed,
MAX_PAGES; built from the corpus's text PDFs in a temporary directory). Trend: the least-squares
slope of the worker's RSS after each of ``--jobs`` small jobs (the first tenth left out as
warm-up), in MB per 100 jobs.

Exit status 1 on a lost or failed job, a service peak over ``--budget-mb`` (400: Render
Starter's 512 MB with margin), or growth over ``--growth-mb`` MB per 100 jobs.

Run: ``.venv/bin/python -m scripts.bench.worker_memory`` (short: ``--jobs 50``; long: ``--jobs 500``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil  # type: ignore[import-untyped]

from scripts.bench.stack import BenchStack, bench_stack, course_text, wait_until

MB = 1024 * 1024


def service_processes(root: psutil.Process) -> list[psutil.Process]:
    return [root, *root.children(recursive=True)]


def actor_process(root: psutil.Process) -> psutil.Process | None:
    """The dramatiq worker process that runs the actors (a child of dramatiq's main process)."""
    for child in root.children():
        try:
            if "python" in child.name() or "dramatiq" in " ".join(child.cmdline()):
                return child
        except psutil.NoSuchProcess:
            continue
    return None


def rss_mb(proc: psutil.Process) -> float:
    return float(proc.memory_info().rss) / MB


def service_mb(root: psutil.Process) -> float:
    """PSS summed over the service's processes (a process gone meanwhile counts 0)."""
    total = 0
    for proc in service_processes(root):
        try:
            total += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total / MB


class PeakSampler:
    """Samples the worker's RSS and the service's PSS every ``interval_s`` in a thread."""

    def __init__(self, root: psutil.Process, worker: psutil.Process, interval_s: float = 0.02) -> None:
        self.root, self.worker, self.interval_s = root, worker, interval_s
        self.worker_peak = self.service_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.worker_peak = max(self.worker_peak, rss_mb(self.worker))
            except psutil.NoSuchProcess:
                return
            self.service_peak = max(self.service_peak, service_mb(self.root))
            self._stop.wait(self.interval_s)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def slope_per_100(values: list[float]) -> float:
    """Least-squares slope of ``values`` against their index, per 100 steps."""
    n = len(values)
    if n < 2:
        return 0.0
    xs = range(n)
    mean_x, mean_y = (n - 1) / 2, statistics.fmean(values)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, values, strict=True))
    den = sum((x - mean_x) ** 2 for x in xs)
    return 100 * num / den


def bare_python_mb() -> float:
    out = subprocess.run(
        # VmRSS, not ru_maxrss: Linux keeps the parent's high-water mark across fork and exec.
        [
            sys.executable,
            "-c",
            "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmRSS')))",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout) / 1024


def run_job(stack: BenchStack, body: bytes, filename: str, timeout_s: float) -> str:
    job_id = stack.submit(body, filename, max_cards="20")
    state: str = stack.wait_job(job_id, timeout_s, poll_s=0.05).state
    return state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=50, help="small jobs for the trend line")
    parser.add_argument("--pages", type=int, default=500, help="pages of the large PDF (MAX_PAGES)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--budget-mb", type=float, default=400.0, help="service peak allowed, MB")
    parser.add_argument("--growth-mb", type=float, default=5.0, help="RSS growth allowed per 100 jobs, MB")
    parser.add_argument("--timeout", type=float, default=600.0, help="per job, seconds")
    args = parser.parse_args(argv)
    from scripts.bench.pdf_bench import build_big_pdf

    print(
        f"== worker memory: {args.threads} threads, offline jobs, {args.pages}-page PDF, {args.jobs} jobs =="
    )
    failures: list[str] = []
    # No provider: every card comes from the offline generator (the most memory).
    with tempfile.TemporaryDirectory() as tmp, bench_stack(LLM_PROVIDERS="", MAX_UPLOAD_MB="100") as stack:
        big = build_big_pdf(Path(tmp), args.pages)
        with stack.worker(args.threads) as proc:
            root = psutil.Process(proc.pid)
            wait_until(lambda: actor_process(root) is not None, 60, "the worker process")
            worker = actor_process(root)
            assert worker is not None
            wait_until(lambda: _ready(stack), 120, "the worker to declare itself ready")
            time.sleep(1.0)  # let start-up allocations settle before the idle figure
            idle_w, idle_s = rss_mb(worker), service_mb(root)
            state = run_job(stack, course_text(6, "first"), "first.md", args.timeout)
            if state != "succeeded":
                failures.append(f"first job {state}")
            first_w, first_s = rss_mb(worker), service_mb(root)
            with PeakSampler(root, worker) as peak:
                state = run_job(stack, big.read_bytes(), big.name, args.timeout)
            if state != "succeeded":
                failures.append(f"{args.pages}-page PDF job {state}")
            after_big_w = rss_mb(worker)
            trend: list[float] = []
            for i in range(args.jobs):
                state = run_job(stack, course_text(3 + i % 5, f"soak {i}"), f"soak-{i}.md", args.timeout)
                if state != "succeeded":
                    failures.append(f"soak job {i} {state}")
                    break
                trend.append(rss_mb(worker))
            end_s = service_mb(root)
    bare = bare_python_mb()
    warm = trend[max(1, len(trend) // 10) :]
    growth = slope_per_100(warm)
    print(f"bare python interpreter RSS (baseline): {bare:6.1f} MB")
    print(f"idle:                      worker RSS {idle_w:6.1f} MB  service {idle_s:6.1f} MB")
    print(f"after the first job:       worker RSS {first_w:6.1f} MB  service {first_s:6.1f} MB")
    print(
        f"peak, {args.pages}-page PDF:      worker RSS {peak.worker_peak:6.1f} MB  "
        f"service {peak.service_peak:6.1f} MB"
        f"  (budget {args.budget_mb:g} MB; worker RSS after it {after_big_w:.1f} MB)"
    )
    if trend:
        print(
            f"after {len(trend)} jobs:          worker RSS {trend[-1]:6.1f} MB  service {end_s:6.1f} MB; "
            f"trend {growth:+.2f} MB per 100 jobs "
            f"(min {min(warm or trend):.1f}, max {max(warm or trend):.1f})"
        )
    if peak.service_peak > args.budget_mb:
        failures.append(f"service peak {peak.service_peak:.1f} MB over the {args.budget_mb:g} MB budget")
    if len(warm) >= 10 and growth > args.growth_mb:
        failures.append(f"RSS grows {growth:.2f} MB per 100 jobs (allowed {args.growth_mb:g})")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("result: " + ("PASS" if not failures else "FAIL"))
    return 0 if not failures else 1


def _ready(stack: BenchStack) -> bool:
    import redis

    client = redis.Redis.from_url(stack.redis_url)
    try:
        return bool(client.zcard(f"{stack.settings().broker_namespace}:__heartbeats__"))
    finally:
        client.close()


if __name__ == "__main__":
    raise SystemExit(main())
