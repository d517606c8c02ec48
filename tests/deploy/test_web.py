"""The static web app: served as Vercel would, its modules load, and every endpoint it calls exists."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from api import create_app
from tests.stack import ROOT

WEB = Path(ROOT) / "web"


@pytest.fixture(scope="module")
def web_server():
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(WEB))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


def test_the_page_and_its_modules_load(web_server):
    status, ctype, html = fetch(f"{web_server}/")
    assert status == 200 and "text/html" in ctype
    assert '<script type="module" src="app.js">' in html
    for module in ("app.js", "api.js", "sse.js", "config.js", "style.css"):
        status, ctype, body = fetch(f"{web_server}/{module}")
        assert status == 200 and body.strip(), module
    for module in ("app.js", "api.js", "sse.js"):
        imports = re.findall(r'from "\./([\w.-]+)"', (WEB / module).read_text())
        assert all((WEB / name).exists() for name in imports), (module, imports)


def test_every_endpoint_the_app_calls_exists_in_the_api(settings):
    source = "\n".join((WEB / name).read_text() for name in ("api.js", "sse.js"))
    paths = set(re.findall(r"[`\"](/api/v1/[^`\"?]*)", source))
    assert {"/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/documents", "/api/v1/decks"} <= paths
    rules = [rule.rule for rule in create_app(settings).url_map.iter_rules()]
    patterns = [re.compile("^" + re.sub(r"<[^>]+>", r"[^/]+", rule) + "$") for rule in rules]
    for path in paths:
        concrete = re.sub(r"\$\{[^}]+\}", "x1", path).rstrip("/") or "/"
        assert any(p.match(concrete) for p in patterns), f"the web app calls {path}, which the API lacks"
    assert any(p.match("/api/v1/jobs/x1/events") for p in patterns), "the SSE route"


def test_vercel_config_sets_clean_urls_and_a_csp_reaching_the_api():
    config = json.loads((WEB / "vercel.json").read_text())
    assert config["cleanUrls"] is True
    assert config["buildCommand"] == "node build-config.mjs"
    headers = {h["key"]: h["value"] for rule in config["headers"] for h in rule["headers"]}
    csp = headers["Content-Security-Policy"]
    assert "connect-src 'self' https://*.onrender.com" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    package = json.loads((WEB / "package.json").read_text())
    assert not package.get("dependencies"), "no runtime dependencies"


def test_the_javascript_unit_tests_pass(node):
    result = subprocess.run([node, "--test", "tests/"], cwd=WEB, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout


def test_the_build_step_refuses_a_missing_api_url(node, tmp_path):
    result = subprocess.run(
        [node, str(WEB / "build-config.mjs")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={},
        timeout=60,
    )
    assert result.returncode == 1 and "DECKHAND_API_URL is not set" in result.stderr
