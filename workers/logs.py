"""Logging setup shared by the API, workers and CLI: one line per event, key=value."""

from __future__ import annotations

import logging
import sys

from config import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(settings: Settings) -> None:
    """Set the level; add a handler only where nobody did (Dramatiq's CLI and pytest install their own)."""
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    if root.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
