"""The web app: the API serves its build at / (same origin), Vercel's config is sound, and every
endpoint the app calls exists in the API. The app's own tests (Vitest, the browser run) are
`make web-test` and `make e2e`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from api import create_app
from api.headers import WEB_APP_CSP
from api.routes.web import DIST_CONFIG
from tests.stack import ROOT

WEB = Path(ROOT) / "web"
SOURCES = sorted((WEB / "src").rglob("*.ts*"))


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A build as `vite build` lays it out."""
    (tmp_path / "assets").mkdir()
    page = '<!doctype html><script type="module" src="/assets/index-abc.js"></script>'
    (tmp_path / "index.html").write_text(page)
    (tmp_path / "assets" / "index-abc.js").write_text("console.log('app')")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    return tmp_path


@pytest.fixture
def client(settings, dist):
    app = create_app(settings)
    app.config[DIST_CONFIG] = str(dist)
    with app.test_client() as client:
        yield client


def test_the_app_and_its_routes_answer_index_html_with_the_web_csp(client):
    for path in ("/", "/decks/0123", "/decks/0123/study", "/upload", "/jobs/x", "/signin?next=/upload"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<!doctype html>" in response.get_data(as_text=True)
        assert response.headers["Content-Security-Policy"] == WEB_APP_CSP
        assert response.headers["Cache-Control"] == "no-cache"
    assert "'unsafe-inline'" not in WEB_APP_CSP and "script-src 'self'" in WEB_APP_CSP
    assert "worker-src 'self'" in WEB_APP_CSP and "manifest-src 'self'" in WEB_APP_CSP


def test_built_files_are_served_hashed_assets_cached_for_a_year(client):
    asset = client.get("/assets/index-abc.js")
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker.headers["Cache-Control"] == "no-cache"
    missing = client.get("/assets/gone-123.js")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_the_app_never_shadows_the_api_ops_or_health_routes(client):
    for path in ("/api/v1/nope", "/api", "/api/", "/ops/nope", "/readyz/x"):
        response = client.get(path)
        assert "<!doctype html>" not in response.get_data(as_text=True), path
    assert client.get("/api/v1/nope").mimetype == "application/problem+json"
    assert client.post("/api/v1/decks/abc").status_code == 405  # not swallowed as a page
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/ops").status_code in (401, 403)
    assert client.get("/apiary").status_code == 200  # only the first segment counts


def test_without_a_build_the_root_says_how_to_build_it(settings, tmp_path):
    app = create_app(settings)
    app.config[DIST_CONFIG] = str(tmp_path / "nothing")
    response = app.test_client().get("/")
    assert response.status_code == 404 and "make run" in response.get_json()["hint"]


def test_every_endpoint_the_app_calls_exists_in_the_api(settings):
    source = "\n".join(p.read_text() for p in SOURCES if ".test." not in p.name)
    paths = set(re.findall(r"[`\"}](/api/v1/[^`\"?]*)", source))
    expected = {"/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/auth/sign-out", "/api/v1/documents",
                "/api/v1/decks", "/api/v1/feedback"}  # fmt: skip
    assert expected <= paths
    rules = [rule.rule for rule in create_app(settings).url_map.iter_rules() if rule.rule.startswith("/api/")]
    patterns = [re.compile("^" + re.sub(r"<[^>]+>", r"[^/]+", rule) + "$") for rule in rules]
    for path in paths:
        concrete = re.sub(r"\$\{[^}]+\}", "x1", path).rstrip("/") or "/"
        assert any(p.match(concrete) for p in patterns), f"the web app calls {path}, which the API lacks"


def test_vercel_builds_the_app_with_the_api_url_and_a_csp_reaching_the_api():
    config = json.loads((WEB / "vercel.json").read_text())
    assert config["buildCommand"] == "npm run build" and config["outputDirectory"] == "dist"
    assert config["installCommand"].startswith("npm ci")
    assert config["rewrites"][0]["destination"] == "/index.html"
    headers = {h["key"]: h["value"] for rule in config["headers"] for h in rule["headers"]}
    csp = headers["Content-Security-Policy"]
    assert "connect-src 'self' https://*.onrender.com" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "worker-src 'self'" in csp
    assert (WEB / "package-lock.json").is_file()


def test_the_build_refuses_a_missing_or_plain_http_api_url_on_vercel(node, tmp_path):
    script = (
        "import { checkApiBaseUrl } from './scripts/api-base-url.mjs';"
        "const cases = [['', true], ['http://api.example.com', true], ['https://a.example.com/x', false]];"
        "for (const [v, h] of cases) {"
        " try { checkApiBaseUrl(v, { requireHttps: h }); console.log('accepted', v); }"
        " catch (e) { console.log('refused', e.message); } }"
        "console.log('same-origin', JSON.stringify(checkApiBaseUrl('', {})));"
        "console.log('origin', checkApiBaseUrl('https://api.example.com/', { requireHttps: true }));"
    )
    result = subprocess.run(
        [node, "--input-type=module", "-e", script], cwd=WEB, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "DECKHAND_API_URL is not set" in out and "must be https" in out and "without a path" in out
    assert "accepted" not in out
    assert 'same-origin ""' in out and "origin https://api.example.com" in out
