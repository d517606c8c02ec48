"""Transport security: headers, CORS, ProxyFix, body limits, problem+json for every error, ErrorEvents."""

from __future__ import annotations

import io
import re

import pytest
from flask import Blueprint, jsonify, request
from sqlalchemy import text
from sqlmodel import Session, select

from api import create_app
from api.cors import allowed_origins, check_anchored, preview_pattern
from api.headers import API_CSP, PAGE_CSP, content_security_policy
from api.uploads import content_disposition, sanitize_filename
from config import ConfigError, load_settings
from errors import DependencyUnavailable
from models.db import make_engine
from models.error_event import ErrorEvent
from tests.conftest import assert_problem
from tests.database import migrate_head
from tests.stack import register

CANARY_KEY = "sk-test-123"
CANARY_DB_URL = "postgresql://deckhand:CanaryPassw0rd@db.internal:5432/deckhand"

boom = Blueprint("boom", __name__)


def _explode() -> None:
    raise RuntimeError(f"provider said: invalid key {CANARY_KEY}; db at {CANARY_DB_URL}")


@boom.get("/boom")
def boom_route():
    _explode()


@boom.get("/boom-elsewhere")
def boom_elsewhere():
    raise KeyError("another bug")


@boom.get("/boom-503")
def boom_503():
    raise DependencyUnavailable("Redis is down.", retry_after_s=30)


@boom.get("/whoami")
def whoami():
    return jsonify(remote_addr=request.remote_addr, scheme=request.scheme)


@boom.get("/page")
@content_security_policy(PAGE_CSP)
def page():
    return "<p>page</p>"


def make_app(db_settings, **overrides):
    settings = load_settings(**{**db_settings.model_dump(), **overrides}, _env_file=None)
    migrate_head(settings)
    app = create_app(settings)
    app.register_blueprint(boom)  # test-only routes, never in production code
    return app


@pytest.fixture
def app(db_settings):
    return make_app(
        db_settings,
        max_upload_mb=1,
        cors_origins=["https://app.example.com"],
        cors_vercel_project="flashcards",
        cors_vercel_team="acme",
    )


@pytest.fixture
def client(app):
    with app.test_client() as client:
        yield client


def error_events(app):
    engine = make_engine(app.extensions["deckhand"].settings)
    with Session(engine) as session:
        rows = list(session.exec(select(ErrorEvent)))
    engine.dispose()
    return rows


# --- headers ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/decks", "/api/v1/nope", "/boom"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == API_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    assert "Strict-Transport-Security" not in response.headers  # plain http, no trusted proxy


def test_authenticated_json_is_not_stored(client):
    headers = register(client)
    response = client.get("/api/v1/decks", headers=headers)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").headers.get("Cache-Control") != "no-store"


def test_a_route_or_blueprint_can_have_its_own_csp(client, monkeypatch):
    assert client.get("/page").headers["Content-Security-Policy"] == PAGE_CSP
    monkeypatch.setitem(__import__("api.headers").headers.BLUEPRINT_CSP, "boom", "default-src 'self'")
    assert client.get("/whoami").headers["Content-Security-Policy"] == "default-src 'self'"
    assert client.get("/page").headers["Content-Security-Policy"] == PAGE_CSP  # the route wins


def test_hsts_only_over_https_through_a_trusted_proxy(db_settings):
    proxied = make_app(db_settings, proxy_fix_hops=1).test_client()
    secure = proxied.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    direct = make_app(db_settings).test_client()
    spoofed = direct.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in spoofed.headers


# --- ProxyFix ------------------------------------------------------------------------


def test_proxy_fix_takes_the_client_behind_two_proxies(db_settings):
    client = make_app(db_settings, proxy_fix_hops=2).test_client()
    body = client.get(
        "/whoami",
        headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.9, 104.22.17.40", "X-Forwarded-Proto": "https"},
    ).get_json()
    assert body == {"remote_addr": "203.0.113.9", "scheme": "https"}


def test_without_proxy_hops_forwarded_headers_are_ignored(client):
    body = client.get(
        "/whoami", headers={"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https"}
    ).get_json()
    assert body == {"remote_addr": "127.0.0.1", "scheme": "http"}


# --- CORS ------------------------------------------------------------------------------

ALLOWED = ["https://app.example.com", "https://flashcards-a1b2c3d4e-acme.vercel.app"]
HOSTILE = [
    "null",
    "http://app.example.com",
    "https://app.example.com.evil.io",
    "https://evil.com/x.vercel.app",
    "https://evil.vercel.app",
    "https://flashcards-a1b2c3d4e-acme.vercel.app.evil.com",
    "https://flashcards-x-acme.vercel.app.evil.com",
    "http://flashcards-a1b2c3d4e-acme.vercel.app",
    "https://flashcards-git-main-evil-acme.vercel.app",  # look-alike team "evil-acme"
    "https://flashcards-a1b2c3d4e-evil-acme.vercel.app",
    "https://flashcards-a1b2c3d4e-acmeinc.vercel.app",
    "https://flashcards-a1b2c3d4e-acme.vercel.app:8443",
    "https://evilflashcards-a1b2c3d4e-acme.vercel.app",
    "https://x.flashcards-a1b2c3d4e-acme.vercel.app",
]


@pytest.mark.parametrize("origin", ALLOWED)
def test_configured_origins_get_cors_headers_without_credentials(client, origin):
    response = client.get("/api/v1/decks", headers={"Origin": origin})
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Credentials" not in response.headers
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-request-id", "retry-after", "x-ratelimit-remaining"} <= exposed


@pytest.mark.parametrize("origin", HOSTILE)
def test_spoofed_origins_get_no_cors_headers(client, origin):
    for response in (
        client.get("/api/v1/decks", headers={"Origin": origin}),
        client.options("/api/v1/decks", headers={"Origin": origin, "Access-Control-Request-Method": "GET"}),
    ):
        assert "Access-Control-Allow-Origin" not in response.headers, origin


def test_preflight_is_answered_and_cached(client):
    response = client.options(
        "/api/v1/documents",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, X-Request-ID",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert response.headers["Access-Control-Max-Age"] == "600"
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    assert response.headers.get("Access-Control-Allow-Private-Network", "false") == "false"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_previews_are_off_by_default_in_production(db_settings):
    common = {
        **db_settings.model_dump(),
        "cors_vercel_project": "flashcards",
        "cors_vercel_team": "acme",
        "cors_origins": ["https://app.example.com"],
    }
    production = load_settings(**{**common, "env": "production"}, _env_file=None)
    assert allowed_origins(production) == ["https://app.example.com"]
    staging = load_settings(**{**common, "env": "production", "cors_allow_previews": True}, _env_file=None)
    assert len(allowed_origins(staging)) == 2
    assert len(allowed_origins(load_settings(**common, _env_file=None))) == 2  # env=test


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CORS_ORIGINS", "https://*.example.com"),
        ("CORS_ORIGINS", "https://app.example.com/"),
        ("CORS_ORIGINS", "null"),
        ("CORS_ORIGINS", "*"),
        ("CORS_ORIGINS", "https://app.example.com$"),
        ("CORS_VERCEL_TEAM", "acme.vercel.app"),
        ("CORS_VERCEL_PROJECT", "-flashcards"),
        ("CORS_MAX_AGE_S", "86400"),
    ],
)
def test_unsafe_cors_settings_are_refused(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=variable):
        load_settings(_env_file=None)


def test_plain_http_origins_are_refused_in_production(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "http://app.example.com")
    with pytest.raises(ConfigError, match="https"):
        load_settings(env="production", _env_file=None)


def test_unanchored_patterns_fail_startup():
    assert preview_pattern("flashcards", "acme").pattern.endswith(r"\Z")
    with pytest.raises(ValueError, match="anchored"):
        check_anchored(re.compile(r"https://flashcards-[a-z0-9]{9}-acme\.vercel\.app"))


# --- request ids -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [("client-req.0001_ok", True), ("short", False), ("bad id with spaces", False), ("x" * 65, False)],
)
def test_request_id_is_accepted_only_when_well_formed(client, given, kept):
    returned = client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert (returned == given) is kept
    if not kept:
        assert re.fullmatch(r"[0-9a-f]{32}", returned)


# --- problem+json for Flask's own errors and size limits -----------------------------------


def test_404_and_405_are_problems(client):
    assert_problem(client.get("/api/v1/no-such-thing"), 404, "not_found")
    response = client.delete("/healthz")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_json_bodies_over_the_limit_are_413(client, app):
    limit = app.extensions["deckhand"].settings.max_json_body_bytes
    big = b'{"email": "a@example.com", "password": "' + b"x" * limit + b'"}'
    response = client.post("/api/v1/auth/register", data=big, content_type="application/json")
    body = assert_problem(response, 413, "payload_too_large")
    assert body["limit_bytes"] == limit
    # A body sent without Content-Length is counted while it is read.
    chunked = client.post(
        "/api/v1/auth/register",
        input_stream=io.BytesIO(big),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # what gunicorn sets for a chunked body
    )
    assert_problem(chunked, 413, "payload_too_large")
    # Even a route that never reads its body refuses a declared oversize one.
    assert_problem(client.get("/healthz", data=b"x" * (limit + 1)), 413, "payload_too_large")


def test_uploads_have_their_own_larger_limit(client, app):
    headers = register(client)
    settings = app.extensions["deckhand"].settings
    # Larger than a JSON body may be, smaller than the upload limit: not refused for its size.
    text_ = (b"Flashcards help people remember. " * 20_000)[: settings.max_json_body_bytes + 10_000]
    ok = client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(text_), "notes.txt")},
        content_type="multipart/form-data",
    )
    assert ok.status_code != 413, ok.get_data(as_text=True)
    too_big = client.post(
        "/api/v1/documents",
        headers=headers,
        data={"file": (io.BytesIO(b"a" * (settings.max_upload_bytes + 2 * 1024 * 1024)), "big.txt")},
        content_type="multipart/form-data",
    )
    assert_problem(too_big, 413, "payload_too_large")


def test_too_many_form_parts_is_413(client):
    headers = register(client)
    data: dict[str, object] = {f"field{i}": "x" for i in range(12)}
    data["file"] = (io.BytesIO(b"some text"), "notes.txt")
    response = client.post(
        "/api/v1/documents", headers=headers, data=data, content_type="multipart/form-data"
    )
    assert_problem(response, 413, "payload_too_large")


# --- unexpected exceptions ------------------------------------------------------------------


def test_an_unexpected_exception_is_a_500_problem_and_an_error_event(client, app):
    first = client.get("/boom", headers={"X-Request-ID": "first-request-1"})
    body = assert_problem(first, 500, "internal_error")
    assert re.fullmatch(r"[0-9a-f]{32}", body["error_id"])
    raw = first.get_data(as_text=True)
    assert CANARY_KEY not in raw and "CanaryPassw0rd" not in raw and "RuntimeError" not in raw

    second = client.get("/boom", headers={"X-Request-ID": "second-request-2"})
    assert second.get_json()["error_id"] != body["error_id"]
    client.get("/boom-elsewhere")

    rows = {row.sample_path: row for row in error_events(app)}
    assert set(rows) == {"GET /boom", "GET /boom-elsewhere"}
    row = rows["GET /boom"]
    assert row.count == 2 and row.source == "api" and row.code == "internal_error"
    assert row.exception_type == "builtins.RuntimeError"
    assert "tests/test_http_security.py:_explode" in row.frames
    assert row.sample_request_id == "second-request-2"
    assert row.sample_error_id == second.get_json()["error_id"]
    assert row.first_seen <= row.last_seen
    assert CANARY_KEY not in row.sample_message and "CanaryPassw0rd" not in row.sample_message
    assert rows["GET /boom-elsewhere"].fingerprint != row.fingerprint


def test_a_deckhand_5xx_carries_an_error_id_and_retry_after(client, app):
    response = client.get("/boom-503")
    body = assert_problem(response, 503, "dependency_unavailable")
    # Flask-Limiter may raise it to its own window's reset; never below the error's 30 s.
    assert body["error_id"] and int(response.headers["Retry-After"]) >= 30
    assert [row.code for row in error_events(app)] == ["dependency_unavailable"]


@pytest.mark.sql
def test_storing_an_error_event_never_breaks_the_answer(client, app):
    engine = make_engine(app.extensions["deckhand"].settings)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE errorevent"))
    engine.dispose()
    body = assert_problem(client.get("/boom"), 500, "internal_error")
    assert body["error_id"]


# --- file names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.md", "passwd.md"),
        ("C:\\Users\\me\\notes.pdf", "notes.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("a\x00b\r\nc.txt", "abc.txt"),
        ("  ..  ", "upload"),
        ("Cafe\u0301.md", "Café.md"),
    ],
)
def test_filenames_are_sanitised(given, expected):
    assert sanitize_filename(given) == expected


def test_long_filenames_keep_their_extension():
    name = sanitize_filename("é" * 300 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode()) <= 255


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    header = content_disposition('Los "verbos"; día 1/2.csv')
    assert header == (
        'attachment; filename="Los _verbos__ dia 1_2.csv"; '
        "filename*=UTF-8''Los%20%22verbos%22%3B%20d%C3%ADa%201_2.csv"
    )
    assert "\n" not in content_disposition("a\r\nSet-Cookie: x=1.csv")
    assert content_disposition("..", fallback="deck.csv") == (
        "attachment; filename=\"deck.csv\"; filename*=UTF-8''deck.csv"
    )
