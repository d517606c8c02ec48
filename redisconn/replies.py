"""Redis replies as text: a client without ``decode_responses`` answers bytes, one with it str."""

from __future__ import annotations


def as_text(value: object) -> str:
    """A reply (or one of its fields) as text; ``""`` for a missing one."""
    if value is None:
        return ""
    return value.decode() if isinstance(value, bytes) else str(value)
