"""Logging setup shared by the API, workers and CLI: one line per event, key=value."""

from __future__ import annotations

import logging
import sys

from config import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(settings: Settings) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_deckhand", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._deckhand = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(settings.log_level)
