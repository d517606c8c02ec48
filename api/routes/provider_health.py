"""Provider health: GET /api/v1/health/providers. Owned by `providers/`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("provider_health", __name__)
