"""Owner-scoped lookups: another user's id answers exactly like a missing one (404).

Asking for an id that exists but belongs to another account is a ``foreign_id``
security event (someone replaying or guessing ids); asking for ids that exist
nowhere is counted too (:func:`api.security_events.record_not_found`), so a burst of
random ids blocks the caller. The answer never changes.

Public string ids are 32 lower-case hex characters (``models.types.new_id``); anything
else cannot exist and answers 404 without a database lookup, whatever its length.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlmodel import Session

from api.security_events import EventKind, record_not_found, record_security_event
from errors import NotFound
from models import Deck, User

T = TypeVar("T")
MAX_INT_ID = 2**63 - 1
#: The shape of every public string id (``uuid4().hex``); api/openapi.py documents it.
ID_LENGTH = 32
ID_PATTERN = re.compile(r"\A[0-9a-f]{32}\Z")
#: Characters of a malformed id echoed back in the 404's detail.
ECHO_CHARS = 40


def well_formed(object_id: str | int) -> bool:
    """True when ``object_id`` could be a stored id (a 64-bit int, or 32 lower-case hex)."""
    if isinstance(object_id, int):
        # Past the database's 64-bit range it cannot exist (and would overflow the driver).
        return 0 <= object_id <= MAX_INT_ID
    return ID_PATTERN.match(object_id) is not None


def get_owned(session: Session, model: type[T], object_id: str | int, user: User) -> T:
    """The row ``object_id`` of ``model`` if ``user`` owns it.

    :raise NotFound: when it does not exist or belongs to someone else.
    """
    name = model.__name__.lower()
    row: Any = session.get(model, object_id) if well_formed(object_id) else None
    if row is None or row.user_id != user.id:
        if row is not None:
            record_security_event(
                EventKind.FOREIGN_ID, account=user.email, detail=f"{name} of another account"
            )
        else:
            record_not_found(account=user.email, detail=f"no such {name}")
        shown = repr(object_id) if len(str(object_id)) <= ECHO_CHARS else f"{str(object_id)[:ECHO_CHARS]!r}…"
        raise NotFound(f"No {name} with id {shown}.")
    found: T = row
    return found


def ready_deck(session: Session, deck_id: str, user: User) -> Deck:
    """The deck ``deck_id`` of ``user`` once its job has made it.

    :raise NotFound: when it does not exist, belongs to someone else, or is still being made.
    """
    deck = get_owned(session, Deck, deck_id, user)
    if not deck.ready:
        raise NotFound(f"No deck with id {deck_id!r} yet.", hint="Its job is still running; poll the job.")
    return deck
