"""A throwaway PostgreSQL cluster for tests, from the machine's PostgreSQL binaries.

PostgreSQL refuses to run as root, so as root the cluster runs as the
``postgres`` (or ``nobody``) user through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

from redisconn.embedded import free_port


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
            return ["runuser", "-u", user, "--"]
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user for PostgreSQL")


@dataclass
class PostgresCluster:
    directory: Path
    port: int
    prefix: list[str]
    pg_ctl: str

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop_server(self, mode: str = "fast") -> None:
        """Stop the server, keeping its data (``fast``: open connections are closed at once)."""
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.directory / "data"), "-m", mode, "-w", "stop"],
            check=True,
            capture_output=True,
        )

    def start_server(self) -> None:
        """Start the server again on the same data directory and port."""
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.directory / "data"), "-l", str(self.directory / "log"),
             "-o", _server_options(self.directory, self.port), "-w", "start"],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.directory / "data"), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def _server_options(directory: Path, port: int) -> str:
    return f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"


def start_cluster() -> PostgresCluster | None:
    """Start a cluster on a free port; None when the binaries are missing."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        return None
    prefix = _run_as()
    directory = Path(tempfile.mkdtemp(prefix="deckhand-pg-"))
    if prefix:
        user = prefix[2]
        shutil.chown(directory, user=user)
    data = directory / "data"
    subprocess.run(
        [*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    subprocess.run(
        [
            *prefix,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(directory / "log"),
            "-o",
            _server_options(directory, port),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    cluster = PostgresCluster(directory=directory, port=port, prefix=prefix, pg_ctl=pg_ctl)
    deadline = time.monotonic() + 20
    while True:
        try:
            psycopg.connect(cluster.admin_url).close()
            return cluster
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
