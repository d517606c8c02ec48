"""What the API document says about one route: :class:`Operation` and its :class:`Reply` answers,
and the :func:`operation` decorator that puts one next to its route.

Kept apart from :mod:`api.openapi` (which assembles the document from these and from
``api/openapi_table.py``) so that the route modules and the table, which imports route modules for
their request models, depend on this module only: the imports run one way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])

#: Attribute the :func:`operation` decorator sets on a view function.
VIEW_ATTRIBUTE = "openapi_operation"

#: Who may call an operation: a bearer token (``bearer``), anyone (``public``),
#: anyone with extras for a signed-in caller (``optional``), admins only (``admin``).
Auth = Literal["bearer", "public", "optional", "admin"]


@dataclass(frozen=True)
class Reply:
    """One documented response: a model, or a raw schema for non-JSON content."""

    model: type[BaseModel] | None = None
    media_type: str = "application/json"
    #: Raw JSON schema when there is no model (text, files); ``None`` with no model = no body.
    schema: Mapping[str, Any] | None = None
    description: str = ""
    #: Extra response headers, name → description (all strings).
    headers: Mapping[str, str] = field(default_factory=dict)
    #: More media types, each with its raw schema (e.g. an export's other formats).
    also: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    """What the document says about one method of one route."""

    summary: str
    tags: tuple[str, ...]
    #: Success (and notable) answers: status → model or :class:`Reply`.
    responses: Mapping[int, type[BaseModel] | Reply]
    auth: Auth = "bearer"
    description: str = ""
    #: Request body model, sent as ``body_media_type``.
    body: type[BaseModel] | None = None
    body_media_type: str = "application/json"
    #: Query string parameters: one per field of this model.
    query: type[BaseModel] | None = None
    #: Path parameter name → description (the schema comes from the URL rule).
    path_params: Mapping[str, str] = field(default_factory=dict)
    #: Optional request headers (strings), name → description.
    header_params: Mapping[str, str] = field(default_factory=dict)
    #: Error statuses worth listing besides the ones implied (401 for auth, 404 for ids, 422 for input).
    errors: tuple[int, ...] = ()


def operation(**kwargs: Any) -> Callable[[F], F]:
    """Attach an :class:`Operation` to a view function (either side of the route decorator)."""
    op = Operation(**kwargs)

    def mark(view: F) -> F:
        setattr(view, VIEW_ATTRIBUTE, op)
        return view

    return mark
