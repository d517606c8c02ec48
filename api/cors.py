"""CORS for /api/*: exact production origins, plus Vercel previews where allowed (staging).

flask-cors matches a pattern with ``re.match`` (anchored at the start only) and
treats any string containing regex characters as an unanchored pattern. So the
exact origins are plain strings checked by the settings to hold no regex
character, and the only pattern is built here from two validated slugs, anchored
with ``\\A…\\Z``. The hash form ``<project>-<9 alphanumerics>-<team>`` is the only
one accepted: in the branch form ``<project>-git-<branch>-<team>`` the branch may
contain dashes, so a look-alike team ``evil-<team>`` would match (security.md §3).
Credentials are never allowed: a pattern narrows, it does not prove ownership.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask
from flask_cors import CORS
from flask_cors.core import get_cors_headers, get_cors_options
from werkzeug.datastructures import Headers

from config import Settings

logger = logging.getLogger(__name__)

ALLOW_HEADERS = ["Authorization", "Content-Type", "X-Request-ID", "Last-Event-ID"]
EXPOSE_HEADERS = [
    "X-Request-ID",
    "Retry-After",
    "Location",
    "Content-Disposition",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
API_RESOURCE = r"/api/*"
#: ``app.extensions`` key of the options flask-cors resolved for :data:`API_RESOURCE`.
CORS_OPTIONS = "deckhand_cors"


def preview_pattern(project: str, team: str) -> re.Pattern[str]:
    """Vercel preview deployments of ``project`` in ``team``: hash URLs only, anchored at both ends."""
    pattern = re.compile(
        r"\Ahttps://" + re.escape(project) + r"-[a-z0-9]{9}-" + re.escape(team) + r"\.vercel\.app\Z"
    )
    check_anchored(pattern)
    return pattern


def check_anchored(pattern: re.Pattern[str]) -> None:
    """Refuse to start with a pattern that is not anchored at both ends."""
    if not (pattern.pattern.startswith(r"\A") and pattern.pattern.endswith(r"\Z")):
        raise ValueError(f"CORS origin pattern must be anchored with \\A...\\Z: {pattern.pattern!r}")


def allowed_origins(settings: Settings) -> list[str | re.Pattern[str]]:
    origins: list[str | re.Pattern[str]] = list(settings.cors_origins)
    if settings.previews_allowed:
        assert settings.cors_vercel_project and settings.cors_vercel_team
        origins.append(preview_pattern(settings.cors_vercel_project, settings.cors_vercel_team))
        if settings.env == "production" and settings.deploy_env != "staging":
            logger.warning("CORS admits Vercel previews in production; use a staging API for previews")
    return origins


def init_cors(app: Flask, settings: Settings) -> None:
    origins = allowed_origins(settings)
    if not origins:
        return  # same-origin only: no CORS headers at all
    options: dict[str, Any] = {
        "supports_credentials": False,
        "allow_private_network": False,
        "max_age": settings.cors_max_age_s,
        "methods": METHODS,
        "allow_headers": ALLOW_HEADERS,
        "expose_headers": EXPOSE_HEADERS,
        "vary_header": True,
    }
    CORS(app, resources={API_RESOURCE: {"origins": origins}}, **options)
    # The options flask-cors resolved for /api/*, for the answers made before Flask's hooks run
    # (api.poll_shortcut): computed as its extension does, so both send the same headers.
    app.extensions[CORS_OPTIONS] = get_cors_options(app, options, {"origins": origins})


def cors_headers(app: Flask, request_headers: Headers, method: str) -> list[tuple[str, str]]:
    """The CORS headers flask-cors adds to an answer under /api/ (none when CORS is off)."""
    options = app.extensions.get(CORS_OPTIONS)
    if options is None:
        return []
    return [(name, str(value)) for name, value in get_cors_headers(options, request_headers, method).items()]
