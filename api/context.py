"""The current request and ``g`` as plain objects, for hooks that read them many times.

``flask.request`` and ``flask.g`` are context-local proxies: every attribute read through them
looks the context up again (about 1 us each on the deployment VM, some fifty times in a job
read). A hook that reads several attributes takes the objects once, here.
"""

from __future__ import annotations

from flask import Flask, Request, current_app, g, request
from flask.ctx import _AppCtxGlobals


def current_request() -> Request:
    """The request being served (outside a request: RuntimeError, as ``flask.request``)."""
    found: Request = request._get_current_object()  # type: ignore[attr-defined]
    return found


def current_g() -> _AppCtxGlobals:
    """The ``g`` of the current application context."""
    found: _AppCtxGlobals = g._get_current_object()
    return found


def current_flask_app() -> Flask:
    """The application handling the current request or context."""
    found: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return found
