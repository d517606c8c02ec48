"""A private stack for the worker benchmarks: redis-server, a database, the fake LLM server, real workers.

Everything runs on 127.0.0.1 in a temporary directory: a redis-server of its own (never
the developer's), a fresh database at the migration head (SQLite, or a PostgreSQL cluster of its
own started from the machine's binaries, as the tests start theirs), one
:class:`~providers.fakes.FakeLLMServer` (its answer latency set per benchmark), and
``dramatiq workers.main`` processes started with the same environment as this process (each
started, awaited and stopped by :mod:`workers.local_stack`, as the tests and the chaos suites do).
Jobs are submitted through the real API (a Flask test client in this process), so a job
runs exactly the path a user's does: upload, ingest, one message per chunk, finalize.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from providers.fakes import FakeLLMServer  # noqa: E402
from redisconn.embedded import free_port  # noqa: E402
from workers import local_stack  # noqa: E402

# The benchmarks and the load suite wait and stop with these, through this module.
from workers.local_stack import stop as stop  # noqa: E402
from workers.local_stack import wait_healthy as wait_healthy  # noqa: E402
from workers.local_stack import wait_until as wait_until  # noqa: E402

#: The stack's one LLM provider (the fake server speaks its API); every chunk's cards should be its.
PROVIDER = "openai"

#: Limits high enough that the benchmarks measure the worker, not the limits.
GENEROUS = {
    "RATE_LIMIT_USER": "100000/minute",
    "RATE_LIMIT_IP": "100000/minute",
    "RATE_LIMIT_UPLOAD_USER": "100000/minute",
    "RATE_LIMIT_REGISTER_IP": "100000/minute",
    "RATE_LIMIT_REGISTER_EMAIL": "100000/hour",
    "QUOTA_UPLOADS_PER_DAY": "100000",
    "QUOTA_LLM_TOKENS_PER_DAY": "1000000000",
    "MAX_CARDS_LIMIT": "2000",
    "LLM_CACHE_TTL_S": "0",
    "LOG_LEVEL": "WARNING",
}

TERMS = (
    ("A mitochondrion", "the organelle that releases energy from glucose through cellular respiration"),
    ("A chloroplast", "the organelle in which photosynthesis turns light into chemical energy"),
    ("An enzyme", "a protein that speeds up a chemical reaction without being used up"),
    ("A ribosome", "the molecular machine that assembles proteins from amino acids"),
    ("A glacier", "a persistent body of dense ice that moves slowly under its own weight"),
    ("An isotope", "a form of an element whose atoms carry a different number of neutrons"),
)


def sign_up(port: int, email: str, password: str) -> str:
    """Register an account through the API on ``port``; its session token."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        body = json.dumps({"email": email, "password": password})
        connection.request(
            "POST", "/api/v1/auth/register", body=body, headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        answer = json.loads(response.read())
        if response.status != 201:
            raise SystemExit(f"sign-up refused: {response.status} {answer}")
        token: str = answer["token"]
        return token
    finally:
        connection.close()


def course_text(sections: int, salt: str = "") -> bytes:
    """Markdown with ``sections`` headed sections of definitions (one chunk each at CHUNK_TOKENS=100).

    Each definition names its lesson, so no two chunks make the same card (as in a real document).
    """
    parts = [f"# Course notes {salt}\n"]
    for i in range(sections):
        term, definition = TERMS[i % len(TERMS)]
        other, second = TERMS[(i + 1) % len(TERMS)]
        parts.append(
            f"\n## Lesson {i + 1} {salt}\n\n"
            f"{term} is {definition} in lesson {i + 1}. {other} is {second} in unit {i + 1}. "
            f"Lesson {i + 1} of the course returns to these two terms with a worked example.\n"
        )
    return "".join(parts).encode()


@dataclass
class BenchStack:
    """See the module docstring. Build with :func:`bench_stack`."""

    directory: Path
    env: dict[str, str]
    fake: FakeLLMServer
    redis_port: int
    closers: ExitStack = field(default_factory=ExitStack)
    _client: Any = None
    _headers: dict[str, str] = field(default_factory=dict)
    _engine: Any = None

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def settings(self) -> Any:
        from config import load_settings

        return load_settings(_env_file=None)

    @property
    def engine(self) -> Any:
        if self._engine is None:
            from models.db import make_engine

            self._engine = make_engine(self.settings())
        return self._engine

    # --- processes -----------------------------------------------------------------
    @contextmanager
    def worker(
        self, threads: int, stderr: IO[bytes] | None = None, *, processes: int = 1, **extra_env: str
    ) -> Iterator[subprocess.Popen[bytes]]:
        """A real ``dramatiq workers.main`` service (``processes`` x ``threads``), stopped at exit."""
        output = stderr if stderr is not None else subprocess.DEVNULL
        with local_stack.worker_process({**self.env, **extra_env}, threads, output, processes) as proc:
            yield proc

    # --- jobs --------------------------------------------------------------------------
    def _api(self) -> tuple[Any, dict[str, str]]:
        if self._client is None:
            from api import create_app

            self._client = create_app(self.settings()).test_client()
            email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
            response = self._client.post(
                "/api/v1/auth/register", json={"email": email, "password": "correct horse battery"}
            )
            if response.status_code != 201:
                raise RuntimeError(f"registration failed: {response.get_data(as_text=True)}")
            self._headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
        return self._client, self._headers

    def submit(self, body: bytes, filename: str = "notes.md", **form: str) -> str:
        """Upload ``body`` through the API; the job's id (the ingest message is sent)."""
        client, headers = self._api()
        response = client.post(
            "/api/v1/documents",
            headers=headers,
            data={"file": (io.BytesIO(body), filename), **form},
            content_type="multipart/form-data",
        )
        if response.status_code != 202:
            raise RuntimeError(f"upload refused: {response.status_code} {response.get_data(as_text=True)}")
        job_id: str = response.get_json()["id"]
        return job_id

    def submit_file(self, path: Path, **form: str) -> str:
        return self.submit(path.read_bytes(), path.name, **form)

    def job(self, job_id: str) -> Any:
        from sqlmodel import Session

        from models import Job

        with Session(self.engine) as session:
            return session.get(Job, job_id)

    def wait_job(self, job_id: str, timeout_s: float, poll_s: float = 0.005) -> Any:
        """The job's row once it is terminal; raises TimeoutError after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while True:
            job = self.job(job_id)
            if job is not None and job.state in ("succeeded", "failed", "cancelled"):
                return job
            if time.monotonic() > deadline:
                state = f"{job.state}/{job.stage} {job.chunks_done}/{job.chunks_total}" if job else "gone"
                raise TimeoutError(f"job {job_id} still {state} after {timeout_s} s")
            time.sleep(poll_s)

    def chunk_rows(self, job_id: str) -> list[Any]:
        from sqlmodel import Session, select

        from models import ChunkResult

        with Session(self.engine) as session:
            return list(session.exec(select(ChunkResult).where(ChunkResult.job_id == job_id)))


class NoPostgres(RuntimeError):
    """``--database postgres`` on a machine without PostgreSQL's binaries."""


def database_for(database: str, directory: Path, closers: ExitStack) -> str:
    """The URL of an empty database of kind ``database`` ("sqlite" or "postgres"), removed at exit."""
    if database == "sqlite":
        return f"sqlite:///{directory / 'deckhand.db'}"
    from tests.pg import start_cluster  # the tests' throwaway cluster, as scripts/chaos.py uses it

    cluster = start_cluster()
    if cluster is None:
        raise NoPostgres("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
    closers.callback(cluster.stop)
    return cluster.create_database()


@contextmanager
def bench_stack(latency_s: float = 0.0, database: str = "sqlite", **env: str) -> Iterator[BenchStack]:
    """A fresh stack (see the module docstring) on ``database`` ("sqlite" or "postgres"); ``env``
    adds or overrides settings variables."""
    with ExitStack() as closers, tempfile.TemporaryDirectory(prefix="deckhand-bench-") as tmp:
        directory = Path(tmp)
        database_url = database_for(database, directory, closers)
        port = free_port()
        closers.callback(stop, local_stack.start_redis(port, directory), 10)
        fake = closers.enter_context(FakeLLMServer(latency_s=latency_s))
        stack_env = local_stack.child_env({
            **GENEROUS,
            "ENV": "development",
            "DATA_DIR": str(directory / "data"),
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            "SECRET_KEY": "bench-secret-key-" + uuid.uuid4().hex,
            "LLM_PROVIDERS": PROVIDER,
            "OPENAI_API_KEYS": "sk-bench-key-one",
            "OPENAI_BASE_URL": fake.openai_url,
            **env,
        })  # fmt: skip
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(stack_env)

        def restore() -> None:
            os.environ.clear()
            os.environ.update(saved)

        closers.callback(restore)
        from config import load_settings
        from models.db import migrate

        migrate(load_settings(_env_file=None))
        stack = BenchStack(directory, stack_env, fake, port, closers)
        try:
            yield stack
        finally:
            if stack._engine is not None:
                stack._engine.dispose()
