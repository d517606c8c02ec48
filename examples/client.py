#!/usr/bin/env python3
"""A small Deckhand client with the standard library: sign in, upload, follow the job, export.

    python examples/client.py --api http://127.0.0.1:8000 --email you@example.com \
        --password a-long-password notes.pdf -o deck.csv

Registers the account when signing in fails with 401. Prints the job's progress as it goes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any


class DeckhandError(Exception):
    """An API error (RFC 9457 problem+json): code, detail, hint."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{status} {problem.get('code')}: {problem.get('detail')} ({problem.get('hint')})")
        self.status = status
        self.code = problem.get("code")


class Deckhand:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base = base_url.rstrip("/")
        self.token = token

    def _call(self, method: str, path: str, body: bytes | None = None, ctype: str | None = None) -> bytes:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if ctype:
            headers["Content-Type"] = ctype
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            raise DeckhandError(exc.code, json.loads(exc.read() or b"{}")) from None

    def _json(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        body = json.dumps(payload).encode() if payload is not None else None
        return json.loads(self._call(method, path, body, "application/json" if body else None))

    def sign_in(self, email: str, password: str) -> None:
        """Sign in; register first if the account does not exist."""
        credentials = {"email": email, "password": password}
        try:
            self.token = self._json("POST", "/api/v1/auth/token", credentials)["token"]
        except DeckhandError as exc:
            if exc.status != 401:
                raise
            self.token = self._json("POST", "/api/v1/auth/register", credentials)["token"]

    def upload(self, path: Path, max_cards: int = 50) -> dict[str, Any]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="max_cards"\r\n\r\n{max_cards}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n\r\n'
            ).encode()
            + path.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        raw = self._call("POST", "/api/v1/documents", body, f"multipart/form-data; boundary={boundary}")
        return dict(json.loads(raw))

    def wait(self, job_id: str, every_s: float = 1.0, timeout_s: float = 600) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            job: dict[str, Any] = self._json("GET", f"/api/v1/jobs/{job_id}")
            print(
                f"  {job['state']:<10} {job['stage']:<11} {job['progress']['percent']:>3}%", file=sys.stderr
            )
            if job["state"] in ("succeeded", "failed", "cancelled") or time.monotonic() > deadline:
                return job
            time.sleep(every_s)

    def export(self, deck_id: str, fmt: str) -> bytes:
        return self._call("GET", f"/api/v1/decks/{deck_id}/export?format={fmt}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--api", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--max-cards", type=int, default=50)
    parser.add_argument("-o", "--output", type=Path, default=Path("deck.csv"))
    args = parser.parse_args()

    client = Deckhand(args.api)
    try:
        client.sign_in(args.email, args.password)
        job = client.wait(client.upload(args.file, args.max_cards)["id"])
        if job["state"] != "succeeded":
            print(f"job {job['state']}: {job.get('error')}", file=sys.stderr)
            return 1
        args.output.write_bytes(client.export(job["deck_id"], args.output.suffix.lstrip(".") or "csv"))
    except DeckhandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {job['cards_count']} cards to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
