"""``GET /api/v1/jobs/{id}``, the read polling clients repeat: cached in Redis, with ETags.

The rendered answer is kept in Redis under the job's version (:mod:`models.job_cache`, bumped
after every committed write to the job); the request gate reads the version and the cached
answer in its single round trip, or from its process's mirror of them (:func:`prefetch_keys`,
:mod:`api.gate_local`), so a poll of an unchanged job costs no database query. A cached answer
is served only to the job's owner and only while its version is current; anything else reads
the database (another account's id still answers 404 and still counts as a security event
there).

Every answer carries an ``ETag``; a request whose ``If-None-Match`` names it gets ``304 Not
Modified`` with no body. ``eta_s`` in a cached answer is the estimate made when it was
rendered (at most ``JOB_CACHE_S`` old, plus ``GATE_MIRROR_S`` when served from the mirror).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import redis
from flask import Response, current_app, request
from werkzeug.http import parse_etags

from api.auth import current_user
from api.limits import prefetched_values
from api.owned import get_owned, well_formed
from api.security_events import monitor
from api.serializers import job_json
from api.state import state
from config import Settings
from models import Document, Job
from models.db import session_scope
from models.job_cache import version_keys, view_key

logger = logging.getLogger(__name__)


def prefetch_keys(settings: Settings, view_args: dict[str, Any], user_id: int | None) -> list[str]:
    """What the gate reads for a job read: the two versions and the cached answer."""
    job_id = view_args.get("job_id")
    if user_id is None or settings.job_cache_s <= 0 or not isinstance(job_id, str) or not well_formed(job_id):
        return []
    return [*version_keys(settings, job_id), view_key(settings, job_id)]


def cached_answer(keys: list[str], values: dict[str, Any], user_id: int | None) -> tuple[str, str] | None:
    """(ETag, body) of the job's cached answer read under ``keys``, when it is current and the
    caller's own; None: read the database."""
    stored = values[keys[2]]
    entry = parse_entry(stored) if stored else None
    if entry is None or entry[0] != _version(keys, values) or entry[1] != str(user_id):
        return None
    return entry[2], entry[3]


def read(job_id: str) -> Response:
    user = current_user()
    keys = prefetch_keys(state().settings, {"job_id": job_id}, user.id)
    values = prefetched_values(keys) if keys else None
    if values is not None:
        found = cached_answer(keys, values, user.id)
        if found is not None:
            return answer(found[1], found[0])
    with session_scope(state().engine) as session:
        job = get_owned(session, Job, job_id, user)
        document = session.get(Document, job.document_id)
    body = current_app.json.dumps(job_json(job, document))
    etag = hashlib.sha256(body.encode()).hexdigest()[:32]
    if values is not None:  # the version was read before the row: a write since makes it stale
        _store(keys[2], f"{_version(keys, values)} {user.id} {etag}\n{body}")
    return answer(body, etag)


def _version(keys: list[str], values: dict[str, Any]) -> str:
    """The job's version: the global one and the job's own, as read with its cached answer."""
    return f"{values[keys[0]] or 0}.{values[keys[1]] or 0}"


def parse_entry(stored: str) -> tuple[str, str, str, str] | None:
    """(version, owner's user id, ETag, body) of a cached answer, None when not in this shape.

    The entry is ``"<version> <user id> <etag>\\n<body>"``: the body is served as stored, not
    decoded and encoded again as a field of a JSON entry would be.
    """
    head, newline, body = stored.partition("\n")
    fields = head.split(" ")
    if not newline or len(fields) != 3:
        return None  # an entry of another version of the app: read the database
    return fields[0], fields[1], fields[2], body


def answer(body: str, etag: str) -> Response:
    """200 with the body, or 304 when the client already holds this version."""
    if not_modified(request.headers.get("If-None-Match"), etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    return response


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """Whether a request's ``If-None-Match`` names ``etag`` (a 304 then)."""
    return parse_etags(if_none_match).contains(etag)


def _store(key: str, entry: str) -> None:
    client = monitor().client()
    if client is None:
        return
    try:
        client.set(key, entry, ex=max(1, int(state().settings.job_cache_s)))
    except (redis.RedisError, OSError) as exc:
        logger.warning("job read not cached (Redis: %s)", exc)
