"""Server errors of the API and the workers, stored as ErrorEvents by fingerprint.

The fingerprint is the exception type plus its innermost frames in Deckhand's own
code, as ``path:function`` without line numbers, so the same bug groups together
across releases and an unrelated edit above it does not split the group.
Reporting never raises: a broken database must not turn one error into two.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from errors import DeckhandError
from logs import redact
from models.error_event import Occurrence, record_occurrence

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
#: How many innermost frames make the fingerprint.
TOP_FRAMES = 5


def _own_code(filename: str) -> str | None:
    """``api/routes/decks.py`` for a file of Deckhand's, None for libraries and the stdlib."""
    try:
        relative = Path(filename).resolve().relative_to(ROOT)
    except ValueError:
        return None
    if (relative.parts and relative.parts[0].startswith(".")) or "site-packages" in relative.parts:
        return None
    return relative.as_posix()


def normalised_frames(error: BaseException) -> list[str]:
    """The innermost frames as ``path:function``: ours if any, else the last library frames."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f"{path}:{frame.name}" for frame in frames if (path := _own_code(frame.filename))]
    if ours:
        return ours[-TOP_FRAMES:]
    return [f"{Path(frame.filename).name}:{frame.name}" for frame in frames][-TOP_FRAMES:]


def exception_type(error: BaseException) -> str:
    cls = type(error)
    return f"{cls.__module__}.{cls.__qualname__}"


def fingerprint(error: BaseException) -> str:
    text = exception_type(error) + "\n" + "\n".join(normalised_frames(error))
    return hashlib.sha256(text.encode()).hexdigest()


def report_error(
    engine: Engine,
    error: BaseException,
    *,
    source: str,
    code: str,
    request_id: str | None = None,
    path: str | None = None,
    error_id: str | None = None,
    job_id: str | None = None,
) -> bool:
    """Store ``error`` as an occurrence of its fingerprint; False (logged) when that fails."""
    try:
        record_occurrence(
            engine,
            Occurrence(
                fingerprint=fingerprint(error),
                source=source,
                code=code,
                exception_type=exception_type(error),
                frames="\n".join(normalised_frames(error)),
                request_id=request_id,
                path=path,
                message=redact(str(error))[:1000] or None,
                error_id=error_id,
                job_id=job_id,
            ),
        )
        return True
    except Exception as exc:
        logger.warning("could not store error event error_id=%s: %s", error_id, type(exc).__name__)
        return False


def worker_reporter(engine: Engine) -> Callable[[BaseException, str, str | None, str | None], None]:
    """The ``report`` callable of :class:`workers.middleware.RequestContext`: log and store."""

    def report(error: BaseException, actor: str, job_id: str | None, request_id: str | None) -> None:
        error_id = uuid.uuid4().hex
        code = error.code if isinstance(error, DeckhandError) else "internal_error"
        logger.error(
            "actor %s failed with %s", actor, type(error).__name__,
            extra={"error_id": error_id, "actor": actor, "code": code},
        )  # fmt: skip
        report_error(
            engine, error, source="worker", code=code, request_id=request_id,
            path=f"actor:{actor}", error_id=error_id, job_id=job_id,
        )  # fmt: skip

    return report
