"""Where Redis is: ``REDIS_URL``, else the embedded server under ``DATA_DIR``.

Two questions, two functions. :func:`resolve_url` may start the embedded server; it is for
the entry points that run Deckhand (the API app, the worker, the scheduler, the CLI
commands that say so). :func:`running_url` never starts one: health checks, doctor and
reads only look, and report Redis as missing when nothing runs.
"""

from __future__ import annotations

from config import Settings
from redisconn.embedded import embedded_url, ensure_embedded_redis


def resolve_url(settings: Settings) -> str:
    """``REDIS_URL``, or the embedded server under DATA_DIR (started if needed)."""
    return settings.redis_url or ensure_embedded_redis(settings.data_dir)


def running_url(settings: Settings) -> str | None:
    """``REDIS_URL``, else the embedded server's recorded URL, else None (never starts one)."""
    return settings.redis_url or embedded_url(settings.data_dir)
