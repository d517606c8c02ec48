"""Accounts and bearer tokens; the one place where the current user is resolved.

Tokens are random (``dh_`` + 43 URL-safe characters), shown once, and stored
only as HMAC-SHA256(SECRET_KEY, token), so a database leak reveals no usable
token. Passwords are hashed with Argon2id.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, request
from sqlmodel import Session, select

from config import Settings
from errors import Forbidden, TokenExpired, Unauthorized
from models import ApiToken, Role, User, utcnow

TOKEN_PREFIX = "dh_"  # noqa: S105 - a public prefix that makes leaked tokens recognisable
_hasher = PasswordHasher()
#: Verified against when the email is unknown, so timing does not reveal which emails exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_credentials(session: Session, email: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def token_digest(settings: Settings, token: str) -> str:
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def issue_token(session: Session, settings: Settings, user: User) -> tuple[str, ApiToken]:
    """Create a token for ``user``; the plain value is returned once and never stored."""
    assert user.id is not None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        token_hash=token_digest(settings, token),
        expires_at=utcnow() + timedelta(hours=settings.token_ttl_hours),
    )
    session.add(row)
    return token, row


def authenticate(session: Session, settings: Settings, header: str | None) -> User:
    """The user behind an ``Authorization: Bearer`` header, or :class:`Unauthorized`."""
    if not header or not header.lower().startswith("bearer "):
        raise Unauthorized("This endpoint needs a bearer token.")
    token = header[7:].strip()
    if not token.startswith(TOKEN_PREFIX):
        raise Unauthorized("The bearer token is not a Deckhand token.")
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(settings, token))).first()
    if row is None or row.revoked_at is not None:
        raise Unauthorized("The bearer token is unknown or was revoked.")
    if row.expires_at <= utcnow():
        raise TokenExpired("The bearer token has expired.")
    user = session.get(User, row.user_id)
    if user is None:
        raise Unauthorized("The bearer token's account no longer exists.")
    return user


def current_user() -> User:
    """The authenticated user of this request (set by :func:`load_current_user`)."""
    user: User | None = g.get("user")
    if user is None:
        raise Unauthorized()
    return user


def load_current_user(session: Session, settings: Settings) -> None:
    g.user = authenticate(session, settings, request.headers.get("Authorization"))


def optional_user(session: Session, settings: Settings) -> User | None:
    """The caller when a valid bearer token is sent, else None (for public routes with extras)."""
    if not request.headers.get("Authorization"):
        return None
    return authenticate(session, settings, request.headers.get("Authorization"))


def require_admin() -> User:
    """The current user when an admin, else 403 ``forbidden`` (401 when not signed in)."""
    user = current_user()
    if user.role != Role.ADMIN.value:
        raise Forbidden("This needs an admin account.")
    return user
