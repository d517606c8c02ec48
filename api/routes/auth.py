"""Register and sign in; both answer with a bearer token."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from api.auth import check_credentials, hash_password, issue_token
from api.serializers import iso
from api.state import state
from api.validation import json_body
from errors import Conflict, Unauthorized, ValidationFailed
from models import User
from models.db import session_scope

bp = Blueprint("auth", __name__, url_prefix="/api/v1/auth")

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"


class Credentials(BaseModel):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(min_length=1, max_length=256)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()


def _token_response(token: str, expires_at: object, user: User, status: int) -> ResponseReturnValue:
    return (
        jsonify(
            token=token,
            token_type="Bearer",  # noqa: S106 - the scheme name, not a secret
            expires_at=iso(expires_at),  # type: ignore[arg-type]
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
    try:
        with session_scope(state().engine) as session:
            if session.exec(select(User).where(User.email == body.email)).first():
                raise Conflict("An account with this email already exists.", hint="Sign in instead.")
            user = User(email=body.email, password_hash=hash_password(body.password))
            session.add(user)
            session.flush()
            token, row = issue_token(session, settings, user)
    except IntegrityError:
        raise Conflict("An account with this email already exists.", hint="Sign in instead.") from None
    return _token_response(token, row.expires_at, user, 201)


@bp.post("/token")
def sign_in() -> ResponseReturnValue:
    body = json_body(Credentials)
    with session_scope(state().engine) as session:
        user = check_credentials(session, body.email, body.password)
        if user is None:
            raise Unauthorized(
                "The email or password is wrong.",
                hint="Check both, or register with POST /api/v1/auth/register.",
            )
        token, row = issue_token(session, state().settings, user)
    return _token_response(token, row.expires_at, user, 200)
