"""Prometheus metrics at /metrics. Owned by `ops/`.

Access: METRICS_TOKEN as a bearer token, a client in METRICS_ALLOWED_NETWORKS, or an
admin bearer token (see :func:`api.ops_access.metrics_allowed`).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue

from api.ops_access import metrics_allowed
from api.state import state
from ops.metrics import CONTENT_TYPE, exposition, metrics_extension

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def metrics() -> ResponseReturnValue:
    st = state()
    metrics_allowed(request, st.settings, st.engine)
    body = exposition(metrics_extension(current_app)["registry"])
    response = Response(body, content_type=CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response
