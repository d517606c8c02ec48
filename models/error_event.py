"""Server errors aggregated by fingerprint. Owned by `api/errors`."""

from __future__ import annotations
