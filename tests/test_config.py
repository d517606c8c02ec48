"""Settings: one object, strict parsing, one clear error, every setting documented."""

from __future__ import annotations

import pytest

from config import ConfigError, Settings, load_settings
from scripts.gen_config_docs import DOC, render


def test_every_setting_has_a_description():
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []


def test_configuration_reference_is_up_to_date():
    assert DOC.read_text() == render(), "run: .venv/bin/python -m scripts.gen_config_docs"


def test_every_bad_variable_is_named_in_one_error(monkeypatch):
    monkeypatch.setenv("PORT", "not-a-port")
    monkeypatch.setenv("MAX_UPLOAD_MB", "0")
    monkeypatch.setenv("ENV", "staging-ish")
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert "PORT" in message and "MAX_UPLOAD_MB" in message and "ENV" in message


def test_postgres_urls_use_psycopg3(tmp_path):
    settings = load_settings(database_url="postgres://u:p@db:5432/deckhand", _env_file=None)
    assert settings.sqlalchemy_url == "postgresql+psycopg://u:p@db:5432/deckhand"
    default = load_settings(data_dir=tmp_path, _env_file=None)
    assert default.sqlalchemy_url == f"sqlite:///{tmp_path.resolve() / 'deckhand.db'}"


def test_every_setting_appears_in_exactly_one_section_of_the_reference():
    from scripts.gen_config_docs import SECTIONS

    listed = [name for _title, cls, _services in SECTIONS for name in cls.model_fields]
    assert sorted(listed) == sorted(Settings.model_fields)
