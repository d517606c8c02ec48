"""Cards: edit, add, delete, review (spaced repetition). Owned by `cards/`."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cards", __name__)
