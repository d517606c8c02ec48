"""Request parsing with pydantic; every failure becomes ValidationFailed with invalid_params."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from errors import BadRequest, ValidationFailed

M = TypeVar("M", bound=BaseModel)


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
    if not isinstance(data, dict):
        raise BadRequest(
            "The request body must be a JSON object.", hint="Send Content-Type: application/json."
        )
    return parse_model(model, data)
