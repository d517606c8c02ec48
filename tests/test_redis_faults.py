"""Redis faults are 503s, never 500s: a real gunicorn on a real Redis that is stalled and killed.

A request loop (several threads: upload, job read, job events, decks, auth/me, sign-in,
ops metrics, health) runs while the test stalls Redis (SIGSTOP), lets it go, kills it
(SIGKILL) and starts it again on the same port. Every answer must be a 2xx, a 429 or a
503 problem+json with Retry-After; not one 500. After the outage the stack answers 2xx again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest
import requests

from api.commands import set_role
from config import Settings, load_settings
from models import Role
from redisconn.embedded import free_port
from tests.database import migrate_head
from tests.stack import ROOT, RedisServer, settings_env, stopped_at_exit, wait_for

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
#: The loop runs flat out: limits high enough that it measures Redis faults, not the limits
#: (they are still counted, in Redis or in the process).
GENEROUS_LIMITS = {
    name: "100000/minute"
    for name in ("RATE_LIMIT_USER", "RATE_LIMIT_IP", "RATE_LIMIT_UPLOAD_USER", "RATE_LIMIT_SIGN_IN_IP",
                 "RATE_LIMIT_SIGN_IN_EMAIL", "RATE_LIMIT_ADMIN")
}  # fmt: skip
GENEROUS_LIMITS["QUOTA_UPLOADS_PER_DAY"] = "100000"
TEXT = ("Ownership is a set of rules that govern how a Rust program manages memory. " * 40).encode()


@dataclass
class Outcomes:
    seen: Counter[tuple[str, int]] = field(default_factory=Counter)
    bad: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, response: requests.Response | None, error: str = "") -> None:
        with self.lock:
            if response is None:
                self.bad.append(f"{kind}: no answer ({error})")
                return
            status = response.status_code
            self.seen[(kind, status)] += 1
            if status >= 500 and status != 503:
                self.bad.append(f"{kind}: {status} {response.text[:200]}")
            elif kind == "readyz":
                pass  # a readiness report (its checks in JSON), 503 while anything is down
            elif status == 503 and not (
                response.headers.get("Content-Type", "").startswith("application/problem+json")
                and int(response.headers.get("Retry-After", "0")) >= 1
            ):
                self.bad.append(f"{kind}: 503 without problem+json and Retry-After: {response.headers}")
            elif status >= 400 and status not in (429, 503):
                self.bad.append(f"{kind}: {status} {response.text[:200]}")


@pytest.fixture
def api(tmp_path: Path, redis_server: RedisServer) -> Iterator[tuple[str, Settings]]:
    settings = load_settings(
        env="test",
        data_dir=tmp_path / "data",
        redis_url=redis_server.url,
        security_key_prefix=f"faults{free_port()}",
        _env_file=None,
    )
    migrate_head(settings)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "api:create_app()", "--bind", f"127.0.0.1:{port}",
         "--worker-class", "gthread", "--workers", "1", "--threads", "16", "--timeout", "60"],
        cwd=ROOT,
        # The stop is not this test's subject (tests/deploy/test_shutdown.py): a stream still open
        # when the loop ends would hold gunicorn for its 25 s graceful timeout at every run.
        env=settings_env(settings, LOG_LEVEL="WARNING", GRACEFUL_TIMEOUT_S="2", **GENEROUS_LIMITS),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with stopped_at_exit(proc, timeout_s=30):
        wait_for(lambda: _answers(f"{base}/healthz"), 60, "gunicorn")
        yield base, settings


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _requests(
    base: str, token: str, admin: str, job_id: str, email: str
) -> list[tuple[str, Callable[[], requests.Response]]]:
    auth = {"Authorization": f"Bearer {token}"}
    ops = {"Authorization": f"Bearer {admin}"}
    timeout = 30

    def get(path: str, headers: dict[str, str] | None = None) -> Callable[[], requests.Response]:
        return lambda: requests.get(f"{base}{path}", headers=headers, timeout=timeout)

    def upload() -> requests.Response:
        files = {"file": ("n.txt", TEXT)}
        return requests.post(f"{base}/api/v1/documents", headers=auth, files=files, timeout=timeout)

    def sign_in() -> requests.Response:
        body = {"email": email, "password": PASSWORD}
        return requests.post(f"{base}/api/v1/auth/token", json=body, timeout=timeout)

    def events() -> requests.Response:
        url = f"{base}/api/v1/jobs/{job_id}/events"
        with requests.get(url, headers=auth, timeout=timeout, stream=True) as response:
            return response  # the status and headers are what counts; the stream is closed here

    return [
        ("upload", upload),
        ("job", get(f"/api/v1/jobs/{job_id}", auth)),
        ("events", events),
        ("decks", get("/api/v1/decks", auth)),
        ("me", get("/api/v1/auth/me", auth)),
        ("sign_in", sign_in),
        ("ops_metrics", get("/ops/metrics.json", ops)),
        ("readyz", get("/readyz")),
        ("healthz", get("/healthz")),
    ]


def _register(base: str, email: str) -> str:
    response = requests.post(
        f"{base}/api/v1/auth/register", json={"email": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def test_a_stalled_then_killed_redis_gives_503s_never_500s(
    api: tuple[str, Settings], redis_server: RedisServer
) -> None:
    base, settings = api
    email = "loop@example.com"
    token = _register(base, email)
    admin_email = "ops@example.com"
    admin = _register(base, admin_email)
    set_role(settings, admin_email, Role.ADMIN)
    upload = requests.post(
        f"{base}/api/v1/documents",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("n.txt", TEXT)},
        timeout=30,
    )
    assert upload.status_code == 202, upload.text
    calls = _requests(base, token, admin, str(upload.json()["id"]), email)
    outcomes = Outcomes()
    stop = threading.Event()

    def loop(offset: int) -> None:
        i = offset
        while not stop.is_set():
            kind, call = calls[i % len(calls)]
            i += 1
            try:
                outcomes.record(kind, call())
            except requests.RequestException as exc:
                outcomes.record(kind, None, repr(exc))

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)  # traffic with Redis up
        redis_server.signal(signal.SIGSTOP)
        time.sleep(8)  # stalled: connections open, nothing answers
        redis_server.signal(signal.SIGCONT)
        time.sleep(2)
        redis_server.signal(signal.SIGKILL)
        time.sleep(5)  # gone: connections refused
        redis_server.start()  # the same port and data directory
        time.sleep(3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    summary = dict(sorted(outcomes.seen.items()))
    print(summary)
    assert not outcomes.bad, "\n".join(outcomes.bad[:20])
    assert any(status == 503 for (_, status) in outcomes.seen), summary
    # Recovered: every kind answers 2xx again (the limiter back on Redis, SSE streams open).
    for kind, call in calls:
        if kind == "readyz":
            continue  # no worker runs here: readiness stays 503
        wait_for(partial(_succeeds, call), 30, f"{kind} after the outage")


def _succeeds(call: Callable[[], requests.Response]) -> bool:
    return call().status_code < 300
