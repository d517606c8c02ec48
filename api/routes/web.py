"""The built web app (``web/dist``) at ``/``, on the API's own origin (``make run``).

Files of the build are served as they are (hashed ``/assets/…`` cached for a year, the
rest revalidated); any other path of the app (``/decks/…``, ``/study/…``) answers
``index.html`` so the app's router can show it. Paths under ``/api``, ``/ops``,
``/healthz``, ``/readyz`` and ``/metrics`` never reach this blueprint: the URL
converter refuses them, so an unknown API path stays a problem+json 404 (and a wrong
method a 405). Without a build, ``/`` answers a 404 saying how to build it.

In production the app is deployed on Vercel instead (docs/deploy-vercel.md).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, send_from_directory
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.routing import BaseConverter
from werkzeug.security import safe_join

from errors import NotFound

#: Where ``npm run build`` (``make web-build``) writes the app.
DEFAULT_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
#: App config key overriding :data:`DEFAULT_DIST` (tests).
DIST_CONFIG = "DECKHAND_WEB_DIST"
#: First path segments owned by the API and the operations pages.
RESERVED = ("api", "ops", "healthz", "readyz", "metrics")
ASSET_MAX_AGE_S = 365 * 24 * 3600


class AppPathConverter(BaseConverter):
    """Any path whose first segment is not one of :data:`RESERVED`."""

    regex = r"(?!(?:" + "|".join(RESERVED) + r")(?:/|$))[^/].*?"
    part_isolating = False


bp = Blueprint("web", __name__)


@bp.record_once
def _register_converter(setup: object) -> None:
    app: Flask = setup.app  # type: ignore[attr-defined]
    app.url_map.converters["app_path"] = AppPathConverter


def dist_dir() -> Path:
    configured = current_app.config.get(DIST_CONFIG)
    return Path(configured) if configured else DEFAULT_DIST


def _index(dist: Path) -> ResponseReturnValue:
    if not (dist / "index.html").is_file():
        raise NotFound(
            "The web app is not built on this server.",
            hint="Run `make run` (it builds web/ first) or `make web-build`; the API is under /api/v1.",
        )
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def index() -> ResponseReturnValue:
    return _index(dist_dir())


@bp.get("/<app_path:path>")
def app_path(path: str) -> ResponseReturnValue:
    dist = dist_dir()
    target = safe_join(str(dist), path)
    if target is not None and Path(target).is_file():
        hashed = path.startswith("assets/")
        response = send_from_directory(dist, path, max_age=ASSET_MAX_AGE_S if hashed else 0)
        response.headers["Cache-Control"] = (
            f"public, max-age={ASSET_MAX_AGE_S}, immutable" if hashed else "no-cache"
        )
        return response
    if "." in path.rsplit("/", 1)[-1]:  # a missing file, not a page of the app
        raise HTTPNotFound()
    return _index(dist)
