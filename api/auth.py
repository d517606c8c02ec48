"""Accounts and bearer tokens; the one place where the current user is resolved.

Two kinds of bearer token, both random, shown once and stored only as
HMAC-SHA256(SECRET_KEY, token), so a database leak reveals no usable token:

* sessions (``dh_`` + 43 URL-safe characters), from sign-in or registration,
  expiring after ``TOKEN_TTL_HOURS``;
* API keys for scripts (``dhk_`` + 32 base62 characters + a 6-character checksum),
  with an optional name and expiry. The checksum lets a typo or a made-up key be
  refused without a database lookup, and lets secret scanners recognise real keys.

Passwords are hashed with Argon2id (``PASSWORD_HASH_*``, OWASP's m=19 MiB, t=2, p=1 by
default: about a tenth of the old CPU per sign-up). A revoked, expired or unknown token is a
``token_misuse`` security event.

A token that checked out is remembered in this process for ``AUTH_CACHE_S`` seconds (its
account and token rows), so a polling client costs no database lookup. Revocation stays
immediate: every write that can end a token's validity (sign-out, key revocation, a role
change, ``deckhand revoke``) bumps a revocation generation in Redis
(:func:`bump_auth_generation`), which the request gate reads in the same round trip as the
rate limits, or from its mirror that Redis updates on every bump (:mod:`api.gate_local`); a
cached entry from an older generation is checked against the database again.
Without Redis the cache is not trusted: every request reads the database.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import string
import threading
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, request
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

import redisconn
from api.context import current_g
from api.security_events import EventKind, record_security_event
from config import Settings
from cooperative import off_hub
from errors import DeckhandError, Forbidden, TokenExpired, Unauthorized
from models import ApiToken, Role, User, utcnow
from models.user import TokenKind
from redisconn.keys import auth_generation_key

TOKEN_PREFIX = "dh_"  # noqa: S105 - a public prefix that makes leaked tokens recognisable
API_KEY_PREFIX = "dhk_"
BASE62 = string.digits + string.ascii_letters
API_KEY_RANDOM_CHARS = 32
API_KEY_CHECKSUM_CHARS = 6
#: Characters of an API key kept in clear to recognise it in a list ("dhk_" + 8).
DISPLAY_PREFIX_CHARS = len(API_KEY_PREFIX) + 8
#: ``last_used_at`` is written at most this often per token (not a write per request).
LAST_USED_RESOLUTION = timedelta(minutes=1)

logger = logging.getLogger(__name__)
_hashers: dict[tuple[int, int, int], PasswordHasher] = {}
_dummy_hashes: dict[tuple[int, int, int], str] = {}


def _hasher(settings: Settings | None = None) -> PasswordHasher:
    from config import get_settings

    s = settings or get_settings()
    params = (s.password_hash_memory_kib, s.password_hash_time_cost, s.password_hash_parallelism)
    if params not in _hashers:
        _hashers[params] = PasswordHasher(memory_cost=params[0], time_cost=params[1], parallelism=params[2])
    return _hashers[params]


def hash_password(password: str, settings: Settings | None = None) -> str:
    return off_hub("hash", _hasher(settings).hash, password)  # ~25 ms of CPU: off the gevent hub


def verify_password(password_hash: str, password: str, settings: Settings | None = None) -> bool:
    """True when ``password`` matches (a hash made with older parameters verifies too)."""
    try:
        return off_hub("hash", _hasher(settings).verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_hash(settings: Settings | None) -> str:
    hasher = _hasher(settings)
    key = (hasher.memory_cost, hasher.time_cost, hasher.parallelism)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hasher.hash("not-a-real-password")
    return _dummy_hashes[key]


def check_credentials(
    engine: Engine, email: str, password: str, settings: Settings | None = None
) -> User | None:
    """The account behind ``email`` and ``password`` (detached), or None.

    No database connection is held while a hash is computed: under a burst the hashes queue for
    the CPU for seconds, and a connection held meanwhile is one every other request waits for.
    """
    with Session(engine, expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        # Verified against when the email is unknown, so timing does not reveal which emails exist.
        verify_password(_dummy_hash(settings), password, settings)
        return None
    if not verify_password(user.password_hash, password, settings):
        return None
    if _hasher(settings).check_needs_rehash(user.password_hash):  # older parameters: upgrade in place
        upgraded = hash_password(password, settings)
        with Session(engine) as session:
            session.execute(update(User).where(col(User.id) == user.id).values(password_hash=upgraded))
            session.commit()
        user.password_hash = upgraded
    return user


def token_digest(settings: Settings, token: str) -> str:
    mac = _keyed_hmac(settings.secret_key.get_secret_value()).copy()
    mac.update(token.encode())
    return mac.hexdigest()


@functools.lru_cache(maxsize=4)
def _keyed_hmac(secret_key: str) -> hmac.HMAC:
    """HMAC-SHA256 set up with ``secret_key``, copied per digest: the key's padding and first
    blocks are hashed once per process, not once per request."""
    return hmac.new(secret_key.encode(), digestmod=hashlib.sha256)


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        chars.append(BASE62[digit])
    return "".join(reversed(chars))


def _checksum(random_part: str) -> str:
    return _base62(zlib.crc32(random_part.encode()), API_KEY_CHECKSUM_CHARS)


def new_api_key() -> str:
    random_part = "".join(secrets.choice(BASE62) for _ in range(API_KEY_RANDOM_CHARS))
    return API_KEY_PREFIX + random_part + _checksum(random_part)


def api_key_well_formed(token: str) -> bool:
    """True when ``token`` has an API key's shape and a matching checksum."""
    body = token[len(API_KEY_PREFIX) :]
    if not token.startswith(API_KEY_PREFIX) or len(body) != API_KEY_RANDOM_CHARS + API_KEY_CHECKSUM_CHARS:
        return False
    if any(c not in BASE62 for c in body):
        return False
    random_part, check = body[:API_KEY_RANDOM_CHARS], body[API_KEY_RANDOM_CHARS:]
    return hmac.compare_digest(_checksum(random_part), check)


def issue_token(session: Session, settings: Settings, user: User) -> tuple[str, ApiToken]:
    """Create a session token for ``user``; the plain value is returned once and never stored."""
    assert user.id is not None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_hash=token_digest(settings, token),
        kind=TokenKind.SESSION.value,
        expires_at=utcnow() + timedelta(hours=settings.token_ttl_hours),
    )
    session.add(row)
    return token, row


def issue_api_key(
    session: Session, settings: Settings, user: User, name: str | None, expires_at: datetime | None
) -> tuple[str, ApiToken]:
    """Create an API key for ``user``; the plain value is returned once and never stored."""
    assert user.id is not None
    key = new_api_key()
    row = ApiToken(
        user_id=user.id,
        token_hash=token_digest(settings, key),
        kind=TokenKind.API_KEY.value,
        name=name,
        display_prefix=key[:DISPLAY_PREFIX_CHARS],
        expires_at=expires_at,
    )
    session.add(row)
    return key, row


def _misuse(detail: str, account: str | None = None) -> None:
    record_security_event(EventKind.TOKEN_MISUSE, account=account, detail=detail)


def authenticate(session: Session, settings: Settings, header: str | None) -> tuple[User, ApiToken]:
    """The user and token behind an ``Authorization: Bearer`` header, or :class:`Unauthorized`."""
    if not header or not header.lower().startswith("bearer "):
        raise Unauthorized("This endpoint needs a bearer token.")
    token = header[7:].strip()
    if token.startswith(API_KEY_PREFIX):
        if not api_key_well_formed(token):
            _misuse("malformed api key")
            raise Unauthorized("The API key is malformed (its checksum does not match).")
    elif not token.startswith(TOKEN_PREFIX):
        _misuse("not a deckhand token")
        raise Unauthorized("The bearer token is not a Deckhand token.")
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(settings, token))).first()
    if row is None:
        _misuse("unknown token")
        raise Unauthorized("The bearer token is unknown or was revoked.")
    user = session.get(User, row.user_id)
    if user is None:
        _misuse("token of a deleted account")
        raise Unauthorized("The bearer token's account no longer exists.")
    if row.revoked_at is not None:
        _misuse(f"revoked {row.kind}", user.email)
        raise Unauthorized("The bearer token is unknown or was revoked.")
    now = utcnow()
    if row.expires_at is not None and row.expires_at <= now:
        _misuse(f"expired {row.kind}", user.email)
        raise TokenExpired("The bearer token has expired.")
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        session.execute(update(ApiToken).where(col(ApiToken.id) == row.id).values(last_used_at=now))
        row.last_used_at = now
    return user, row


# --- the per-process token cache ------------------------------------------------------


@dataclass(frozen=True)
class CachedAuth:
    """A token that checked out: its account's and its own rows (detached, read-only, shared by
    the requests that use them), under one revocation generation."""

    user: User
    token: ApiToken
    generation: str
    stored_at: float


class AuthCache:
    """Token digest -> :class:`CachedAuth`, bounded, shared by the threads of one process."""

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._entries: dict[str, CachedAuth] = {}
        self._lock = threading.Lock()

    def get(self, digest: str, max_age_s: float) -> CachedAuth | None:
        entry = self._entries.get(digest)
        if entry is None or time.monotonic() - entry.stored_at > max_age_s:
            return None
        return entry

    def put(self, digest: str, user: User, token: ApiToken, generation: str) -> None:
        entry = CachedAuth(user, token, generation, time.monotonic())
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[digest] = entry

    def drop(self, digest: str) -> None:
        with self._lock:
            self._entries.pop(digest, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


auth_cache = AuthCache()


def generation_key(settings: Settings) -> str:
    return auth_generation_key(settings.security_key_prefix)


def read_generation(client: redis.Redis | None, settings: Settings) -> str | None:
    """The revocation generation (``"0"`` before the first bump); None when Redis does not answer."""
    if client is None:
        return None
    try:
        value = client.get(generation_key(settings))
    except (redis.RedisError, OSError):
        return None
    return str(value.decode() if isinstance(value, bytes) else value or "0")


def bump_auth_generation(settings: Settings, client: redis.Redis | None = None) -> None:
    """After a write that can end a token's validity: every process checks its cached tokens again.

    Call it after the write commits. If Redis cannot be reached the caches cannot be trusted
    anyway (the gate reads the database while Redis is down); this process's is cleared.
    """
    auth_cache.clear()
    own = client is None
    try:
        if own:
            client = redisconn.connect(redisconn.resolve_url(settings), redisconn.Profile.GATE)
        assert client is not None
        client.incr(generation_key(settings))
    except (redis.RedisError, OSError) as exc:
        logger.warning("token revocation generation not bumped (Redis: %s); cached tokens expire in %.0f s",
                       exc, settings.auth_cache_s)  # fmt: skip
    finally:
        if own and client is not None:
            client.close()


def bearer_digest(settings: Settings, header: str | None) -> str | None:
    """The digest of a well-shaped Deckhand bearer token in ``header``, else None (no lookup)."""
    if not header or not header.lower().startswith("bearer "):
        return None
    token = header[7:].strip()
    if token.startswith(API_KEY_PREFIX):
        if not api_key_well_formed(token):
            return None
    elif not token.startswith(TOKEN_PREFIX):
        return None
    return token_digest(settings, token)


def cached_entry(settings: Settings, authorization: str | None) -> tuple[str, CachedAuth] | None:
    """The token of a request's ``Authorization`` header from the cache, if there and still
    within its expiry; no I/O."""
    if settings.auth_cache_s <= 0:
        return None
    digest = bearer_digest(settings, authorization)
    if digest is None:
        return None
    entry = auth_cache.get(digest, settings.auth_cache_s)
    if entry is None:
        return None
    expires_at = entry.token.expires_at
    if expires_at is not None and expires_at <= utcnow():
        auth_cache.drop(digest)  # the database path reports it (token_misuse, 401)
        return None
    return digest, entry


def last_used_due(token: ApiToken, now: datetime) -> bool:
    """Whether a request at ``now`` writes the token's ``last_used_at`` (at most once a minute)."""
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION


def use_cached(settings: Settings, digest: str, entry: CachedAuth) -> None:
    """Authenticate this request from a cache entry the gate has confirmed current."""
    user, token = entry.user, entry.token
    now = utcnow()
    if last_used_due(token, now):
        from api.state import state
        from models.db import session_scope

        with session_scope(state().engine) as session:
            session.execute(update(ApiToken).where(col(ApiToken.id) == token.id).values(last_used_at=now))
        token.last_used_at = now  # a racing thread may write it too: the same minute either way
    current_g().auth_outcome = (user, token)


def resolve_and_cache(settings: Settings, client: redis.Redis | None, generation: str | None = None) -> None:
    """Authenticate from the database and remember a success under the generation read *before*
    the lookup (a revocation committed meanwhile bumps past it, so the entry is rechecked)."""
    g.pop("auth_outcome", None)
    digest = bearer_digest(settings, request.headers.get("Authorization"))
    if generation is None and digest is not None and settings.auth_cache_s > 0:
        generation = read_generation(client, settings)
    outcome = _resolve(None, settings)
    if digest is not None and generation is not None and not isinstance(outcome, DeckhandError):
        auth_cache.put(digest, outcome[0], outcome[1], generation)


def _resolve(session: Session | None, settings: Settings) -> tuple[User, ApiToken] | DeckhandError:
    """Authenticate this request once; the outcome (user or error) is cached on ``g``."""
    store = current_g()
    if "auth_outcome" not in store:
        from api.state import state  # here, not at import: api.state builds on this module's peers
        from models.db import session_scope

        header = request.headers.get("Authorization")
        try:
            if session is not None:
                store.auth_outcome = authenticate(session, settings, header)
            else:
                with session_scope(state().engine) as own:
                    store.auth_outcome = authenticate(own, settings, header)
        except Unauthorized as exc:
            store.auth_outcome = exc
    outcome: tuple[User, ApiToken] | DeckhandError = store.auth_outcome
    return outcome


def caller(settings: Settings) -> User | None:
    """The user of this request if it carries a valid token, else None; never raises (for limits)."""
    if not request.headers.get("Authorization"):
        return None
    outcome = _resolve(None, settings)
    return None if isinstance(outcome, DeckhandError) else outcome[0]


def current_user() -> User:
    """The authenticated user of this request; resolves the bearer token if nothing did yet.

    :raise Unauthorized: (401) when the request carries no valid token.
    """
    user: User | None = current_g().get("user")
    if user is None:
        from api.state import state

        load_current_user(None, state().settings)
        user = g.user
    assert user is not None
    return user


def current_token() -> ApiToken:
    """The token that authenticated this request."""
    current_user()
    token: ApiToken = g.token
    return token


def load_current_user(session: Session | None, settings: Settings) -> None:
    """Authenticate this request (``session``: reuse it; None: open one) and set ``g.user``/``g.token``."""
    outcome = _resolve(session, settings)
    if isinstance(outcome, DeckhandError):
        raise outcome
    store = current_g()
    store.user, store.token = outcome


def optional_user(session: Session, settings: Settings) -> User | None:
    """The caller when a valid bearer token is sent, else None (for public routes with extras)."""
    if not request.headers.get("Authorization"):
        return None
    load_current_user(session, settings)
    return current_user()


def require_admin() -> User:
    """The current user when an admin, else 403 ``forbidden`` (401 when not signed in)."""
    user = current_user()
    if user.role != Role.ADMIN.value:
        raise Forbidden("This needs an admin account.")
    return user
