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


@pytest.mark.parametrize(
    "name", ["OPENAI", "ANTHROPIC", "MISTRAL", "KIWI", "OPENROUTER", "OLLAMA", "VLLM", "COMPAT"]
)
def test_numbered_key_variables_are_merged_after_the_list(monkeypatch, name):
    monkeypatch.setenv(f"{name}_API_KEYS", "listed-a, listed-b")
    monkeypatch.setenv(f"{name}_API_KEY_10", "numbered-10")  # numeric order, not text order
    monkeypatch.setenv(f"{name}_API_KEY_2", "numbered-2")
    monkeypatch.setenv(f"{name}_API_KEY_1", "numbered-1")
    monkeypatch.setenv(f"{name}_API_KEY", "single")
    monkeypatch.setenv(f"{name}_API_KEY_3", "listed-b")  # a duplicate is dropped
    monkeypatch.setenv(f"{name}_API_KEY_4", "")  # an empty one is ignored
    settings = load_settings(_env_file=None)
    keys = [k.get_secret_value() for k in getattr(settings, f"{name.lower()}_api_keys")]
    assert keys == ["listed-a", "listed-b", "single", "numbered-1", "numbered-2", "numbered-10"]


def test_numbered_keys_alone_configure_a_provider(monkeypatch):
    from providers.config import fingerprint, provider_configs

    monkeypatch.delenv("ANTHROPIC_API_KEYS", raising=False)
    monkeypatch.setenv("LLM_PROVIDERS", "anthropic")
    monkeypatch.setenv("ANTHROPIC_API_KEY_1", "sk-ant-one")
    monkeypatch.setenv("ANTHROPIC_API_KEY_2", "sk-ant-two")
    (config,) = provider_configs(load_settings(_env_file=None))
    assert config.keys == ("sk-ant-one", "sk-ant-two")
    assert config.fingerprints == (fingerprint("sk-ant-one"), fingerprint("sk-ant-two"))


def test_numbered_keys_from_the_env_file(tmp_path, monkeypatch):
    for var in ("MISTRAL_API_KEYS", "MISTRAL_API_KEY", "MISTRAL_API_KEY_1", "MISTRAL_API_KEY_2"):
        monkeypatch.delenv(var, raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("MISTRAL_API_KEYS=m-a\nMISTRAL_API_KEY_2=m-2\nMISTRAL_API_KEY_1=m-1\n")
    settings = load_settings(_env_file=env_file)
    assert [k.get_secret_value() for k in settings.mistral_api_keys] == ["m-a", "m-1", "m-2"]


def test_numbered_keys_are_replaced_like_any_setting_by_a_higher_layer(monkeypatch):
    # Constructor arguments win over the environment for the whole key list, as for any field.
    monkeypatch.setenv("KIWI_API_KEY_1", "from-env")
    settings = load_settings(_env_file=None, kiwi_api_keys=["given"])
    assert [k.get_secret_value() for k in settings.kiwi_api_keys] == ["given"]
    # Variables that only look alike are not keys.
    monkeypatch.setenv("KIWI_API_KEY_X", "not-a-key")
    monkeypatch.setenv("UNKNOWN_API_KEY_1", "not-a-key")
    settings = load_settings(_env_file=None)
    assert [k.get_secret_value() for k in settings.kiwi_api_keys] == ["from-env"]


def test_a_key_listed_twice_is_kept_once(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEYS", "sk-a,sk-b,sk-a")
    settings = load_settings(_env_file=None)
    assert [k.get_secret_value() for k in settings.openai_api_keys] == ["sk-a", "sk-b"]
