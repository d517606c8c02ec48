"""The OpenAPI document and its browsable page (public: they describe the API, hold no data)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from flask.typing import ResponseReturnValue

from api import docs_page
from api.openapi import DOCS_PATH, SPEC_PATH, document_for

bp = Blueprint("apidocs", __name__)


@bp.get(SPEC_PATH)
def openapi_json() -> ResponseReturnValue:
    return jsonify(document_for(current_app))


@bp.get(DOCS_PATH)
def docs() -> ResponseReturnValue:
    html = docs_page.render(document_for(current_app), SPEC_PATH)
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = docs_page.CSP
    return response
