"""How requests arrive: trusted proxy hops, request body limits and JSON parsing.

Flask's ``MAX_CONTENT_LENGTH`` is one limit for the whole app; here each request
gets its own before the body is read: uploads may be as large as
``MAX_UPLOAD_MB`` (plus form overhead), every other endpoint only
``MAX_JSON_BODY_KB``. A larger body answers 413 problem+json, also when it is
sent chunked without a Content-Length. A JSON body nested deeper than Python's
recursion limit (``[`` × 100,000) is malformed JSON like any other: 400, not a
RecursionError.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from api.context import current_request
from config import Settings

#: Endpoints that take file uploads (``blueprint.view`` names).
UPLOAD_ENDPOINTS = frozenset({"documents.upload"})
#: Room for the multipart boundaries and form fields next to the file.
FORM_OVERHEAD_BYTES = 1024 * 1024


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where nesting too deep to decode is a decoding error (ValueError)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def install_json(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    app.json.sort_keys = False


def install_proxy_fix(app: Flask, settings: Settings) -> None:
    """Trust X-Forwarded-For/-Proto from exactly the configured number of proxies."""
    proto = settings.proxy_fix_proto_hops
    if proto is None:
        proto = 1 if settings.proxy_fix_hops > 0 else 0
    if settings.proxy_fix_hops or proto:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.proxy_fix_hops, x_proto=proto, x_host=0, x_port=0, x_prefix=0
        )


def init_body_limits(app: Flask, settings: Settings) -> None:
    upload_limit = settings.max_upload_bytes + FORM_OVERHEAD_BYTES
    # The largest any request may send; the per-request limit below lowers it.
    app.config["MAX_CONTENT_LENGTH"] = upload_limit
    app.config["MAX_FORM_PARTS"] = settings.max_form_parts

    @app.before_request
    def _body_limit() -> None:
        req = current_request()
        if req.endpoint in UPLOAD_ENDPOINTS:
            req.max_content_length = upload_limit
        else:
            req.max_content_length = settings.max_json_body_bytes
            req.max_form_memory_size = settings.max_json_body_bytes
            # A chunked body: Werkzeug silently stops reading at the limit (the view
            # would see truncated JSON), so read it here and refuse one that reached it.
            # Without Content-Length or Transfer-Encoding a request has no body (RFC 9112
            # section 6.3): nothing to read (gunicorn marks every request's input terminated).
            environ = req.environ
            chunked = (
                req.content_length is None
                and environ.get("wsgi.input_terminated")
                and "HTTP_TRANSFER_ENCODING" in environ
            )
            if chunked and len(req.get_data(cache=True)) >= settings.max_json_body_bytes:
                raise RequestEntityTooLarge()
        # Refuse a declared oversize body at once, even where the view never reads it.
        limit = req.max_content_length
        length = req.content_length
        if length is not None and limit is not None and length > limit:
            raise RequestEntityTooLarge()
