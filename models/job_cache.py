"""Job versions in Redis, bumped after every committed write to a job, for cached job reads.

``GET /api/v1/jobs/{id}`` is what polling clients call every second or two. The API keeps the
rendered answer in Redis (:func:`view_key`) under the job's version (:func:`version_keys`:
the job's own counter and a global one), read in the request gate's single round trip (or
its process's mirror of them, :mod:`api.gate_local`); a cached answer whose version is not
the current one is never served.

Every writer of the ``job`` table bumps the version, without having to remember to: session
events watch each committed transaction of an engine passed to :func:`track` (every engine,
through ``models.db.make_engine``), collect the ids of the jobs it changed (ORM objects
flushed, and ``update(Job)`` / ``delete(Job)`` statements: their ``Job.id == x`` or
``Job.id.in_(...)`` condition), and bump those versions *after* the commit (before it, a
reader could cache the old row under the new version). A statement whose jobs cannot be told
from its condition bumps the global version: every cached job is read again.

A write no job read shows (the heartbeat a worker stamps as each chunk starts) can say so with
:data:`UNSEEN_BY_READS` in its execution options and bumps nothing: at 32 worker threads that is
one Redis round trip per chunk fewer, CPU the other threads wait for under the worker's one GIL.

If Redis cannot be reached for a bump, cached answers may be stale until they expire
(``JOB_CACHE_S``, a minute by default); the job row stays the source of truth.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import redis
from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter
from sqlalchemy.sql.operators import eq, in_op

import redisconn
from config import Settings
from models.job import Job
from redisconn.keys import job_version_keys, job_view_key

logger = logging.getLogger(__name__)

#: Stands for "some jobs, which ones unknown": bump the global version.
ALL = "*"
_INFO_KEY = "deckhand_job_writes"
VERSION_TTL_S = 7 * 86400
#: Execution options of an ``update(Job)`` that changes only columns no job read shows
#: (``heartbeat_at``): no version bump, the cached answer stays current.
_UNSEEN = "job_read_unchanged"
UNSEEN_BY_READS = {_UNSEEN: True}


def version_keys(settings: Settings, job_id: str) -> tuple[str, str]:
    """(global version, this job's version): both make the version of a cached answer."""
    return job_version_keys(settings.security_key_prefix, job_id)


def view_key(settings: Settings, job_id: str) -> str:
    return job_view_key(settings.security_key_prefix, job_id)


@dataclass
class _Tracker:
    settings: Settings
    _client: redis.Redis | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def client(self) -> redis.Redis:
        with self._lock:
            if self._client is None:
                self._client = redisconn.client(redisconn.resolve_url(self.settings), redisconn.Profile.GATE)
            return self._client

    def bump(self, job_ids: set[str]) -> None:
        try:
            pipe = self.client().pipeline(transaction=False)
            for job_id in sorted(job_ids):
                key = version_keys(self.settings, job_id)[0 if job_id == ALL else 1]
                pipe.incr(key)
                pipe.expire(key, VERSION_TTL_S)
            pipe.execute()
        except (redis.RedisError, OSError) as exc:
            logger.warning(
                "job versions not bumped (Redis: %s); cached job reads may lag up to %.0f s",
                exc,
                self.settings.job_cache_s,
            )


_trackers: weakref.WeakKeyDictionary[Engine, _Tracker] = weakref.WeakKeyDictionary()


def track(engine: Engine, settings: Settings) -> None:
    """Bump job versions after every commit of a session on ``engine``."""
    _trackers[engine] = _Tracker(settings)


def _writes(session: Session) -> set[str]:
    found: set[str] = session.info.setdefault(_INFO_KEY, set())
    return found


def _ids_in(statement: Any, params: Any) -> set[str]:
    """The job ids a statement's WHERE names (``Job.id == x``, ``Job.id.in_(xs)``), else {ALL}."""
    where = getattr(statement, "whereclause", None)
    ids: set[str] = set()
    if where is None:
        return {ALL}
    for element in visitors.iterate(where):
        if not isinstance(element, BinaryExpression) or not _is_job_id(element.left):
            continue
        right = element.right
        if not isinstance(right, BindParameter) or element.operator not in (eq, in_op):
            return {ALL}
        value = right.value if right.value is not None else (params or {}).get(right.key)
        if value is None:
            return {ALL}
        ids.update(str(v) for v in (value if isinstance(value, list | tuple | set) else [value]))
    return ids or {ALL}


def _is_job_id(column: Any) -> bool:
    table = getattr(column, "table", None)
    return getattr(column, "name", None) == "id" and getattr(table, "name", None) == Job.__tablename__


def _is_job_table(statement: Any) -> bool:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None) == Job.__tablename__


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.execution_options.get(_UNSEEN):
        return
    if (state.is_update or state.is_delete) and _is_job_table(state.statement):
        params = state.parameters if isinstance(state.parameters, dict) else None
        _writes(state.session).update(_ids_in(state.statement, params))


@event.listens_for(Session, "after_flush")
def _on_flush(session: Session, _context: Any) -> None:
    changed = [obj for obj in (*session.dirty, *session.deleted) if isinstance(obj, Job)]
    if changed:
        _writes(session).update(str(job.id) for job in changed)


@event.listens_for(Session, "after_commit")
def _on_commit(session: Session) -> None:
    job_ids = session.info.pop(_INFO_KEY, None)
    if not job_ids:
        return
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else getattr(bind, "engine", None)
    tracker = _trackers.get(engine) if engine is not None else None
    if tracker is not None:
        tracker.bump(job_ids)


@event.listens_for(Session, "after_rollback")
def _on_rollback(session: Session) -> None:
    session.info.pop(_INFO_KEY, None)
