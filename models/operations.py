"""Operational records (maintenance runs, alerts). Owned by `ops/` and the scheduler."""

from __future__ import annotations
