"""Where an authenticated job read's Python time goes: cProfile around the WSGI app, in process.

The same stack as ``job_read`` (a private redis-server, SQLite at head, one account, token and
running job, the limits raised but counting), without gunicorn or sockets on the client side:
one prepared WSGI environ is sent ``--requests`` times to ``api:create_app()`` and again to the
bare route of ``bare_app``, and the profile of the app's requests is printed (the top functions
by own time, then by cumulative time). Printed first: the mean wall time per request of each,
unprofiled (a guide only: the figure to compare is ``job_read``'s).

Run: ``.venv/bin/python -m scripts.bench.job_read_profile [--requests 5000] [--top 40]``
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from config import load_settings  # noqa: E402
from redisconn.embedded import free_port  # noqa: E402
from scripts.bench.job_read import environment, seed  # noqa: E402
from workers.local_stack import start_redis, stopped_at_exit  # noqa: E402

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def environ_for(path: str, token: str | None) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
    }
    if token is not None:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return environ


def serve(app: WsgiApp, environ: dict[str, Any], count: int) -> None:
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        statuses.append(status)

    for _ in range(count):
        result = app(dict(environ), start_response)
        for _chunk in result:
            pass
        close = getattr(result, "close", None)
        if close is not None:
            close()
    bad = [s for s in statuses if not s.startswith("200")]
    if bad:
        raise SystemExit(f"unexpected answers: {bad[:3]}")


def per_request_ms(app: WsgiApp, environ: dict[str, Any], count: int) -> float:
    started = time.process_time()
    serve(app, environ, count)
    return 1000 * (time.process_time() - started) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "redis").mkdir()
        redis_port = free_port()
        with stopped_at_exit(start_redis(redis_port, base / "redis"), 10):
            redis_url = f"redis://127.0.0.1:{redis_port}/0"
            settings = load_settings(env="test", data_dir=base / "data", redis_url=redis_url, _env_file=None)
            token, job_id = seed(settings)
            os.environ.update(environment(settings, base / "data", redis_url))
            from api import create_app
            from config import get_settings
            from scripts.bench.bare_app import create_app as create_bare_app

            get_settings.cache_clear()
            app, bare = create_app(), create_bare_app()
            path = f"/api/v1/jobs/{job_id}"
            authed, plain = environ_for(path, token), environ_for(path, None)
            serve(app, authed, 200)  # warm up: token cache, job cache, imports
            serve(bare, plain, 200)
            for _ in range(3):  # alternately: the machine's load drifts
                app_ms = per_request_ms(app, authed, args.requests)
                bare_ms = per_request_ms(bare, plain, args.requests)
                print(f"CPU per request, in process: job read {app_ms:.3f} ms, bare route {bare_ms:.3f} ms")
            profiler = cProfile.Profile()
            profiler.runcall(serve, app, authed, args.requests)
            stats = pstats.Stats(profiler).strip_dirs()
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
