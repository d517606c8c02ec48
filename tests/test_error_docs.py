"""docs/errors.md is generated from the error classes and must not go stale."""

from __future__ import annotations

from errors import all_error_classes
from scripts.gen_error_docs import DOC, render


def test_error_reference_is_up_to_date():
    assert DOC.read_text() == render(), "run: .venv/bin/python -m scripts.gen_error_docs (or make docs)"


def test_every_error_class_is_documented_with_status_meaning_and_hint():
    page = DOC.read_text()
    for cls in all_error_classes():
        row = next((line for line in page.splitlines() if line.startswith(f"| `{cls.code}` |")), None)
        assert row is not None, cls.code
        assert f"| {cls.status} |" in row
        assert cls.code == "error" or cls.hint, f"{cls.__name__} has no hint"


def test_codes_are_unique_and_snake_case():
    codes = [cls.code for cls in all_error_classes()]
    assert len(codes) == len(set(codes))
    assert all(code.replace("_", "").isalnum() and code == code.lower() for code in codes)


def test_every_code_the_http_error_handler_can_answer_is_documented():
    """Flask's own errors, the ``http_error`` fallback included, each have a row."""
    from werkzeug.exceptions import default_exceptions

    from api.errors import FALLBACK_HTTP_CODE, http_code_for

    page = DOC.read_text()
    codes = {http_code_for(status)[0] for status in default_exceptions} | {FALLBACK_HTTP_CODE[0]}
    missing = [code for code in sorted(codes) if f"| `{code}` |" not in page]
    assert missing == [], f"not in docs/errors.md: {missing}"


def test_an_unlisted_status_answers_the_documented_fallback(settings):
    """A status api/errors.py has no code for (410 here) answers ``http_error``, as the page says."""
    from werkzeug.exceptions import Gone

    from api import create_app

    app = create_app(settings)

    def gone() -> None:
        raise Gone()

    app.add_url_rule("/test-gone", "test_gone", gone)
    response = app.test_client().get("/test-gone")
    assert response.status_code == 410 and response.mimetype == "application/problem+json"
    code = response.get_json()["code"]
    assert code == "http_error"
    row = next(line for line in DOC.read_text().splitlines() if line.startswith(f"| `{code}` |"))
    assert "410" in row and "any other" in row
