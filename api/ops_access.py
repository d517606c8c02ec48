"""Who may see /ops and /metrics.

The dashboard accepts two credentials:

* ``Authorization: Bearer <admin token>`` for scripts (no CSRF needed: a browser never
  sends that header cross-site on its own);
* a signed session cookie for browsers (``POST /ops/login`` with an admin's email and
  password): ``itsdangerous`` signature with SECRET_KEY, OPS_SESSION_TTL_S lifetime,
  ``HttpOnly; SameSite=Strict; Path=/ops`` (``Secure`` outside development). The
  session carries a random CSRF token that every POST form must echo.

The user is re-read on every request, so demoting an admin ends their session.
/metrics additionally accepts METRICS_TOKEN and clients in METRICS_ALLOWED_NETWORKS.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Engine
from werkzeug.wrappers import Response

from api.auth import require_admin
from errors import Forbidden, Unauthorized
from models import Role, User
from models.db import session_scope

if TYPE_CHECKING:
    from config import Settings

COOKIE = "deckhand_ops"
LOGIN_COOKIE = "deckhand_ops_login"
COOKIE_PATH = "/ops"
LOGIN_TTL_S = 600


@dataclass(frozen=True)
class OpsSession:
    user: User
    via: str  # "cookie" | "bearer"
    csrf: str  # empty for bearer sessions


def _serializer(settings: Settings, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key.get_secret_value(), salt=salt)


def _require_admin(user: User) -> User:
    if user.role != Role.ADMIN.value:
        raise Forbidden("The ops dashboard needs an admin account.")
    return user


def session_for(request: Request, settings: Settings, engine: Engine) -> OpsSession:
    """The admin behind this request, 401 without credentials, 403 for a non-admin."""
    if request.headers.get("Authorization"):
        return OpsSession(require_admin(), "bearer", "")
    raw = request.cookies.get(COOKIE)
    if not raw:
        raise Unauthorized("Sign in at /ops/login or send an admin bearer token.")
    try:
        data = _serializer(settings, "ops-session").loads(raw, max_age=settings.ops_session_ttl_s)
    except BadSignature:
        raise Unauthorized("The ops session expired or is invalid; sign in again at /ops/login.") from None
    with session_scope(engine) as session:
        user = session.get(User, int(data["uid"]))
    if user is None:
        raise Unauthorized("The ops session's account no longer exists.")
    return OpsSession(_require_admin(user), "cookie", str(data["csrf"]))


def check_csrf(ops: OpsSession, submitted: str | None) -> None:
    """Cookie sessions must echo their CSRF token; bearer callers need not."""
    if ops.via == "bearer":
        return
    if not submitted or not hmac.compare_digest(submitted, ops.csrf):
        raise Forbidden("Missing or wrong CSRF token; reload the page and try again.")


def _secure(settings: Settings) -> bool:
    return settings.env != "development" and settings.env != "test"


def start_session(response: Response, settings: Settings, user: User) -> None:
    token = _serializer(settings, "ops-session").dumps({"uid": user.id, "csrf": secrets.token_urlsafe(24)})
    response.set_cookie(
        COOKIE,
        token,
        max_age=settings.ops_session_ttl_s,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=_secure(settings),
    )


def end_session(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE, path=COOKIE_PATH, httponly=True, samesite="Strict", secure=_secure(settings)
    )


def login_csrf(response: Response, settings: Settings) -> str:
    """A double-submit token for the sign-in form (prevents logging a victim into our account)."""
    token = secrets.token_urlsafe(24)
    response.set_cookie(
        LOGIN_COOKIE,
        _serializer(settings, "ops-login").dumps(token),
        max_age=LOGIN_TTL_S,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=_secure(settings),
    )
    return token


def check_login_csrf(request: Request, settings: Settings) -> None:
    raw = request.cookies.get(LOGIN_COOKIE, "")
    submitted = request.form.get("csrf_token", "")
    try:
        expected = str(_serializer(settings, "ops-login").loads(raw, max_age=LOGIN_TTL_S))
    except BadSignature:
        raise Forbidden("The sign-in form expired; reload /ops/login and try again.") from None
    if not submitted or not hmac.compare_digest(submitted, expected):
        raise Forbidden("Missing or wrong CSRF token on the sign-in form; reload /ops/login.")


def metrics_allowed(request: Request, settings: Settings, engine: Engine) -> None:
    """METRICS_TOKEN bearer, an allow-listed client address, or an admin bearer token."""
    header = request.headers.get("Authorization", "")
    if settings.metrics_token is not None and header.lower().startswith("bearer "):
        expected = settings.metrics_token.get_secret_value()
        if expected and hmac.compare_digest(header[7:].strip().encode(), expected.encode()):
            return
    if settings.metrics_allowed_networks and request.remote_addr:
        try:
            address = ipaddress.ip_address(request.remote_addr)
        except ValueError:
            address = None
        if address is not None and any(
            address in ipaddress.ip_network(net, strict=False) for net in settings.metrics_allowed_networks
        ):
            return
    if not header:
        raise Unauthorized("/metrics needs METRICS_TOKEN, an admin bearer token or an allow-listed network.")
    require_admin()
