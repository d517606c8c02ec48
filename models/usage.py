"""Provider usage records (flushed from Redis counters). Owned by `providers/`."""

from __future__ import annotations
