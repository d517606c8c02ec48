"""Feedback from the web app: a signed-in person sends a message; admins list them.

``POST /api/v1/feedback`` is limited per account (``RATE_LIMIT_FEEDBACK``). Admins read
the messages at ``GET /api/v1/admin/feedback`` or on the ``/ops/feedback`` page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import col, select

from api.auth import current_user, require_admin
from api.openapi_operation import Reply, operation
from api.schemas import Strict
from api.state import state
from api.validation import json_body, parse_model
from models import User
from models.db import session_scope
from models.feedback import MESSAGE_MAX_CHARS, PAGE_MAX_CHARS, Feedback

bp = Blueprint("feedback", __name__)

Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MESSAGE_MAX_CHARS)]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: Message = Field(description="What the person wants to tell us.")
    page: str | None = Field(None, max_length=PAGE_MAX_CHARS, description="The app page it was sent from.")


class FeedbackOut(Strict):
    id: int
    message: str
    page: str | None
    created_at: datetime
    user_id: int | None = None
    email: str | None = None


class FeedbackListOut(Strict):
    feedback: list[FeedbackOut]


class FeedbackQuery(BaseModel):
    limit: int = Field(100, ge=1, le=500, description="Most messages, newest first.")


def feedback_json(row: Feedback, email: str | None = None, *, admin: bool = False) -> dict[str, object]:
    body: dict[str, object] = {
        "id": row.id,
        "message": row.message,
        "page": row.page,
        "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
    }
    if admin:
        body.update(user_id=row.user_id, email=email)
    return body


@bp.post("/api/v1/feedback")
@operation(
    summary="Send feedback",
    description="Stores a message for the team; limited per account (RATE_LIMIT_FEEDBACK).",
    tags=("feedback",),
    body=FeedbackIn,
    responses={201: Reply(model=FeedbackOut, description="Stored.")},
)
def send_feedback() -> ResponseReturnValue:
    body = json_body(FeedbackIn)
    user = current_user()
    with session_scope(state().engine) as session:
        row = Feedback(user_id=user.id, message=body.message, page=body.page)
        session.add(row)
        session.flush()
        payload = feedback_json(row)
    return jsonify(payload), 201


@bp.get("/api/v1/admin/feedback")
@operation(
    summary="Feedback messages (admin)",
    tags=("feedback",),
    auth="admin",
    query=FeedbackQuery,
    responses={200: FeedbackListOut},
    errors=(403,),
)
def list_feedback() -> ResponseReturnValue:
    require_admin()
    params = parse_model(FeedbackQuery, dict(request.args))
    return jsonify(feedback=recent_feedback(params.limit))


def recent_feedback(limit: int) -> list[dict[str, object]]:
    """The newest ``limit`` messages with their senders' emails (for the admin route and /ops)."""
    with session_scope(state().engine) as session:
        rows = session.exec(
            select(Feedback, User.email)
            .join(User, col(User.id) == col(Feedback.user_id), isouter=True)
            .order_by(col(Feedback.created_at).desc(), col(Feedback.id).desc())
            .limit(limit)
        ).all()
        return [feedback_json(row, email, admin=True) for row, email in rows]
