"""The load suite's own measurements: the server's time per route, the CPU by process."""

from __future__ import annotations

import json
import subprocess
import sys

from scripts.load.observe import CpuSampler, descendants, route_of, server_times


def access_line(method: str, path: str, duration_ms: float, status: int = 200) -> str:
    return json.dumps(
        {
            "time": "2026-12-05T15:00:00.000+00:00",
            "level": "INFO",
            "logger": "api.access",
            "message": f"{method} {path} {status}",
            "status": status,
            "duration_ms": duration_ms,
        }
    )


def test_routes_group_requests_whatever_their_ids() -> None:
    assert route_of("GET", "/api/v1/jobs/0b7c5a0e64a44d8c9f3b2a1d5e6f7a8b") == "GET /api/v1/jobs/{id}"
    assert (
        route_of("GET", "/api/v1/jobs/0b7c5a0e-64a4-4d8c-9f3b-2a1d5e6f7a8b/events")
        == "GET /api/v1/jobs/{id}/events"
    )
    assert route_of("POST", "/api/v1/cards/42/review") == "POST /api/v1/cards/{id}/review"
    assert route_of("POST", "/api/v1/auth/register") == "POST /api/v1/auth/register"


def test_server_times_are_read_from_the_access_lines_only() -> None:
    lines = [access_line("POST", "/api/v1/auth/register", float(ms)) for ms in range(1, 101)]
    lines += [
        access_line("GET", "/api/v1/jobs/0b7c5a0e64a44d8c9f3b2a1d5e6f7a8b", 3.0),
        access_line("GET", "/api/v1/jobs/1c8d6b1f75b55e9dae4c3b2e6f7a8b9c", 5.0),
        json.dumps({"logger": "api.errors", "message": "POST /x 500", "duration_ms": 9999}),
        "not json at all",
    ]
    by_route = {row.route: row for row in server_times(lines)}
    assert set(by_route) == {"POST /api/v1/auth/register", "GET /api/v1/jobs/{id}"}
    register = by_route["POST /api/v1/auth/register"]
    assert (register.count, register.p50_ms, register.p95_ms, register.p99_ms) == (100, 51.0, 96.0, 100.0)
    assert by_route["GET /api/v1/jobs/{id}"].count == 2


def test_the_sampler_counts_the_cpu_of_a_process_tree() -> None:
    # A parent that starts a child which computes: the CPU is counted under the parent's tree.
    spin = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {spin!r}])"]
    )
    sampler = CpuSampler({"tree": lambda: descendants(parent.pid)}, every_s=0.05).start()
    try:
        parent.wait(timeout=60)
    finally:
        sampler.stop()
    totals = sampler.totals()
    assert totals["tree"] >= 0.3, totals
    assert set(totals) == {"tree", "others"}
