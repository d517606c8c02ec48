"""How the ``deckhand`` command reports a failure: one line on stderr and an exit status per class.

Every subcommand runs inside :class:`cli.DeckhandGroup`, which hands any exception to
:func:`describe`. The exit statuses (documented in docs/troubleshooting.md):

==== ==========================================================================================
0    done
1    the answer is no: the document or request was refused (a Deckhand error caused by the
     input, such as ``pdf_encrypted`` or an unknown account), a watched job failed, or
     ``doctor`` / ``config check`` found errors
2    bad arguments (usage)
3    the configuration is invalid (a malformed environment variable)
4    the database does not exist or is not at the latest schema
5    a service cannot be reached: Redis, the database server or the API
6    the API refused the request (HTTP 4xx: a bad token, an unknown id)
7    the API failed (HTTP 5xx)
8    Deckhand failed on its side (a Deckhand error that is not the input's fault)
9    an unexpected error (a bug): run again with ``--debug`` for the traceback and report it
130  interrupted (Ctrl-C)
==== ==========================================================================================

Third-party modules are looked up in ``sys.modules`` rather than imported: an exception
can only be a SQLAlchemy or redis error if that library is already loaded, and
``deckhand --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
import urllib.error
from enum import IntEnum
from typing import Any


class Exit(IntEnum):
    OK = 0
    REFUSED = 1
    USAGE = 2
    CONFIG = 3
    DATABASE = 4
    UNREACHABLE = 5
    API_REFUSED = 6
    API_FAILED = 7
    SYSTEM = 8
    UNEXPECTED = 9
    INTERRUPTED = 130


class CommandFailure(Exception):
    """A failure a command reports itself, with its exit status and what to do."""

    def __init__(self, message: str, hint: str = "", exit_code: Exit = Exit.REFUSED) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def one_line(self) -> str:
        return f"{self.message.rstrip('.')}. {self.hint}".strip()


class Unreachable(CommandFailure):
    """A service (Redis, the API, a database server) does not answer."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint, Exit.UNREACHABLE)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _module(name: str) -> Any:
    return sys.modules.get(name)


def _api_error(exc: urllib.error.HTTPError) -> tuple[Exit, str]:
    """An HTTP error from the Deckhand API: its problem+json detail, code and hint."""
    try:
        body = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        body = {}
    if not isinstance(body, dict):
        body = {}
    detail = body.get("detail") or body.get("title") or exc.reason or "no detail"
    code = body.get("code") or body.get("type", "").rsplit("/", 1)[-1] or f"http_{exc.code}"
    hint = body.get("hint") or ""
    if exc.code == 401:
        hint = "Check --token or DECKHAND_TOKEN (sign in again for a fresh token)."
    elif exc.code == 404:
        hint = hint or "Check the id; another account's jobs are not visible."
    status = Exit.API_FAILED if exc.code >= 500 else Exit.API_REFUSED
    return status, _one_line(f"the API answered {exc.code}: {str(detail).rstrip('.')} ({code}). {hint}")


def _sqlalchemy_error(exc: BaseException) -> tuple[Exit, str] | None:
    sa_exc = _module("sqlalchemy.exc")
    if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
        return None
    text = str(getattr(exc, "orig", exc)).lower()
    if "no such table" in text or ("does not exist" in text and "relation" in text):
        return Exit.DATABASE, (
            "The database has no Deckhand tables (not migrated). Run 'deckhand migrate' with the "
            "same DATA_DIR or DATABASE_URL as the server."
        )
    # Not the driver's message: it can hold the database URL with its password.
    return Exit.UNREACHABLE, (
        f"The database could not be read ({type(exc).__name__}). Check DATABASE_URL and that the "
        "database server is running."
    )


def _redis_error(exc: BaseException) -> tuple[Exit, str] | None:
    redis_exc = _module("redis.exceptions")
    if redis_exc is None or not isinstance(exc, redis_exc.RedisError):
        return None
    if isinstance(exc, redis_exc.ConnectionError | redis_exc.TimeoutError):
        return Exit.UNREACHABLE, (
            f"Redis cannot be reached ({type(exc).__name__}). Start Deckhand ('make run') or fix REDIS_URL."
        )
    return Exit.SYSTEM, f"Redis refused a command ({type(exc).__name__}: {_one_line(str(exc))[:200]})."


def describe(exc: BaseException) -> tuple[Exit, str]:
    """The exit status and the one line (what happened, what to do) for ``exc``."""
    from config import ConfigError
    from errors import DatabaseNotReady, DeckhandError, DependencyUnavailable

    if isinstance(exc, CommandFailure):
        return exc.exit_code, exc.one_line()
    if isinstance(exc, ConfigError):
        problems = "; ".join(line.strip() for line in str(exc).splitlines()[1:] if line.strip())
        return Exit.CONFIG, (
            f"Invalid configuration: {problems or _one_line(str(exc))}. Fix these variables in the "
            "environment or .env (docs/configuration.md)."
        )
    if isinstance(exc, DeckhandError):
        line = _one_line(exc.one_line())
        if isinstance(exc, DatabaseNotReady):
            return Exit.DATABASE, line
        if isinstance(exc, DependencyUnavailable):
            return Exit.UNREACHABLE, line
        return (Exit.REFUSED if exc.input_fault else Exit.SYSTEM), line
    if isinstance(exc, urllib.error.HTTPError):
        return _api_error(exc)
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        why = getattr(reason, "strerror", None) or str(reason)
        return Exit.UNREACHABLE, f"Cannot reach the API ({why}). Start it ('make run') or pass --url."
    for known in (_sqlalchemy_error(exc), _redis_error(exc)):
        if known is not None:
            return known
    if isinstance(exc, ConnectionError | TimeoutError):
        return Exit.UNREACHABLE, f"A service did not answer ({exc.strerror or type(exc).__name__})."
    if isinstance(exc, OSError) and exc.filename:
        return Exit.REFUSED, f"{exc.strerror or 'Cannot use'}: {exc.filename}."
    return Exit.UNEXPECTED, (
        f"Unexpected error: {type(exc).__name__}: {_one_line(str(exc))[:300]}. Run again with "
        "--debug for the traceback and report it."
    )
