"""Spaced-repetition state and review logs. Owned by `cards/`."""

from __future__ import annotations
