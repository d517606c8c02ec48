"""The Flask application factory: ``gunicorn 'api:create_app()'``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response

from api import errors
from api.access_log import log_access
from api.auth import load_current_user
from api.context import current_g, current_request
from api.cors import init_cors
from api.headers import init_security_headers
from api.limits import apply_route_limits, init_limits
from api.poll_shortcut import install_poll_shortcut
from api.request_id import REQUEST_ID, ensure_request_id
from api.routes import (
    apidocs,
    auth,
    cards,
    decks,
    documents,
    feedback,
    health,
    jobs,
    metrics,
    ops,
    provider_health,
    web,
)
from api.state import AppState, init_app, state
from api.transport import init_body_limits, install_json, install_proxy_fix
from config import Settings, get_settings
from logs import bind, configure_logging
from models.db import make_engine
from ops.metrics import init_metrics
from ops.sentry import init_sentry

__all__ = ["REQUEST_ID", "create_app"]
#: Blueprints whose every route needs a bearer token.
PROTECTED = (documents.bp, jobs.bp, decks.bp, cards.bp, feedback.bp)
#: Blueprints that check access themselves (public, optional auth, or admin-only).
SELF_CHECKED = (health.bp, auth.bp, provider_health.bp, metrics.bp, ops.bp, apidocs.bp)
#: The built web app at / (registered last: its catch-all never shadows an API route).
WEB_APP = web.bp


class DeckhandFlask(Flask):
    """Flask, remembering which hooks and views are plain functions.

    Flask passes every hook and view through :meth:`ensure_sync` on every request, which asks
    ``inspect.iscoroutinefunction`` each time: a dozen introspections per request for an answer
    that never changes. The answer is kept per function (a bounded table: the app's own hooks,
    views and error handlers).
    """

    MAX_REMEMBERED = 1024

    def __init__(self, import_name: str) -> None:
        super().__init__(import_name)
        self._ensured: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            found = self._ensured.get(func)
        except TypeError:  # an unhashable callable object: asked every time, as Flask does
            return super().ensure_sync(func)
        if found is None:
            found = super().ensure_sync(func)
            if len(self._ensured) < self.MAX_REMEMBERED:
                self._ensured[func] = found
        return found


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or get_settings()
    configure_logging(settings)
    init_sentry(settings, "web")  # before the broker is built: the Dramatiq integration patches it
    app = DeckhandFlask(__name__)
    install_json(app)  # keys in the order written; nesting too deep is a 400
    app_state = AppState(settings=settings, engine=make_engine(settings, role="web"))
    init_app(app, app_state)
    # HTTP latency by route and the /metrics registry
    init_metrics(app, settings, app_state.engine, lambda: app_state.broker)
    register_request_hooks(app)
    # Per-request body limits; the exact file limit is enforced while the file is streamed to disk.
    init_body_limits(app, settings)
    init_cors(app, settings)
    init_security_headers(app, settings)
    init_limits(app, settings)  # before the blueprints: blocks and limits precede the token check
    register_blueprints(app)
    apply_route_limits(app)
    errors.register_error_handlers(app)
    install_poll_shortcut(app)  # polls of unchanged jobs answered before Flask's request handling
    install_proxy_fix(app, settings)  # outermost: every layer sees the real client
    return app


def register_blueprints(app: Flask) -> None:
    for blueprint in (*SELF_CHECKED, *PROTECTED, WEB_APP):
        app.register_blueprint(blueprint)
    protected = {bp.name for bp in PROTECTED}

    @app.before_request
    def _require_user() -> None:
        # A CORS preflight carries no token by design; flask-cors answers it.
        req = current_request()
        if req.blueprint in protected and req.method != "OPTIONS":
            # Usually resolved already by the gate (api.limits.guard): from the token cache or
            # the database; no session is opened for nothing.
            load_current_user(None, state().settings)


def register_request_hooks(app: Flask) -> None:
    """Request id and access log; the id hook runs before every other before_request hook."""

    def _request_id() -> None:
        current_g().started = time.monotonic()
        bind(request_id=ensure_request_id())

    app.before_request_funcs.setdefault(None, []).insert(0, _request_id)

    @app.after_request
    def _request_id_header(response: Response) -> Response:
        request_id = ensure_request_id()
        response.headers["X-Request-ID"] = request_id or ""
        started = current_g().get("started")
        if started is not None:
            req = current_request()
            log_access(req.method, req.path, response.status_code, started, request_id)
        return response

    @app.teardown_request
    def _unbind(_error: BaseException | None) -> None:
        bind(request_id=None)
