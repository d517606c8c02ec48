"""The Flask application factory: ``gunicorn 'api:create_app()'``."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

from api import errors
from api.auth import load_current_user
from api.routes import apidocs, auth, cards, decks, documents, health, jobs, metrics, ops, provider_health
from api.state import AppState, init_app, state
from config import Settings, get_settings
from models.db import make_engine, session_scope
from workers.logs import configure_logging

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: Blueprints whose every route needs a bearer token.
PROTECTED = (documents.bp, jobs.bp, decks.bp, cards.bp)
#: Blueprints that check access themselves (public, optional auth, or admin-only).
SELF_CHECKED = (health.bp, auth.bp, provider_health.bp, metrics.bp, ops.bp, apidocs.bp)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or get_settings()
    configure_logging(settings)
    app = Flask(__name__)
    # The form parser refuses bodies past this before reading them; the exact
    # file limit is enforced while the file is streamed to disk.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes + 1024 * 1024
    app.json.sort_keys = False  # type: ignore[attr-defined]
    init_app(app, AppState(settings=settings, engine=make_engine(settings)))
    register_request_hooks(app)
    register_blueprints(app)
    errors.register_error_handlers(app)
    return app


def register_blueprints(app: Flask) -> None:
    for blueprint in (*SELF_CHECKED, *PROTECTED):
        app.register_blueprint(blueprint)
    protected = {bp.name for bp in PROTECTED}

    @app.before_request
    def _require_user() -> None:
        if request.blueprint in protected:
            with session_scope(state().engine) as session:
                load_current_user(session, state().settings)


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def _request_id() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.headers.get("Authorization"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
