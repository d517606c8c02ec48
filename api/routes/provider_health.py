"""Provider health: GET /api/v1/health/providers. Owned by `providers/`.

Public (no token needed, for status pages and load balancers); an admin's token adds
every key's state by fingerprint. A bad token is still a 401, as everywhere.
"""

from __future__ import annotations

import redis
from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

import redisconn
from api.auth import optional_user
from api.state import state
from errors import DependencyUnavailable, InternalError
from models import Role
from models.db import session_scope
from providers.report import status_report
from providers.status import provider_status

bp = Blueprint("provider_health", __name__)


def _redis() -> redis.Redis:
    """The Redis holding provider state; a health read never starts the embedded server."""
    url = redisconn.running_url(state().settings)
    if url is None:
        raise redis.ConnectionError("REDIS_URL is not set and no embedded Redis runs")
    return redisconn.client(url, redisconn.Profile.ADMIN)


@bp.get("/api/v1/health/providers")
def provider_health() -> ResponseReturnValue:
    settings = state().settings
    with session_scope(state().engine) as session:
        user = optional_user(session, settings)
        is_admin = user is not None and user.role == Role.ADMIN.value
    try:
        statuses = provider_status(settings, _redis())
    except (redis.RedisError, OSError) as exc:
        raise DependencyUnavailable(
            "Provider state lives in Redis, which cannot be reached right now.",
            hint="Try again shortly; /healthz says whether the API itself is up.",
            retry_after_s=10,
        ) from exc
    except ValueError as exc:  # LLM_PROVIDERS names a provider without keys (names variables only)
        raise InternalError(f"The provider configuration is invalid: {exc}.") from None
    response = jsonify(status_report(statuses, include_keys=is_admin))
    response.headers["Cache-Control"] = "no-store"
    return response
