"""Security events and blocks. Owned by `api/` (accounts and limits)."""

from __future__ import annotations
