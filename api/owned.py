"""Owner-scoped lookups: another user's id answers exactly like a missing one (404).

Asking for an id that exists but belongs to another account is a ``foreign_id``
security event (someone enumerating or replaying ids); the answer does not change.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

from api.security_events import EventKind, record_security_event
from errors import NotFound
from models import User

T = TypeVar("T")
MAX_INT_ID = 2**63 - 1


def get_owned(session: Session, model: type[T], object_id: str | int, user: User) -> T:
    """The row ``object_id`` of ``model`` if ``user`` owns it.

    :raise NotFound: when it does not exist or belongs to someone else.
    """
    # An integer id past the database's 64-bit range cannot exist (and would overflow the driver).
    out_of_range = isinstance(object_id, int) and not 0 <= object_id <= MAX_INT_ID
    row: Any = None if out_of_range else session.get(model, object_id)
    if row is None or row.user_id != user.id:
        if row is not None:
            record_security_event(
                EventKind.FOREIGN_ID,
                account=user.email,
                detail=f"{model.__name__.lower()} of another account",
            )
        raise NotFound(f"No {model.__name__.lower()} with id {object_id!r}.")
    found: T = row
    return found
