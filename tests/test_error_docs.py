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
