"""Every error is problem+json: malformed bodies in the app, malformed HTTP in gunicorn.

* In the app: JSON nested 100,000 deep, unknown and repeated multipart parts, control
  characters in text fields.
* In front of the app: gunicorn refuses an overlong request line (414), too many or too
  large headers (431) and control bytes in a header (400) itself; started with
  gunicorn.conf.py (as render.yaml and ``deckhand run`` start it) those answers are
  problem+json too.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from pydantic import ValidationError
from sqlmodel import Session, func, select

from api.routes.cards import NewCard
from config import load_settings
from models import Document
from models.db import make_engine
from redisconn.embedded import free_port
from tests.conftest import assert_problem_parts, upload
from tests.database import migrate_head
from tests.stack import ROOT, app_with, register, settings_env, stopped_at_exit, wait_for

NESTED = "[" * 100_000


@pytest.fixture
def app_settings(settings):
    """SQLite only: these are HTTP checks, not database ones."""
    migrate_head(settings)
    return settings


@pytest.fixture
def client(app_settings):
    with app_with(app_settings).test_client() as client:
        yield client


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/auth/register", "/api/v1/auth/api-keys"])
def test_json_nested_too_deep_is_a_400(client, path):
    headers = register(client) if path.endswith("api-keys") else {}
    response = client.post(path, data=NESTED, content_type="application/json", headers=headers)
    problem = assert_problem_parts(
        response.status_code, response.content_type, response.data, 400, "bad_request"
    )
    assert "JSON" in str(problem["detail"])


NOTES = ("n.txt", b"Some notes about ownership in Rust. " * 20)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"other": (io.BytesIO(b"second"), "b.txt")}, "other"),
        ({"title": ["one", "two"]}, "title"),
        ({"title": "line\r\nbreak"}, "title"),
        ({"title": "nul\x00byte"}, "title"),
        ({"focus": "esc\x1b[31m"}, "focus"),
    ],
)
def test_upload_refuses_unknown_repeated_and_control_fields(client, app_settings, extra, field):
    response = upload(client, register(client), NOTES, **extra)
    problem = assert_problem_parts(
        response.status_code, response.content_type, response.data, 422, "validation_failed"
    )
    assert field in [p["name"] for p in problem["invalid_params"]], problem
    engine = make_engine(app_settings)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Document)).one() == 0
    engine.dispose()


def test_two_file_parts_are_refused(client):
    data = {
        "file": [(io.BytesIO(b"first notes " * 30), "a.txt"), (io.BytesIO(b"second notes " * 30), "b.txt")]
    }
    response = client.post(
        "/api/v1/documents", headers=register(client), data=data, content_type="multipart/form-data"
    )
    problem = assert_problem_parts(
        response.status_code, response.content_type, response.data, 422, "validation_failed"
    )
    assert problem["invalid_params"] == [{"name": "file", "reason": "send one file per upload"}]


def test_a_clean_upload_with_known_fields_is_accepted(client):
    response = upload(client, register(client), NOTES, title="Rust notes", focus="ownership")
    assert response.status_code == 202, response.get_json()


def test_card_text_keeps_line_breaks_and_refuses_other_controls() -> None:
    card = NewCard.model_validate(
        {"front": "What is\r\nownership?", "back": "A set\tof rules", "tags": ["rust"]}
    )
    assert card.front == "What is\nownership?" and card.back == "A set\tof rules"
    for bad in ({"front": "nul\x00"}, {"front": "ok", "back": "bell\x07"}, {"front": "ok", "tags": ["a\nb"]}):
        with pytest.raises(ValidationError):
            NewCard.model_validate(bad)


# --- gunicorn ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[int]:
    """One gunicorn for the module's raw-socket checks: each is refused before any route runs
    and its connection closed, so they share the server (its start costs seconds)."""
    settings = load_settings(
        env="test",
        data_dir=tmp_path_factory.mktemp("gunicorn") / "data",
        redis_url=redis_url,
        security_key_prefix=f"test-{uuid.uuid4().hex[:12]}",
        _env_file=None,
    )
    migrate_head(settings)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "api:create_app()", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=settings_env(settings, PORT=str(port), LOG_LEVEL="WARNING"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with stopped_at_exit(proc, timeout_s=30):
        probe = HOST + b"Connection: close\r\n\r\n"
        wait_for(lambda: _raw(port, probe)[0] == 200, 120, "gunicorn")
        yield port


def _raw(port: int, request: bytes) -> tuple[int, str, bytes]:
    """Send ``request`` as is and read to the end (every answer here closes the connection)."""
    data = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(request)
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return 0, "", b""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    words = lines[0].split()
    status = int(words[1]) if len(words) > 1 else 0
    types = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("content-type:")]
    return status, (types or [""])[0], body


HOST = b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
MANY_HEADERS = b"".join(b"X-H%d: v\r\n" % i for i in range(150))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
        (HOST + b"X-Big: " + b"b" * 9000 + b"\r\n\r\n", 431, "headers_too_large"),
        (HOST + MANY_HEADERS + b"\r\n", 431, "headers_too_large"),
        (HOST + b"X-Ctl: a\x01b\r\n\r\n", 400, "bad_request"),
        (HOST + b"X\x00Bad: v\r\n\r\n", 400, "bad_request"),
        (b"NOT A REQUEST\r\n\r\n", 400, "bad_request"),
    ],
    ids=["long-url", "big-header", "many-headers", "control-byte-value", "nul-in-name", "bad-request-line"],
)  # fmt: skip
def test_gunicorn_refusals_are_problem_json(gunicorn_port, request_bytes, status, code):
    got, content_type, body = _raw(gunicorn_port, request_bytes)
    assert_problem_parts(got, content_type, body, status, code)


@pytest.mark.slow
def test_nested_json_through_gunicorn_is_a_400(gunicorn_port):
    body = NESTED.encode()
    request = (
        b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    ) + body
    assert_problem_parts(*_raw(gunicorn_port, request), 400, "bad_request")


def test_a_part_without_a_name_is_refused(client):
    body = (
        b'--B\r\nContent-Disposition: form-data; filename="a.txt"\r\n\r\nsome notes\r\n'
        b'--B\r\nContent-Disposition: form-data; filename="b.txt"\r\n\r\nmore notes\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="n.txt"\r\n\r\n'
        + b"Notes about ownership in Rust. " * 20
        + b"\r\n--B--\r\n"
    )
    response = client.post(
        "/api/v1/documents",
        headers=register(client),
        data=body,
        content_type="multipart/form-data; boundary=B",
    )
    assert_problem_parts(response.status_code, response.content_type, response.data, 422, "validation_failed")
