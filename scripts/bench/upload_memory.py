"""Benchmark: the API's memory while it takes a large upload, against a small upload in the same run.

Starts the load suite's stack (``scripts/load/run.py``: production settings, gunicorn's gevent
worker, ``WEB_CONCURRENCY=2``, uploads stored in the database, SQLite) with ``MAX_UPLOAD_MB``
raised to hold the file and no worker (the jobs stay queued: only the API is measured). Small
documents are uploaded until both web processes have answered (imports, connections),
then, measured: a small upload (the baseline), a ``--mb`` MB one, and a small one again. The
file is a Markdown text written here to a temporary file and streamed from it by the client.

Printed per upload: the growth of the web processes' peak resident memory (``VmHWM`` of each
gunicorn worker, the largest growth among them: the process that took the upload) and that
growth as a share of the file's size. Exit status 1 when the large upload is refused or its
growth is above ``--budget-mb`` (default 20, the issue's bound): a memory budget, not a timing.

Run: ``.venv/bin/python -m scripts.bench.upload_memory [--mb 50]``
"""

from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psutil  # type: ignore[import-untyped]  # noqa: E402

from scripts.bench.stack import sign_up  # noqa: E402
from scripts.load.run import local_stack  # noqa: E402

MIB = 1024 * 1024
PASSWORD = "correct horse battery staple"  # the benchmark account's
PARAGRAPH = (
    "The borrow checker compares the scopes of references with the scope of the value they "
    "point to. A reference that outlives its value is refused at compile time, so a program "
    "never reads memory that was freed. Each value has one owner; when the owner goes out of "
    "scope the value is dropped.\n\n"
)


def write_document(path: Path, size: int) -> None:
    """A Markdown document of ``size`` bytes: sections of the same paragraphs, written in blocks."""
    written, section = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            block = f"## Section {section}\n\n" + PARAGRAPH * 40
            block = block[: size - written]
            out.write(block)
            written += len(block.encode())
            section += 1


def multipart_file(document: Path, boundary: str, directory: Path) -> Path:
    """The request body (one ``file`` field) in a file of its own, so it is streamed, not held."""
    body = directory / f"body-{document.stem}"
    with body.open("wb") as out, document.open("rb") as source:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{document.name}"\r\n'
            "Content-Type: text/markdown\r\n\r\n".encode()
        )
        while block := source.read(MIB):
            out.write(block)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return body


def new_account(port: int) -> str:
    """A session token of a fresh account."""
    return sign_up(port, f"upload-{uuid.uuid4().hex[:8]}@example.com", PASSWORD)


def upload(port: int, token: str, document: Path, directory: Path) -> int:
    """POST the document as a streamed multipart body; the answer's status."""
    boundary = uuid.uuid4().hex
    body = multipart_file(document, boundary, directory)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        with body.open("rb") as stream:
            connection.request(
                "POST",
                "/api/v1/documents",
                body=stream,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(body.stat().st_size),
                },
            )
            response = connection.getresponse()
            answer = response.read()
        if response.status != 202:
            print(f"  upload of {document.name} answered {response.status}: {answer[:300]!r}")
        return response.status
    finally:
        connection.close()
        body.unlink()


def web_workers(port: int) -> list[psutil.Process]:
    """The gunicorn worker processes listening on ``port`` (the master's children)."""
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if any("gunicorn" in part for part in cmdline) and f"127.0.0.1:{port}" in cmdline:
            children: list[psutil.Process] = proc.children()
            if children:
                return children
    raise RuntimeError(f"no gunicorn workers found for port {port}")


def peak_kib(proc: psutil.Process) -> int:
    """``VmHWM`` of ``proc``: its peak resident set since it started, KiB."""
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {proc.pid}")


def measured(port: int, document: Path, directory: Path) -> tuple[int, float]:
    """(status, the largest growth of a web process's peak memory, MiB) of one upload.

    From a new account (uploads are limited per account), signed up before the measure: a
    password hash takes Argon2id's 19 MiB for a moment, which is not the upload's."""
    token = new_account(port)
    workers = web_workers(port)
    before = {proc.pid: peak_kib(proc) for proc in workers}
    status = upload(port, token, document, directory)
    growth = max(peak_kib(proc) - before[proc.pid] for proc in workers if proc.pid in before)
    return status, growth / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the large upload, MiB")
    parser.add_argument("--budget-mb", type=float, default=20.0, help="growth allowed for the large upload")
    args = parser.parse_args(argv)
    print(f"== upload memory: a {args.mb} MiB upload against a small one, same run ==")
    with tempfile.TemporaryDirectory(prefix="deckhand-upload-") as tmp:
        directory = Path(tmp)
        small, large = directory / "small.md", directory / "large.md"
        write_document(small, 20 * 1024)
        write_document(large, args.mb * MIB)
        settings = {"MAX_UPLOAD_MB": str(args.mb + 5)}
        with local_stack(latency_s=0.05, threads=2, worker=False, extra_env=settings) as stack:
            port = int(stack.base.rsplit(":", 1)[1])
            for _ in range(6):  # warm both web processes up (gunicorn does not alternate strictly)
                upload(port, new_account(port), small, directory)
            rows = [
                ("small (baseline)", small.stat().st_size, *measured(port, small, directory)),
                (f"{args.mb} MiB", large.stat().st_size, *measured(port, large, directory)),
                ("small, after", small.stat().st_size, *measured(port, small, directory)),
            ]
    for label, size, status, growth in rows:
        share = growth * MIB / size
        print(f"{label:18} status={status} peak growth={growth:6.1f} MiB ({share:.2f} x the file)")
    large_status, large_growth = rows[1][2], rows[1][3]
    ok = large_status == 202 and large_growth <= args.budget_mb
    print(f"budget {args.budget_mb:g} MiB: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
