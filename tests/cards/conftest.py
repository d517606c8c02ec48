"""Fixtures of the card API tests: the Flask test client on a migrated real database (both backends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from api import create_app
from config import Settings, load_settings
from tests.database import migrate_head


@pytest.fixture
def api_settings(db_settings: Settings) -> Settings:
    # Limits have their own tests; here many accounts are registered from one IP within seconds.
    settings = load_settings(**{**db_settings.model_dump(), "rate_limits_enabled": False}, _env_file=None)
    migrate_head(settings)
    return settings


@pytest.fixture
def client(api_settings: Settings) -> Iterator[FlaskClient]:
    with create_app(api_settings).test_client() as client:
        yield client
