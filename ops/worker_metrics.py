"""Dramatiq's Prometheus middleware for the worker, bound to our settings.

Dramatiq's middleware (``dramatiq.middleware.prometheus``) writes ``dramatiq_*`` metrics
(messages, errors, retries, rejects, in progress, durations per queue and actor) to
multiprocess files and asks the dramatiq CLI to fork one exposition server. Its
server reads host and port from ``dramatiq_prom_*`` environment variables; ours
(:func:`run_exposition_server`, forked instead) reads WORKER_METRICS_HOST/PORT from
settings. Enabled by WORKER_METRICS_ENABLED; Prometheus scrapes
``http://<worker host>:<WORKER_METRICS_PORT>/`` over the private network (the web
service's /metrics serves the application metrics).
"""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from dramatiq.middleware import Middleware


def prometheus_middleware() -> Middleware:
    """The middleware; imported lazily because the module creates its files directory on import."""
    from dramatiq.middleware.prometheus import DB_PATH, Prometheus

    class WorkerPrometheus(Prometheus):
        @property
        def forks(self) -> list[Any]:
            return [run_exposition_server]

        def after_process_boot(self, broker: Any) -> None:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = DB_PATH
            # prometheus_client picks in-memory or file-backed values when first imported;
            # if anything imported it before this hook, switch it to the multiprocess files.
            values = sys.modules.get("prometheus_client.values")
            if values is not None:
                values.ValueClass = values.get_value_class()  # type: ignore[attr-defined]
            super().after_process_boot(broker)  # type: ignore[no-untyped-call]

    return WorkerPrometheus()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the http.server API
        from dramatiq.middleware.prometheus import DB_PATH
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=DB_PATH)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPE_LATEST)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return  # scrapes every 15 s would flood the worker log


def run_exposition_server() -> int:
    """Forked by the dramatiq CLI (see ``Middleware.forks``): serves the workers' dramatiq_* metrics."""
    from config import get_settings

    settings = get_settings()
    server = HTTPServer((settings.worker_metrics_host, settings.worker_metrics_port), _Handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
    return 0
