"""Settings: one object, strict parsing, one clear error, every setting documented."""

from __future__ import annotations

import re

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
    keys = [k.get_secret_value() for k in settings.provider_options(name.lower()).api_keys]
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
    assert [k.get_secret_value() for k in settings.mistral.api_keys] == ["m-a", "m-1", "m-2"]


def test_numbered_keys_are_replaced_like_any_setting_by_a_higher_layer(monkeypatch):
    # Constructor arguments win over the environment for the whole key list, as for any field.
    monkeypatch.setenv("KIWI_API_KEY_1", "from-env")
    settings = load_settings(_env_file=None, kiwi_api_keys=["given"])
    assert [k.get_secret_value() for k in settings.kiwi.api_keys] == ["given"]
    # Variables that only look alike are not keys.
    monkeypatch.setenv("KIWI_API_KEY_X", "not-a-key")
    monkeypatch.setenv("UNKNOWN_API_KEY_1", "not-a-key")
    settings = load_settings(_env_file=None)
    assert [k.get_secret_value() for k in settings.kiwi.api_keys] == ["from-env"]


def test_a_key_listed_twice_is_kept_once(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEYS", "sk-a,sk-b,sk-a")
    settings = load_settings(_env_file=None)
    assert [k.get_secret_value() for k in settings.openai.api_keys] == ["sk-a", "sk-b"]


def _documented_provider_variables() -> list[str]:
    """The provider variables docs/configuration.md lists (NAME_FIELD for each provider NAME)."""
    from config.providers import PROVIDER_NAMES

    listed = re.findall(r"^\| `([A-Z0-9_]+)` \|", DOC.read_text(), flags=re.MULTILINE)
    return [v for v in listed if v.split("_", 1)[0].lower() in PROVIDER_NAMES]


#: A value for each provider field, as the environment spells it, and what the nested field must hold.
PROVIDER_FIELD_VALUES: dict[str, tuple[str, object]] = {
    "API_KEYS": ("key-one, key-two", ["key-one", "key-two"]),
    "MODEL": ("some-model", "some-model"),
    "BASE_URL": ("http://llm.example.test/v1", "http://llm.example.test/v1"),
    "TIMEOUT_S": ("7.5", 7.5),
    "DAILY_TOKEN_BUDGET": ("1234", 1234),
}


def _nested_value(settings: Settings, variable: str) -> tuple[object, object]:
    """(the value ``variable`` reached in its provider's nested model, the one expected)."""
    name, _, field = variable.partition("_")
    _raw, expected = PROVIDER_FIELD_VALUES[field]
    value = getattr(settings.provider_options(name.lower()), field.lower())
    if field == "API_KEYS":
        value = [k.get_secret_value() for k in value]
    return value, expected


def test_the_reference_documents_every_field_of_every_provider():
    from config.providers import PROVIDER_NAMES

    documented = _documented_provider_variables()
    expected = [f"{name.upper()}_{field}" for name in PROVIDER_NAMES for field in PROVIDER_FIELD_VALUES]
    assert sorted(documented) == sorted(expected)


@pytest.mark.parametrize("variable", _documented_provider_variables())
def test_each_documented_provider_variable_reaches_its_nested_field(monkeypatch, tmp_path, variable):
    from config.providers import PRESETS

    name, _, field = variable.partition("_")
    raw, _expected = PROVIDER_FIELD_VALUES[field]
    # from the environment
    monkeypatch.setenv(variable, raw)
    from_env = load_settings(_env_file=None)
    value, expected = _nested_value(from_env, variable)
    assert value == expected
    if field != "MODEL":  # a provider given one variable keeps its own default model
        assert from_env.provider_options(name.lower()).model == PRESETS[name.lower()].default_model
    # from a .env file
    monkeypatch.delenv(variable)
    env_file = tmp_path / ".env"
    env_file.write_text(f"{variable}={raw}\n")
    value, expected = _nested_value(load_settings(_env_file=env_file), variable)
    assert value == expected
    # as a constructor argument (the lower-case name), over the environment
    monkeypatch.setenv(variable, "99" if field in ("TIMEOUT_S", "DAILY_TOKEN_BUDGET") else "from-env")
    value, expected = _nested_value(load_settings(_env_file=None, **{variable.lower(): raw}), variable)
    assert value == expected


def test_a_provider_variable_set_in_two_layers_merges_field_by_field(monkeypatch):
    monkeypatch.setenv("KIWI_TIMEOUT_S", "3")
    monkeypatch.setenv("KIWI_MODEL", "env-model")
    settings = load_settings(_env_file=None, kiwi_model="given-model", kiwi_api_keys=["k"])
    assert (settings.kiwi.timeout_s, settings.kiwi.model) == (3.0, "given-model")
    assert [k.get_secret_value() for k in settings.kiwi.api_keys] == ["k"]
    # a dump of the settings plus a flat override changes that field only
    again = load_settings(_env_file=None, **{**settings.model_dump(), "kiwi_timeout_s": 9})
    assert (again.kiwi.timeout_s, again.kiwi.model) == (9.0, "given-model")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("OPENAI_TIMEOUT_S", "0"), ("KIWI_DAILY_TOKEN_BUDGET", "lots"), ("COMPAT_TIMEOUT_S", "-1")],
)
def test_a_bad_provider_variable_is_named_by_its_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    assert f"  {variable}: " in str(info.value)


def test_an_unknown_provider_is_a_clear_error():
    from config.providers import ProviderSettings

    with pytest.raises(KeyError, match="no provider 'gemini'"):
        load_settings(_env_file=None).provider_options("gemini")
    with pytest.raises(ConfigError, match="unknown provider"):
        load_settings(_env_file=None, llm_providers="openai,gemini")
    assert ProviderSettings.model_fields["kiwi"].description
