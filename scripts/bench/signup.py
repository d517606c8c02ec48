"""Benchmark of a burst of sign-ups against the same number of bare password hashes.

A real local stack started as ``scripts/load/run.py`` starts it (production settings:
``ENV=production``, gunicorn's gevent worker, ``WEB_CONCURRENCY=2``, SQLite, a private
redis-server, default rate limits), then ``--users`` clients, each on its own loopback address
(one machine per user, as the load suite), all released at once, each sending one
``POST /api/v1/auth/register``, while ``--readers`` signed-in users read their decks (``GET
/api/v1/decks``, each every 0.6 s: a polling client): is the rest of the API still answered during the
burst? Printed: p50/p95/max of the sign-ups and of the reads made meanwhile, and the errors.
The reads' baseline is the same reads for three seconds before the burst.

Baseline, in the same run: the same number of Argon2id hashes with the same parameters,
submitted at once to a pool of one thread per CPU in this process (the least time the hashes
alone can take on this machine). The ratios sign-up / bare hashes say how much a sign-up
adds to its hash under a burst.

``--parameters`` prints instead the CPU time of one hash at each of OWASP's equivalent Argon2id
settings (Password Storage Cheat Sheet: m=47104 KiB t=1, m=19456 t=2, m=12288 t=3, m=9216 t=4,
m=7168 t=5; all p=1), each as a ratio to the configured parameters measured in the same run.

Run: ``.venv/bin/python -m scripts.bench.signup [--users 200] [--rounds 2] [--parameters]``
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench.stack import sign_up  # noqa: E402
from scripts.load.locustfile import source_address  # noqa: E402
from scripts.load.run import local_stack  # noqa: E402

#: Each reader reads every this many seconds: within the per-account limit (120 a minute).
READ_EVERY_S = 0.6
PASSWORD = "correct horse battery staple"  # a benchmark account's


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def reads_until(port: int, token: str, done: threading.Event, out: list[float]) -> None:
    """``GET /api/v1/decks`` (a database read) every READ_EVERY_S until ``done``; latencies in ms."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}"}
    while not done.is_set():
        started = time.perf_counter()
        try:
            connection.request("GET", "/api/v1/decks", headers=headers)
            response = connection.getresponse()
            response.read()
        except OSError:  # the server closed an idle keep-alive connection: open another
            connection.close()
            continue
        if response.status == 200:
            out.append((time.perf_counter() - started) * 1000)
        done.wait(READ_EVERY_S)
    connection.close()


def idle_reads(port: int, readers: list[str], seconds: float = 3.0) -> list[float]:
    """The same reads with no burst (their baseline): latencies in ms."""
    done, out = threading.Event(), list[float]()
    probes = [threading.Thread(target=reads_until, args=(port, token, done, out)) for token in readers]
    for probe in probes:
        probe.start()
    done.wait(seconds)
    done.set()
    for probe in probes:
        probe.join()
    return out


def burst(
    port: int, users: int, round_number: int, readers: list[str] | None = None
) -> tuple[list[float], dict[int, int], list[float]]:
    """``users`` sign-ups released together, while each of ``readers`` (tokens) reads its decks;
    (sign-up latencies in ms, count per status with 0 for no answer, read latencies in ms)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    reads: list[float] = []
    lock = threading.Lock()
    gate = threading.Barrier(users)
    done = threading.Event()
    probes = [
        threading.Thread(target=reads_until, args=(port, token, done, reads)) for token in readers or []
    ]

    def one(number: int) -> None:
        body = json.dumps({"email": f"u{round_number}-{number}-{uuid.uuid4().hex[:6]}@example.com",
                           "password": PASSWORD})  # fmt: skip
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=120, source_address=(source_address(number), 0)
        )
        status = 0
        try:
            connection.connect()
            gate.wait()
            started = time.perf_counter()
            connection.request(
                "POST", "/api/v1/auth/register", body=body, headers={"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            response.read()
            status = response.status
            elapsed = (time.perf_counter() - started) * 1000
        except OSError:
            elapsed = float("nan")
        finally:
            connection.close()
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
            if status == 201:
                latencies.append(elapsed)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(users)]
    for thread in threads + probes:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    for probe in probes:
        probe.join()
    return latencies, statuses, reads


def bare_hashes(count: int) -> list[float]:
    """``count`` hashes submitted at once to one thread per CPU; each one's latency in ms."""
    from api.auth import _hasher
    from config import load_settings

    hasher = _hasher(load_settings(_env_file=None))
    started = time.perf_counter()

    def one(_: int) -> float:
        hasher.hash(PASSWORD)
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(one, range(count)))


#: OWASP's Argon2id settings of equal strength (memory KiB, passes), parallelism 1.
OWASP_EQUIVALENTS = ((47_104, 1), (19_456, 2), (12_288, 3), (9_216, 4), (7_168, 5))


def hash_cpu_ms(memory_kib: int, time_cost: int, parallelism: int, count: int = 20) -> float:
    """CPU milliseconds of one Argon2id hash with these parameters (the mean of ``count``)."""
    from argon2 import PasswordHasher

    hasher = PasswordHasher(memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism)
    hasher.hash(PASSWORD)  # the first hash allocates; not counted
    started = time.process_time()
    for _ in range(count):
        hasher.hash(PASSWORD)
    return (time.process_time() - started) * 1000 / count


def compare_parameters(rounds: int) -> None:
    """CPU per hash at each OWASP equivalent, against the configured parameters, ``rounds`` times."""
    from config import load_settings

    settings = load_settings(_env_file=None)
    configured = (
        settings.password_hash_memory_kib,
        settings.password_hash_time_cost,
        settings.password_hash_parallelism,
    )
    print(f"Argon2id CPU per hash; configured m={configured[0]} KiB t={configured[1]} p={configured[2]}")
    for round_number in range(rounds):
        baseline = hash_cpu_ms(*configured)
        print(f"round {round_number + 1}: configured {baseline:.1f} ms")
        for memory_kib, time_cost in OWASP_EQUIVALENTS:
            spent = hash_cpu_ms(memory_kib, time_cost, 1)
            print(f"  m={memory_kib:>6} KiB ({memory_kib / 1024:4.1f} MiB) t={time_cost}: {spent:5.1f} ms, "
                  f"{spent / baseline:.2f}x the configured")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="concurrent sign-ups per burst")
    parser.add_argument("--rounds", type=int, default=2, help="bursts (each after its baseline)")
    parser.add_argument(
        "--readers", type=int, default=8, help="signed-in users reading their decks meanwhile"
    )
    parser.add_argument(
        "--parameters", action="store_true", help="compare OWASP's equivalent Argon2id settings instead"
    )
    args = parser.parse_args()
    if args.parameters:
        compare_parameters(args.rounds)
        return

    rows: list[tuple[str, list[float], str]] = []
    p95_ratios, p50_ratios, read_ratios = [], [], []
    with tempfile.TemporaryDirectory(), local_stack(latency_s=0.05, threads=2) as stack:
        port = int(stack.base.rsplit(":", 1)[1])
        burst(port, 10, -1)  # warm up both web workers (imports, connections), unmeasured
        readers = [sign_up(port, f"reader-{n}@example.com", PASSWORD) for n in range(args.readers)]
        for round_number in range(args.rounds):
            idle = idle_reads(port, readers)
            rows.append(("reads, idle", idle, "-"))
            bare = bare_hashes(args.users)
            latencies, statuses, reads = burst(port, args.users, round_number, readers)
            errors = {code: n for code, n in statuses.items() if code != 201}
            rows.append(("bare hashes", bare, "-"))
            rows.append(
                ("sign-ups", latencies, ", ".join(f"{n}x{code}" for code, n in errors.items()) or "0")
            )
            rows.append(("reads meanwhile", reads, "-"))
            if latencies:
                p50_ratios.append(percentile(latencies, 0.5) / percentile(bare, 0.5))
                p95_ratios.append(percentile(latencies, 0.95) / percentile(bare, 0.95))
            if reads and idle:
                read_ratios.append(percentile(reads, 0.95) / percentile(idle, 0.95))

    print(f"{args.users} concurrent sign-ups (distinct IPs, production settings), {args.rounds} round(s), "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'':14} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  errors")
    for name, values, outcome in rows:
        if values:
            print(f"{name:14} {percentile(values, 0.5):9.0f} {percentile(values, 0.95):9.0f} "
                  f"{max(values):9.0f}  {outcome}")  # fmt: skip
        else:
            print(f"{name:14} {'-':>9} {'-':>9} {'-':>9}  {outcome}")
    if p95_ratios:
        print(f"ratio sign-up / bare hashes: p50 median {statistics.median(p50_ratios):.2f}x, "
              f"p95 median {statistics.median(p95_ratios):.2f}x over {len(p95_ratios)} round(s)")  # fmt: skip
    if read_ratios:
        print(f"ratio reads during the burst / idle reads, p95: median {statistics.median(read_ratios):.1f}x")


if __name__ == "__main__":
    main()
