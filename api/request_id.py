"""The request id: the client's ``X-Request-ID`` when well-formed, else a fresh one."""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import has_request_context

from api.context import current_g, current_request

REQUEST_ID = re.compile(r"\A[A-Za-z0-9._-]{8,64}\Z")
#: Where the id is kept in the WSGI environ (api.poll_shortcut chooses it before Flask's hooks run).
ENVIRON_KEY = "deckhand.request_id"


def ensure_request_id() -> str | None:
    """This request's id, chosen on first use (None outside a request)."""
    if not has_request_context():
        return None
    store = current_g()
    found: str | None = store.get("request_id")
    if found is None:
        found = store.request_id = environ_request_id(current_request().environ)
    return found


def environ_request_id(environ: dict[str, Any]) -> str:
    """The id of the request of ``environ``, kept there: the same in every layer that asks."""
    found: str | None = environ.get(ENVIRON_KEY)
    if found is None:
        given = environ.get("HTTP_X_REQUEST_ID", "")
        found = environ[ENVIRON_KEY] = given if REQUEST_ID.match(given) else uuid.uuid4().hex
    return found
