"""The per-process shortcuts of the request path give the answers of the long way round."""

from __future__ import annotations

import hashlib
import hmac
import random
import string

import pytest
from flask import Flask, g, request

from api.auth import token_digest
from api.context import current_flask_app, current_g, current_request
from config import Settings, load_settings
from logs import _MAY_HOLD_SECRET, _MAY_HOLD_SECRET_RE, redact


def _settings(secret: str, tmp_path_name: str) -> Settings:
    return load_settings(env="test", secret_key=secret, data_dir=tmp_path_name, _env_file=None)


def test_token_digest_is_the_hmac_of_the_current_secret_key(tmp_path: object) -> None:
    first = _settings("first-secret-key-0123456789abcdef0123", str(tmp_path))
    second = _settings("second-secret-key-0123456789abcdef012", str(tmp_path))
    tokens = ["dh_" + "a" * 40, "dh_" + "b" * 40, "dhk_0123456789abcdefABCDEF"]
    for settings in (first, second, first):  # the keyed HMAC kept per key is never reused for another
        key = settings.secret_key.get_secret_value().encode()
        for token in tokens:
            expected = hmac.new(key, token.encode(), hashlib.sha256).hexdigest()
            assert token_digest(settings, token) == expected
    assert token_digest(first, tokens[0]) != token_digest(second, tokens[0])


def test_the_secret_pretest_finds_exactly_what_the_word_list_finds() -> None:
    rng = random.Random(16)
    alphabet = string.ascii_letters + string.digits + " :/_-=.'\"İK"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for word in _MAY_HOLD_SECRET:  # each word, in any case, anywhere in a line
        texts += [word, word.upper(), f"x {word.title()} y", f"{word[:-1]} {word[-1]}"]
    for text in texts:
        lowered = text.lower()
        found = _MAY_HOLD_SECRET_RE.search(lowered) is not None
        assert found == any(word in lowered for word in _MAY_HOLD_SECRET), text


def test_a_line_without_any_secret_word_is_left_as_it_is_and_one_with_a_secret_is_redacted() -> None:
    assert redact("GET /api/v1/jobs/0123abcd 200") == "GET /api/v1/jobs/0123abcd 200"
    assert redact("PASSWORD=hunter2hunter2") == "PASSWORD=[REDACTED]"


def test_the_context_helpers_are_the_objects_behind_the_proxies() -> None:
    app = Flask(__name__)
    with app.test_request_context("/x?y=1", headers={"X-Request-ID": "abcdefgh"}):
        assert current_request() is request._get_current_object()
        assert current_request().headers["X-Request-ID"] == "abcdefgh"
        assert current_flask_app() is app
        current_g().seen = 1
        assert g.seen == 1


def test_the_context_helpers_refuse_outside_a_request() -> None:
    with pytest.raises(RuntimeError):
        current_request()
    with pytest.raises(RuntimeError):
        current_g()
    with pytest.raises(RuntimeError):
        current_flask_app()
