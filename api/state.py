"""What the API process holds: settings, the database engine, Redis and the broker."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import dramatiq
from flask import Flask, current_app
from sqlalchemy import Engine

from config import Settings
from taskqueue.broker import build_broker


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    _broker: dramatiq.Broker | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def broker(self) -> dramatiq.Broker:
        """Built on first use, so an app that never enqueues never touches Redis."""
        with self._lock:
            if self._broker is None:
                self._broker = build_broker(self.settings)
            return self._broker


def init_app(app: Flask, state: AppState) -> None:
    app.extensions["deckhand"] = state


def state() -> AppState:
    found: AppState = current_app.extensions["deckhand"]
    return found
