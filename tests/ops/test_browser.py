"""/ops in a real browser (Debian's chromium driven by Playwright), at desktop and phone widths.

The dashboard runs on a real HTTP server over a real Redis and database; the browser signs
in through the form, opens the overview, jobs and dead letters, and the test saves a
screenshot of each page at each width to ``test-artifacts/ops/`` for a person to look at.
It checks what a screenshot cannot: nothing wider than a phone's screen (the Sign out
button is inside it), no console error (a CSP violation would be one), and the overview's
figures refreshing in place from ``/ops/metrics.json``.

Chromium is installed with apt when missing (``apt-get install -y chromium``); Playwright's
own browser download is never used.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from api import create_app
from config import Settings
from models.db import make_engine
from ops.alerts import evaluate_for_slot
from tests.ops.conftest import PASSWORD, send
from tests.ops.test_dashboard import Q, populate
from tests.stack import ROOT
from tests.test_worker_recovery import make_job

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(ROOT) / "test-artifacts" / "ops"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def ensure_chromium() -> str:
    """Debian's chromium, installed with apt when missing."""
    if not Path(CHROMIUM).exists():
        if shutil.which("apt-get") is None:
            pytest.fail(f"{CHROMIUM} is missing and apt-get is not available to install it")
        subprocess.run(["apt-get", "update"], check=True, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "chromium"], check=True, capture_output=True, timeout=1200
        )
    return CHROMIUM


@pytest.fixture
def server(ops_settings: Settings) -> Iterator[str]:
    http = make_server("127.0.0.1", 0, create_app(ops_settings), threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.port}"
    finally:
        http.shutdown()
        thread.join(timeout=10)


def test_ops_pages_in_a_real_browser(server, client, admin, broker, ops_settings, redis_client):
    from playwright.sync_api import expect, sync_playwright

    executable = ensure_chromium()
    populate(broker)
    # History for the charts, recorded the way the scheduler does: one sample per alert slot.
    engine = make_engine(ops_settings)
    start = time.time() - 6 * 300
    for i in range(6):
        for _ in range(i % 3):
            make_job(engine)  # work arriving between samples
            send(broker, Q, "generate_chunk", f"job-more-{i}", i)
        evaluate_for_slot(
            ops_settings, redis_client, engine, interval_s=300, owner="test", now=start + i * 300
        )
    engine.dispose()

    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            for name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                # Console errors, except the browser's own favicon probe (the dashboard has none).
                page.on(
                    "console",
                    lambda m: (
                        errors.append(m.text)
                        if m.type == "error" and "favicon" not in (m.location.get("url") or "")
                        else None
                    ),
                )
                page.on(
                    "response",
                    lambda r: (
                        errors.append(f"{r.status} {r.url}")
                        if r.status >= 400 and not r.url.endswith("/favicon.ico")
                        else None
                    ),
                )
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(f"{server}/ops/login")
                page.fill("input[name=email]", admin["email"])
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
                assert page.url.rstrip("/") == f"{server}/ops", (page.url, page.content()[:2000])
                for slug, path in (
                    ("overview", "/ops"),
                    ("jobs", "/ops/jobs"),
                    ("dead", f"/ops/queues/{Q}/dead"),
                ):
                    page.goto(f"{server}{path}")
                    page.screenshot(path=str(SHOTS / f"{slug}-{name}.png"), full_page=True)
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    assert wide <= width, f"{path} is {wide}px wide on a {width}px screen"
                    box = page.locator("header button", has_text="Sign out").bounding_box()
                    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
                page.goto(f"{server}/ops")
                assert page.locator("svg polyline").count() == 6  # the six history charts
                # The figures refresh in place (ops.js polls /ops/metrics.json every 15 s).
                # (expect polls from its own world: the page's CSP allows no eval)
                expect(page.locator("[data-live-stamp]")).to_have_text(re.compile("^updated"), timeout=30_000)
                cpu = page.locator('[data-live="system:cpu_percent"]').text_content()
                assert cpu and cpu.strip().endswith("%")
                page.close()
        finally:
            browser.close()
    assert errors == []
    assert sorted(p.name for p in SHOTS.glob("*.png")) == sorted(
        f"{slug}-{name}.png" for slug in ("overview", "jobs", "dead") for name in WIDTHS
    )
