"""The admin-only ops dashboard at /ops. Owned by `ops/`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ops", __name__)
