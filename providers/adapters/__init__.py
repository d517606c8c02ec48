"""One adapter per SDK: build the request in the provider's native structured-output form,
make exactly one HTTP attempt, and turn every failure into a :mod:`providers.errors` class."""

from __future__ import annotations

from providers.adapters.base import Adapter, RawAnswer, make_adapter, make_http_client

__all__ = ["Adapter", "RawAnswer", "make_adapter", "make_http_client"]
