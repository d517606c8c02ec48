"""Security events: logged, counted in Redis, and turned into blocks when they come in bursts.

Anyone may call :func:`record_security_event` (failed sign-ins, token misuse,
rate-limit hits, 404s on other accounts' ids, rejected uploads). Owner-scoped 404s
on ids that do not exist go through :func:`record_not_found`: the first
:data:`NOT_FOUND_ALLOWANCE` of an account per window are free (typos, stale links),
each further one is a ``not_found_probe`` event, so enumerating random ids blocks. Each event is

1. logged (logger ``deckhand.security``, one key=value line, no secret),
2. counted in Redis: a daily total per kind, and a sliding-window counter per IP
   and per account (``ABUSE_WINDOW_S``; the gate's arithmetic, :mod:`api.gate`, so a burst
   that straddles two fixed windows still counts whole),
3. appended to a capped Redis stream (the recent events, for ``deckhand security events``).

When a window's count reaches ``ABUSE_IP_THRESHOLD`` / ``ABUSE_ACCOUNT_THRESHOLD`` the IP
or account is blocked for ``ABUSE_BLOCK_S``: a :class:`~models.security.SecurityBlock` row
(what an admin lists and lifts) mirrored by a Redis key with a TTL (the per-request
check). Blocked callers get 403 ``blocked`` with ``Retry-After``.

If Redis is unreachable, events are still logged, counting pauses for a few seconds
(so a dead Redis does not add a timeout to every request) and the block check reads
the database instead.

Alerting: :func:`send_security_alert` is called for every new block; ops wire a pager
or chat hook with :func:`register_alert_hook`.
"""

from __future__ import annotations

import enum
import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import current_app, has_request_context, request
from sqlalchemy import Engine
from sqlmodel import Session, col, select

import redisconn
from api.gate import Counted, WindowLimit, plan
from config import Settings
from errors import Blocked
from models.security import BlockSubject, SecurityBlock
from models.types import utcnow
from redisconn.keys import rate_limit_prefix, security_events_prefix

logger = logging.getLogger("deckhand.security")

#: Seconds during which Redis is not retried after a connection failure.
REDIS_BACKOFF_S = 5.0
#: Recent events kept in the Redis stream.
STREAM_MAXLEN = 5000
#: Owner-scoped 404s on missing ids an account may get per ``ABUSE_WINDOW_S`` before each
#: further one counts as a ``not_found_probe`` event: a person mistyping or following stale
#: links stays far below; a script guessing ids passes it within a second.
NOT_FOUND_ALLOWANCE = 10


class EventKind(enum.StrEnum):
    FAILED_SIGN_IN = "failed_sign_in"
    TOKEN_MISUSE = "token_misuse"  # noqa: S105 - an event name; revoked, expired or unknown bearer token
    RATE_LIMITED = "rate_limited"
    FOREIGN_ID = "foreign_id"  # another account's resource id (answered 404)
    NOT_FOUND_PROBE = "not_found_probe"  # an id that exists nowhere, past NOT_FOUND_ALLOWANCE
    UPLOAD_REJECTED = "upload_rejected"
    BLOCKED_REQUEST = "blocked_request"  # a request refused because of a block; not counted


#: Logged, totalled and listed, but never counted toward a block: a blocked request is the block
#: working. (``rate_limited`` is no longer recorded at all: an ordinary 429 is a client going too
#: fast, not an attack; the kind stays so that older totals still read.)
UNCOUNTED = frozenset({EventKind.RATE_LIMITED, EventKind.BLOCKED_REQUEST})


@dataclass(frozen=True)
class SecurityAlert:
    """What an alert hook receives when an IP or account gets blocked."""

    subject_kind: str
    subject: str
    events: int
    window_s: int
    blocked_until: datetime
    reason: str


AlertHook = Callable[[SecurityAlert], None]
_alert_hooks: list[AlertHook] = []


def register_alert_hook(hook: AlertHook) -> None:
    """Call ``hook`` for every new block (ops: page someone, post to chat)."""
    _alert_hooks.append(hook)


def send_security_alert(alert: SecurityAlert) -> None:
    """The alerting hook point: logs at WARNING, then calls every registered hook (errors contained)."""
    logger.warning(
        "security_alert blocked %s=%s events=%d window_s=%d until=%s reason=%s",
        alert.subject_kind,
        alert.subject,
        alert.events,
        alert.window_s,
        alert.blocked_until.isoformat(),
        alert.reason,
    )
    for hook in list(_alert_hooks):
        try:
            hook(alert)
        except Exception:  # an alert channel failing must never fail the request
            logger.exception("security alert hook %r failed", hook)


@dataclass
class SecurityMonitor:
    """Redis counters and blocks of one app (or CLI) with its settings."""

    settings: Settings
    engine: Engine
    redis_url: str
    _client: redis.Redis | None = None
    _down_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def prefix(self) -> str:
        return security_events_prefix(self.settings.security_key_prefix)

    def client(self) -> redis.Redis | None:
        """The Redis client, or None while Redis is considered down."""
        if time.monotonic() < self._down_until:
            return None
        found = self._client
        if found is not None:  # built already: no lock (every request asks)
            return found
        with self._lock:
            if self._client is None:
                self._client = redisconn.client(self.redis_url, redisconn.Profile.GATE, decode=True)
            return self._client

    def redis_failed(self, exc: Exception) -> None:
        logger.warning("security counters: Redis unreachable (%s); retrying in %.0f s", exc, REDIS_BACKOFF_S)
        self._down_until = time.monotonic() + REDIS_BACKOFF_S

    def block_key(self, kind: str, subject: str) -> str:
        return f"{self.prefix}:block:{kind}:{subject}"

    def block_keys(self, ip: str, account: str | None) -> tuple[str, str]:
        """The keys of the blocks a request checks: its IP's and its account's (if signed in)."""
        ip_key = self.block_key(BlockSubject.IP.value, ip)
        return ip_key, self.block_key(BlockSubject.ACCOUNT.value, account or "")

    # --- events -------------------------------------------------------------------

    def record(
        self, kind: EventKind, *, ip: str | None, account: str | None, detail: str, path: str | None
    ) -> None:
        logger.info(
            "security_event kind=%s ip=%s account=%s path=%s detail=%s",
            kind.value,
            ip or "-",
            account or "-",
            path or "-",
            _one_line(detail),
        )
        client = self.client()
        if client is None:
            return
        now = time.time()
        day = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d")
        window = self.settings.abuse_window_s
        counted = kind not in UNCOUNTED
        subjects: list[tuple[str, str, Counted]] = []
        if counted and ip:
            threshold = self.settings.abuse_ip_threshold
            subjects.append((BlockSubject.IP.value, ip, self._counter("win", f"ip:{ip}", threshold, now)))
        if counted and account:
            threshold = self.settings.abuse_account_threshold
            kind_value = BlockSubject.ACCOUNT.value
            subjects.append(
                (kind_value, account, self._counter("win", f"{kind_value}:{account}", threshold, now))
            )
        try:
            pipe = client.pipeline(transaction=False)
            pipe.incr(f"{self.prefix}:total:{kind.value}:{day}")
            pipe.expire(f"{self.prefix}:total:{kind.value}:{day}", 3 * 86400)
            for _kind, _subject, counter in subjects:
                _count_in(pipe, counter)
            pipe.xadd(
                f"{self.prefix}:events",
                {
                    "kind": kind.value,
                    "ip": ip or "",
                    "account": account or "",
                    "path": path or "",
                    "detail": _one_line(detail)[:200],
                    "at": datetime.fromtimestamp(now, UTC).isoformat(),
                },
                maxlen=STREAM_MAXLEN,
                approximate=True,
            )
            results = pipe.execute()
        except (redis.RedisError, OSError) as exc:
            self.redis_failed(exc)
            return
        for n, (subject_kind, subject, counter) in enumerate(subjects):
            current, _expired, previous = results[2 + 3 * n : 5 + 3 * n]
            verdict = counter.verdict(int(current), int(previous or 0))
            if verdict.count >= counter.limit.amount and not self._blocked_in_redis(
                client, subject_kind, subject
            ):
                events = math.ceil(verdict.count)
                self.block(
                    subject_kind,
                    subject,
                    reason=f"{events} security events in {window} s (last: {kind.value})",
                    events=events,
                    seconds=self.settings.abuse_block_s,
                )

    def _counter(self, scope: str, subject: str, threshold: int, now: float) -> Counted:
        """The sliding-window counter of ``subject`` under ``scope`` (``win``: events, ``miss``: 404s)."""
        limit = WindowLimit(threshold, self.settings.abuse_window_s, f"{threshold} per window")
        return plan(self.prefix, scope, subject, (limit,), now)[0]

    def count_miss(self, account: str) -> int | None:
        """Owner-scoped misses of ``account`` in the sliding window, this one included (None: no Redis)."""
        client = self.client()
        if client is None:
            return None
        counter = self._counter("miss", account, NOT_FOUND_ALLOWANCE, time.time())
        try:
            pipe = client.pipeline(transaction=False)
            _count_in(pipe, counter)
            current, _expired, previous = pipe.execute()
        except (redis.RedisError, OSError) as exc:
            self.redis_failed(exc)
            return None
        return math.ceil(counter.verdict(int(current), int(previous or 0)).count)

    def totals(self, day: str | None = None) -> dict[str, int]:
        """Events per kind on ``day`` (``YYYYMMDD``, default today UTC); empty when Redis is down."""
        client = self.client()
        if client is None:
            return {}
        day = day or utcnow().strftime("%Y%m%d")
        try:
            values = client.mget([f"{self.prefix}:total:{k.value}:{day}" for k in EventKind])
        except (redis.RedisError, OSError) as exc:
            self.redis_failed(exc)
            return {}
        return {k.value: int(v) for k, v in zip(EventKind, values, strict=True) if v is not None}

    def recent(self, count: int = 50) -> list[dict[str, str]]:
        """The newest events first (from the capped stream)."""
        client = self.client()
        if client is None:
            return []
        try:
            entries: Any = client.xrevrange(f"{self.prefix}:events", count=count)
        except (redis.RedisError, OSError) as exc:
            self.redis_failed(exc)
            return []
        return [dict(fields) for _id, fields in entries]

    # --- blocks -------------------------------------------------------------------

    def _blocked_in_redis(self, client: redis.Redis, subject_kind: str, subject: str) -> bool:
        try:
            return bool(client.exists(self.block_key(subject_kind, subject)))
        except (redis.RedisError, OSError):
            return False

    def block(
        self, subject_kind: str, subject: str, *, reason: str, events: int, seconds: int
    ) -> SecurityBlock:
        """Block ``subject`` for ``seconds``: a row for admins, a Redis key for the request check."""
        until = utcnow() + timedelta(seconds=seconds)
        with Session(self.engine, expire_on_commit=False) as session:
            row = SecurityBlock(
                subject_kind=subject_kind, subject=subject, reason=reason, events=events, expires_at=until
            )
            session.add(row)
            session.commit()
        client = self.client()
        if client is not None:
            try:
                client.set(self.block_key(subject_kind, subject), until.isoformat(), ex=seconds)
            except (redis.RedisError, OSError) as exc:
                self.redis_failed(exc)
        send_security_alert(
            SecurityAlert(
                subject_kind=subject_kind,
                subject=subject,
                events=events,
                window_s=self.settings.abuse_window_s,
                blocked_until=until,
                reason=reason,
            )
        )
        return row

    def blocked_for(self, subject_kind: str, subject: str) -> int:
        """Seconds left on a block of ``subject`` (0: not blocked); Redis first, else the database."""
        client = self.client()
        if client is not None:
            try:
                ttl = int(client.ttl(self.block_key(subject_kind, subject)))
                return max(ttl, 0)
            except (redis.RedisError, OSError) as exc:
                self.redis_failed(exc)
        with Session(self.engine) as session:
            row = session.exec(
                select(SecurityBlock)
                .where(
                    SecurityBlock.subject_kind == subject_kind,
                    SecurityBlock.subject == subject,
                    col(SecurityBlock.lifted_at).is_(None),
                    col(SecurityBlock.expires_at) > utcnow(),
                )
                .order_by(col(SecurityBlock.expires_at).desc())
            ).first()
        if row is None:
            return 0
        return max(int((row.expires_at - utcnow()).total_seconds()), 1)

    def active_blocks(self) -> list[SecurityBlock]:
        with Session(self.engine) as session:
            return list(
                session.exec(
                    select(SecurityBlock)
                    .where(col(SecurityBlock.lifted_at).is_(None), col(SecurityBlock.expires_at) > utcnow())
                    .order_by(col(SecurityBlock.created_at))
                )
            )

    def lift(self, subject: str, *, by: str, user_id: int | None = None) -> int:
        return self.lift_all(subject, by=by, user_id=user_id)[0]

    def lift_all(self, subject: str, *, by: str, user_id: int | None = None) -> tuple[int, int]:
        """Lift every block of ``subject`` (an IP, or an email with its account's ``user_id``):
        abuse blocks (database and Redis) and their event windows, and reset its rate-limit
        counters (the request-wide limits and the per-route ones: sign-in, registration, upload,
        feedback). Returns how many blocks were lifted and how many limit counters were reset."""
        subject = subject.strip()
        kind = BlockSubject.ACCOUNT.value if "@" in subject else BlockSubject.IP.value
        if kind == BlockSubject.ACCOUNT.value:
            subject = subject.lower()
        now = utcnow()
        with Session(self.engine) as session:
            rows = session.exec(
                select(SecurityBlock).where(
                    SecurityBlock.subject_kind == kind,
                    SecurityBlock.subject == subject,
                    col(SecurityBlock.lifted_at).is_(None),
                    col(SecurityBlock.expires_at) > now,
                )
            ).all()
            for row in rows:
                row.lifted_at = now
                row.lifted_by = by
                session.add(row)
            session.commit()
            lifted = len(rows)
        counters = 0
        client = self.client()
        if client is not None:
            try:
                keys = [self.block_key(kind, subject)]
                # The window counter too, or the next event would block again at once.
                keys += list(client.scan_iter(f"{self.prefix}:win:{kind}:{subject}:*"))
                limit_keys = list(self._limit_counters(client, kind, subject, user_id))
                client.delete(*keys, *limit_keys)
                counters = len(limit_keys)
            except (redis.RedisError, OSError) as exc:
                self.redis_failed(exc)
        return lifted, counters

    def _limit_counters(
        self, client: redis.Redis, kind: str, subject: str, user_id: int | None
    ) -> Iterator[str]:
        """Every rate-limit counter of an IP, or of an account (by id and by email)."""
        limits = rate_limit_prefix(self.settings.security_key_prefix)
        names = [f"ip:{subject}"] if kind == BlockSubject.IP.value else [f"email:{subject}"]
        if user_id is not None:
            names.append(f"user:{user_id}")
        for name in names:
            escaped = _glob_escape(name)
            yield from client.scan_iter(f"{limits}:*:{escaped}:*", count=1000)  # api.gate's windows

    def refuse_if_blocked(
        self, *, ip: str | None, account: str | None, ip_left: int, account_left: int
    ) -> None:
        """:raise Blocked: when either block (seconds left, read by the caller) is running."""
        for subject_kind, left in (
            (BlockSubject.IP.value, ip_left),
            (BlockSubject.ACCOUNT.value, account_left),
        ):
            if left > 0:
                self.record(
                    EventKind.BLOCKED_REQUEST, ip=ip, account=account, detail=subject_kind, path=_path()
                )
                what = "This IP address" if subject_kind == BlockSubject.IP.value else "This account"
                raise Blocked(
                    f"{what} is blocked for {left} more seconds after a burst of suspicious requests.",
                    retry_after_s=left,
                )

    def check_not_blocked(self, *, ip: str | None, account: str | None) -> None:
        """:raise Blocked: when ``ip`` or ``account`` is blocked (403, Retry-After)."""
        self.refuse_if_blocked(
            ip=ip,
            account=account,
            ip_left=self.blocked_for(BlockSubject.IP.value, ip) if ip else 0,
            account_left=self.blocked_for(BlockSubject.ACCOUNT.value, account) if account else 0,
        )


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def _one_line(text: str) -> str:
    # Escape CR/LF so a crafted value cannot forge log lines.
    return text.replace("\r", "\\r").replace("\n", "\\n")


#: Characters of the request path kept in an event (a guessed id may be thousands long).
PATH_CHARS = 200


def _path() -> str | None:
    return request.path[:PATH_CHARS] if has_request_context() else None


def monitor() -> SecurityMonitor:
    """The current app's monitor (set up by :func:`api.limits.init_limits`)."""
    found: SecurityMonitor = current_app.extensions["deckhand_security"]
    return found


def record_security_event(
    kind: EventKind | str,
    *,
    ip: str | None = None,
    account: str | None = None,
    detail: str = "",
    security: SecurityMonitor | None = None,
) -> None:
    """Log and count one security event; may block the IP or account it came from.

    In a request, ``ip`` defaults to the client's address and ``security`` to the
    app's monitor; outside one (workers, scripts) pass ``security`` explicitly.
    ``account`` is the email of the account concerned, if known. Never raises.
    """
    try:
        kind = EventKind(kind)
        in_request = has_request_context()
        if security is None:
            if not in_request or "deckhand_security" not in current_app.extensions:
                logger.info("security_event kind=%s detail=%s (no monitor)", kind.value, _one_line(detail))
                return
            security = monitor()
        if ip is None and in_request:
            ip = request.remote_addr
        security.record(kind, ip=ip, account=account, detail=detail, path=_path())
    except Exception:  # monitoring must never break the request it watches
        logger.exception("recording a security event failed")


def _count_in(pipe: Any, counter: Counted) -> None:
    """Queue a sliding-window count on ``pipe``: INCR and EXPIRE the current window, GET the previous."""
    pipe.incr(counter.current_key)
    pipe.expire(counter.current_key, 2 * counter.limit.window_s)
    pipe.get(counter.previous_key)


def record_not_found(*, account: str, detail: str) -> None:
    """An owner-scoped lookup found no such id (in a request). Never raises.

    Counted per account and window; past :data:`NOT_FOUND_ALLOWANCE` each miss is a
    ``not_found_probe`` event (counted against the account and the IP like any other).
    """
    try:
        if not has_request_context() or "deckhand_security" not in current_app.extensions:
            return
        misses = monitor().count_miss(account)
        if misses is not None and misses > NOT_FOUND_ALLOWANCE:
            record_security_event(
                EventKind.NOT_FOUND_PROBE, account=account, detail=f"{detail} (miss {misses} in window)"
            )
    except Exception:  # monitoring must never break the request it watches
        logger.exception("counting a not-found lookup failed")
