"""The one settings object.

Settings are read from the environment (and an optional ``.env`` file) once, by
:func:`get_settings`, and passed to whatever needs them. Nothing else in Deckhand
reads ``os.environ``. Each area declares its fields in its own mixin module so
that ``docs/configuration.md`` can be generated from the field descriptions.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import ValidationError, model_validator
from pydantic_settings import SettingsConfigDict

from config.cards import CardSettings
from config.core import DEV_SECRET_KEY, CoreSettings
from config.deploy import DeploySettings
from config.documents import DocumentSettings
from config.http import HttpSettings
from config.monitoring import MonitoringSettings
from config.operations import OperationsSettings
from config.providers import ProviderSettings
from config.security import SecuritySettings

__all__ = ["DEV_SECRET_KEY", "PROJECT_DIR", "ConfigError", "Settings", "get_settings", "load_settings"]

#: The Deckhand checkout (where `make run` runs): home of the default DATA_DIR and of `.env`.
PROJECT_DIR = Path(__file__).resolve().parents[1]


class ConfigError(Exception):
    """Raised when one or more environment variables are missing or malformed."""


class Settings(
    CoreSettings,
    DocumentSettings,
    CardSettings,
    ProviderSettings,
    SecuritySettings,
    HttpSettings,
    OperationsSettings,
    MonitoringSettings,
    DeploySettings,
):
    """Every setting of Deckhand, one field per environment variable (upper-cased)."""

    # The checkout's .env first, then one in the current directory (which wins): a command run
    # from another directory still sees the settings `make run` uses.
    model_config = SettingsConfigDict(
        env_file=(PROJECT_DIR / ".env", ".env"), env_file_encoding="utf-8", extra="ignore"
    )

    @model_validator(mode="after")
    def _anchor_default_data_dir(self) -> Settings:
        # Why: the default DATA_DIR ('var') was relative to the current directory, so a command
        # run elsewhere looked at (and created) another, empty database. The default now means
        # the checkout's var/, wherever the command runs; an explicit DATA_DIR is taken as given.
        if "data_dir" not in self.model_fields_set and not self.data_dir.is_absolute():
            self.data_dir = PROJECT_DIR / self.data_dir
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with Render/Heroku-style schemes mapped to psycopg 3."""
        url = self.database_url or f"sqlite:///{(self.data_dir / 'deckhand.db').resolve()}"
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment plus ``overrides``; one clear error for all bad variables."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = "_".join(str(p) for p in err["loc"]).upper() or "?"
            lines.append(f"  {name}: {err['msg']}")
        raise ConfigError("Invalid configuration:\n" + "\n".join(lines)) from None


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
