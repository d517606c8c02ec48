"""What CLI commands connect to, found without side effects and failing as one line.

The database is opened with :func:`models.db.open_existing` (never created); Redis is
REDIS_URL or the embedded server ``make run`` started under DATA_DIR, looked up without
starting one (``redisconn.running_url``), and pinged before any work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cli_failures import Unreachable

if TYPE_CHECKING:
    import click
    import redis

    from config import Settings


def redis_where(url: str) -> str:
    """A Redis URL without credentials, for messages."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}"


def existing_redis_url(settings: Settings) -> str:
    """REDIS_URL, else the running embedded Redis's URL. :raise Unreachable: neither exists."""
    import redisconn

    url = redisconn.running_url(settings)
    if url is None:
        raise Unreachable(
            f"REDIS_URL is not set and no embedded Redis runs under {settings.data_dir}",
            "Start Deckhand ('make run') or set REDIS_URL.",
        )
    return url


def existing_redis(settings: Settings, url: str | None = None) -> redis.Redis:
    """A client on the installation's Redis, checked with a ping. :raise Unreachable: no answer."""
    import redis

    import redisconn

    url = url or existing_redis_url(settings)
    client = redisconn.connect(url, redisconn.Profile.ADMIN)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        client.close()
        raise Unreachable(
            f"Redis at {redis_where(url)} cannot be reached ({type(exc).__name__})",
            "Start Deckhand ('make run') or fix REDIS_URL.",
        ) from None
    return client


def public_id(kind: str) -> Any:
    """A click callback: public ids are 32 hex digits (UUID4 hex); anything else is a usage error."""

    def check(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
        import click

        cleaned = value.strip().lower().replace("-", "")
        if len(cleaned) != 32 or any(c not in "0123456789abcdef" for c in cleaned):
            raise click.BadParameter(f"{value!r} is not a {kind} id (32 hexadecimal digits)")
        return cleaned

    return check


def api_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A click callback: an http(s) base URL with a host, or None."""
    import click

    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http(s) URL such as http://127.0.0.1:8000")
    return value.strip().rstrip("/")
