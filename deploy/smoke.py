"""``scripts/smoke URL``: check a deployed Deckhand end to end, with the standard library only.

health → (readiness) → register → upload a small document → follow the job → deck → export.
Each step prints one line; the first failure prints what was expected and exits 1.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

DOCUMENT = b"""# Smoke test notes

## Photosynthesis

Photosynthesis is the process by which green plants convert light energy into chemical energy.
It takes place in the chloroplasts, which contain the pigment chlorophyll. The light reactions
produce ATP and NADPH; the Calvin cycle uses them to fix carbon dioxide into sugars.

## Cellular respiration

Cellular respiration releases energy from glucose. Glycolysis happens in the cytoplasm, while the
citric acid cycle and oxidative phosphorylation happen in the mitochondria, producing most ATP.
"""
TERMINAL = ("succeeded", "failed", "cancelled")

#: How long a 503 from /readyz is waited out: a worker's first heartbeat after a deploy.
READY_WAIT_S = 120


class SmokeFailure(Exception):
    """A step did not answer as expected."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Response:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - an operator's URL
            return Response(resp.status, dict(resp.headers), resp.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, dict(exc.headers), exc.read())


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "deckhand-smoke-" + uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def expect(step: str, response: Response, status: int) -> Response:
    if response.status != status:
        detail = response.body[:500].decode("utf-8", "replace")
        request_id = response.headers.get("X-Request-ID", "?")
        raise SmokeFailure(
            f"{step}: expected {status}, got {response.status} (request id {request_id}): {detail}"
        )
    return response


def smoke(base: str, *, timeout_s: float = 300, say: Any = print) -> dict[str, Any]:
    """Run every step against ``base``; returns what it saw. Raises :class:`SmokeFailure`."""
    base = base.rstrip("/")
    expect("health", request("GET", f"{base}/healthz"), 200)
    say(f"ok  health       {base}/healthz")
    ready_by = time.monotonic() + min(timeout_s, READY_WAIT_S)
    ready = request("GET", f"{base}/readyz")
    # A deploy starts its services in any order: a worker still booting has sent no heartbeat yet,
    # so readiness is waited for (up to READY_WAIT_S), not asked once.
    while ready.status == 503 and time.monotonic() < ready_by:
        time.sleep(1)
        ready = request("GET", f"{base}/readyz")
    if ready.status != 404:  # optional: older releases had no readiness endpoint
        expect("readiness", ready, 200)
        say("ok  readiness    /readyz")

    email = f"smoke-{uuid.uuid4().hex[:12]}@example.com"
    credentials = json.dumps({"email": email, "password": "smoke-" + uuid.uuid4().hex}).encode()
    registered = expect(
        "sign up",
        request(
            "POST",
            f"{base}/api/v1/auth/register",
            body=credentials,
            headers={"Content-Type": "application/json"},
        ),
        201,
    ).json()
    auth = {"Authorization": f"Bearer {registered['token']}"}
    say(f"ok  sign up      {email}")

    body, ctype = multipart({"title": "Smoke test", "max_cards": "10"}, "smoke.md", DOCUMENT)
    job = expect(
        "upload",
        request("POST", f"{base}/api/v1/documents", body=body, headers={**auth, "Content-Type": ctype}),
        202,
    ).json()
    say(f"ok  upload       job {job['id']}")

    deadline = time.monotonic() + timeout_s
    while job["state"] not in TERMINAL:
        if time.monotonic() > deadline:
            raise SmokeFailure(
                f"job: still {job['state']}/{job['stage']} after {timeout_s:.0f} s; is a worker running? "
                "(`deckhand doctor`)"
            )
        time.sleep(1)
        job = expect("job", request("GET", f"{base}/api/v1/jobs/{job['id']}", headers=auth), 200).json()
    if job["state"] != "succeeded":
        raise SmokeFailure(f"job: ended {job['state']}: {job.get('error')}")
    degraded = " (degraded: offline cards)" if job["degraded"] else ""
    say(f"ok  job          succeeded, {job['cards_count']} cards{degraded}")

    deck = expect("deck", request("GET", f"{base}/api/v1/decks/{job['deck_id']}", headers=auth), 200).json()
    if not deck.get("cards"):
        raise SmokeFailure("deck: no cards")
    say(f"ok  deck         {len(deck['cards'])} cards")

    export = expect(
        "export",
        request("GET", f"{base}/api/v1/decks/{job['deck_id']}/export?format=csv", headers=auth),
        200,
    )
    if len(export.body.splitlines()) < 2:
        raise SmokeFailure("export: the CSV has no card rows")
    say(f"ok  export       {len(export.body)} bytes of CSV")
    return {"job": job, "deck": deck, "export_bytes": len(export.body)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0].startswith(("http://", "https://")):
        print(
            "usage: scripts/smoke https://your-api.example.com (the API's URL, with its scheme)",
            file=sys.stderr,
        )
        return 2
    try:
        smoke(args[0])
    except SmokeFailure as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"FAIL cannot reach {args[0]}: {exc}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0
