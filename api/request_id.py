"""The request id: the client's ``X-Request-ID`` when well-formed, else a fresh one."""

from __future__ import annotations

import re
import uuid

from flask import has_request_context

from api.context import current_g, current_request

REQUEST_ID = re.compile(r"\A[A-Za-z0-9._-]{8,64}\Z")


def ensure_request_id() -> str | None:
    """This request's id, chosen on first use (None outside a request)."""
    if not has_request_context():
        return None
    store = current_g()
    found: str | None = store.get("request_id")
    if found is None:
        found = store.request_id = request_id_for(current_request().headers.get("X-Request-ID", ""))
    return found


def request_id_for(given: str) -> str:
    """The id of a request that sent ``given`` as its ``X-Request-ID`` ("" when none)."""
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex
