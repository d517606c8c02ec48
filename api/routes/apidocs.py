"""The OpenAPI document and its browsable page. Owned by `api/openapi`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("apidocs", __name__)
