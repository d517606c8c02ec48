"""HTTP transport: CORS, proxy hops, security headers, request limits and logging. Owned by `api/`."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class HttpSettings(BaseSettings):
    """HTTP transport: CORS, proxy hops, security headers, request limits and logging."""
