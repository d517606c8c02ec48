"""Accounts: register, sign in/out, the caller's profile and usage, API keys for scripts.

Sessions come from register and sign-in and expire after ``TOKEN_TTL_HOURS``. API
keys are for scripts: created from a signed-in session (a leaked key cannot mint
more keys), optionally named and expiring, shown once, listed by their prefix.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, Response, jsonify
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import ColumnElement, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select

from api.auth import (
    bump_auth_generation,
    check_credentials,
    current_token,
    current_user,
    hash_password,
    issue_api_key,
    issue_token,
)
from api.limits import tier_limit, upload_limit
from api.owned import get_owned
from api.security_events import EventKind, monitor, record_security_event
from api.serializers import iso
from api.state import state
from api.validation import json_body
from errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from models import ApiToken, User, utcnow
from models.db import session_scope
from models.user import TokenKind
from quotas import usage

bp = Blueprint("auth", __name__, url_prefix="/api/v1/auth")

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"


class Credentials(BaseModel):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=1, max_length=256)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()


class NewApiKey(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=100)
    expires_in_days: int | None = Field(None, ge=1)

    @field_validator("name")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and not value.isprintable():
            raise ValueError("must not contain control characters")
        return value


def user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "role": user.role, "created_at": iso(user.created_at)}


def api_key_json(row: ApiToken) -> dict[str, Any]:
    """An API key as listed: never the key itself, only its recognisable prefix."""
    return {
        "id": row.id,
        "name": row.name,
        "prefix": row.display_prefix,
        "created_at": iso(row.created_at),
        "expires_at": iso(row.expires_at),
        "last_used_at": iso(row.last_used_at),
        "expired": row.expires_at is not None and row.expires_at <= utcnow(),
    }


def _token_response(token: str, expires_at: datetime | None, user: User, status: int) -> ResponseReturnValue:
    return (
        jsonify(
            token=token,
            token_type="Bearer",  # noqa: S106 - the scheme name, not a secret
            expires_at=iso(expires_at),
            user={"id": user.id, "email": user.email, "role": user.role},
        ),
        status,
    )


@bp.post("/register")
def register() -> ResponseReturnValue:
    body = json_body(Credentials)
    settings = state().settings
    if len(body.password) < settings.password_min_length:
        raise ValidationFailed(
            "The password is too short.",
            invalid_params=[
                {"name": "password", "reason": f"at least {settings.password_min_length} characters"}
            ],
        )
    # Hashed before the transaction: a burst of sign-ups queues for the CPU, and a database
    # connection held while waiting is one that every other request waits for.
    password_hash = hash_password(body.password, settings)
    try:
        with session_scope(state().engine) as session:
            if session.exec(select(User).where(User.email == body.email)).first():
                raise Conflict("An account with this email already exists.", hint="Sign in instead.")
            user = User(email=body.email, password_hash=password_hash)
            session.add(user)
            session.flush()
            token, row = issue_token(session, settings, user)
    except IntegrityError:
        raise Conflict("An account with this email already exists.", hint="Sign in instead.") from None
    return _token_response(token, row.expires_at, user, 201)


@bp.post("/token")
def sign_in() -> ResponseReturnValue:
    body = json_body(Credentials)
    monitor().check_not_blocked(ip=None, account=body.email)  # the IP was checked before the route
    user = check_credentials(state().engine, body.email, body.password, state().settings)
    if user is None:
        record_security_event(EventKind.FAILED_SIGN_IN, account=body.email, detail="wrong email or password")
        raise Unauthorized(
            "The email or password is wrong.",
            hint="Check both, or register with POST /api/v1/auth/register.",
        )
    with session_scope(state().engine) as session:
        token, row = issue_token(session, state().settings, user)
    return _token_response(token, row.expires_at, user, 200)


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Revoke the token that authenticates this request (a session or an API key)."""
    token = current_token()
    with session_scope(state().engine) as session:
        session.execute(
            update(ApiToken)
            .where(col(ApiToken.id) == token.id, col(ApiToken.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )
    bump_auth_generation(state().settings)  # cached copies of this token end now
    return Response(status=204)


def _unrevoked(user: User, kind: TokenKind) -> tuple[ColumnElement[bool], ...]:
    """The conditions that select ``user``'s unrevoked tokens of one kind."""
    return (
        col(ApiToken.user_id) == user.id,
        col(ApiToken.kind) == kind.value,
        col(ApiToken.revoked_at).is_(None),
    )


@bp.post("/sign-out-everywhere")
def sign_out_everywhere() -> ResponseReturnValue:
    """Revoke every session of the caller (this one too); API keys stay (revoke them one by one)."""
    user = current_user()
    with session_scope(state().engine) as session:
        result = session.execute(
            update(ApiToken).where(*_unrevoked(user, TokenKind.SESSION)).values(revoked_at=utcnow())
        )
    bump_auth_generation(state().settings)
    return jsonify(revoked_sessions=result.rowcount)  # type: ignore[attr-defined]


@bp.get("/me")
def me() -> ResponseReturnValue:
    """The caller's account, the token in use, today's quota usage and the rate limits that apply."""
    user = current_user()
    token = current_token()
    settings = state().settings
    with session_scope(state().engine) as session:
        quotas = usage(session, monitor().client(), settings, user)
    return jsonify(
        user=user_json(user),
        token={"kind": token.kind, "expires_at": iso(token.expires_at), "name": token.name},
        quotas={name: q.json() for name, q in quotas.items()},
        rate_limits={"requests": tier_limit(), "uploads": upload_limit()},
    )


@bp.post("/api-keys")
def create_api_key() -> ResponseReturnValue:
    user = current_user()
    if current_token().kind != TokenKind.SESSION.value:
        raise Forbidden(
            "API keys cannot create API keys.",
            hint="Sign in with POST /api/v1/auth/token and create the key with that session token.",
        )
    body = json_body(NewApiKey)
    settings = state().settings
    if body.expires_in_days is not None and body.expires_in_days > settings.api_key_max_days:
        raise ValidationFailed(
            f"expires_in_days may be at most {settings.api_key_max_days}.",
            invalid_params=[{"name": "expires_in_days", "reason": f"at most {settings.api_key_max_days}"}],
        )
    expires_at = utcnow() + timedelta(days=body.expires_in_days) if body.expires_in_days else None
    with session_scope(state().engine) as session:
        active = session.exec(
            select(func.count())
            .select_from(ApiToken)
            .where(
                *_unrevoked(user, TokenKind.API_KEY),
                (col(ApiToken.expires_at).is_(None)) | (col(ApiToken.expires_at) > utcnow()),
            )
        ).one()
        if active >= settings.api_keys_per_user:
            raise Conflict(
                f"This account already has {active} active API keys, the most allowed.",
                hint="Revoke a key you no longer use with DELETE /api/v1/auth/api-keys/{id}.",
            )
        key, row = issue_api_key(session, settings, user, body.name, expires_at)
        session.flush()
        body_json = {"key": key, **api_key_json(row)}
    response = jsonify(body_json)
    response.status_code = 201
    response.headers["Location"] = f"/api/v1/auth/api-keys/{row.id}"
    return response


@bp.get("/api-keys")
def list_api_keys() -> ResponseReturnValue:
    """The caller's unrevoked API keys, newest first (expired ones flagged)."""
    user = current_user()
    with session_scope(state().engine) as session:
        rows = session.exec(
            select(ApiToken)
            .where(*_unrevoked(user, TokenKind.API_KEY))
            .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
        ).all()
    return jsonify(api_keys=[api_key_json(r) for r in rows])


@bp.delete("/api-keys/<int:key_id>")
def revoke_api_key(key_id: int) -> ResponseReturnValue:
    user = current_user()
    with session_scope(state().engine) as session:
        row = get_owned(session, ApiToken, key_id, user)
        if row.kind != TokenKind.API_KEY.value or row.revoked_at is not None:
            raise NotFound(
                f"No API key with id {key_id}.", hint="List your keys with GET /api/v1/auth/api-keys."
            )
        row.revoked_at = utcnow()
        session.add(row)
    bump_auth_generation(state().settings)
    return Response(status=204)
