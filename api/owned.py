"""Owner-scoped lookups: another user's id answers exactly like a missing one (404)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

from errors import NotFound
from models import User

T = TypeVar("T")


def get_owned(session: Session, model: type[T], object_id: str, user: User) -> T:
    """The row ``object_id`` of ``model`` if ``user`` owns it.

    :raise NotFound: when it does not exist or belongs to someone else.
    """
    row: Any = session.get(model, object_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"No {model.__name__.lower()} with id {object_id!r}.")
    found: T = row
    return found
