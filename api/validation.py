"""Request parsing with pydantic; every failure becomes ValidationFailed with invalid_params."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, TypeVar

from flask import request
from pydantic import AfterValidator, BaseModel, ValidationError

from errors import BadRequest, ValidationFailed

M = TypeVar("M", bound=BaseModel)


def _controls(value: str, allowed: str = "") -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value)


def single_line(value: str) -> str:
    """Titles, tags, names: no control character at all (NUL, CR, LF, ESC…)."""
    if _controls(value):
        raise ValueError("must not contain control characters or line breaks")
    return value


def multi_line(value: str) -> str:
    """Card text: line breaks (CR LF and CR become LF) and tabs, no other control character."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _controls(value, allowed="\n\t"):
        raise ValueError("must not contain control characters other than line breaks and tabs")
    return value


#: A text field shown on one line; refused with a control character in it.
SingleLine = Annotated[str, AfterValidator(single_line)]
#: A text field that may span lines; other control characters are refused.
MultiLine = Annotated[str, AfterValidator(multi_line)]


def invalid_params(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"name": ".".join(str(p) for p in err["loc"]) or "body", "reason": err["msg"]} for err in exc.errors()
    ]


def parse_model(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        params = invalid_params(exc)
        names = ", ".join(p["name"] for p in params)
        raise ValidationFailed(f"Invalid fields: {names}.", invalid_params=params) from None


def json_body(model: type[M]) -> M:
    data = request.get_json(silent=True)
    if data is None and request.get_data(cache=True).strip():
        raise BadRequest(
            "The request body is not valid JSON (or is nested too deeply).",
            hint="Send one JSON object with Content-Type: application/json.",
        )
    if not isinstance(data, dict):
        raise BadRequest(
            "The request body must be a JSON object.", hint="Send Content-Type: application/json."
        )
    return parse_model(model, data)
