"""POST /api/v1/documents: upload a document and start a job."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Literal

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.auth import current_user
from api.security_events import monitor
from api.serializers import job_json
from api.state import state
from api.uploads import discard, sanitize_filename, store_stream
from api.validation import SingleLine, parse_model
from cards.budget import requested_options
from documents import detect_kind
from errors import ValidationFailed
from jobs.use_cases import start_job
from models import Document
from models.db import session_scope
from models.deck import TITLE_MAX_LENGTH
from quotas import check_upload_quota

logger = logging.getLogger(__name__)
bp = Blueprint("documents", __name__, url_prefix="/api/v1/documents")

CARD_KINDS = ("basic", "cloze", "reversed")
#: Longest ``focus`` hint (it goes into every chunk's prompt).
FOCUS_MAX_LENGTH = 200


class UploadOptions(BaseModel):
    """The form fields that may accompany the file (any other field is refused, as in JSON bodies)."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLine | None = Field(None, max_length=TITLE_MAX_LENGTH)
    max_cards: int | None = Field(None, ge=1)
    kinds: list[str] | None = None
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")
    focus: SingleLine | None = Field(None, max_length=FOCUS_MAX_LENGTH)
    difficulty: Literal["easy", "medium", "hard"] | None = None

    @field_validator("focus", "difficulty", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        # A form sends an unused field as "": that is no hint, not an empty one.
        if isinstance(value, str):
            return " ".join(value.split()) or None
        return value

    @field_validator("kinds", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        return value

    @field_validator("kinds")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        unknown = [k for k in value or [] if k not in CARD_KINDS]
        if unknown:
            raise ValueError(f"unknown card kinds {unknown}; use {', '.join(CARD_KINDS)}")
        return value


def job_options(options: UploadOptions, title: str, max_cards_limit: int) -> dict[str, object]:
    """The job's options; without ``max_cards`` the deck's size is fixed by the document's words at ingest."""
    max_cards = options.max_cards
    if max_cards is not None and max_cards > max_cards_limit:
        raise ValidationFailed(
            f"max_cards may be at most {max_cards_limit}.",
            invalid_params=[{"name": "max_cards", "reason": f"at most {max_cards_limit}"}],
        )
    return {
        "title": title,
        **requested_options(max_cards),
        "kinds": options.kinds or ["basic", "cloze"],
        "language": options.language,
        "focus": options.focus,
        "difficulty": options.difficulty,
    }


def derived_title(filename: str) -> str:
    """The deck title from the file name: its stem, cut to the column's length."""
    stem = Path(filename).stem.strip()[:TITLE_MAX_LENGTH].rstrip()
    return stem or "Deck"


def _one_part_each() -> None:
    """One file part named ``file`` and each option at most once, as a JSON object would."""
    # A part may come without a name (None): it is refused as an unnamed field.
    problems = [
        {"name": name or "", "reason": "unknown file field; send the document as 'file'"}
        for name in request.files
        if name != "file"
    ]
    if len(request.files.getlist("file")) > 1:
        problems.append({"name": "file", "reason": "send one file per upload"})
    problems += [
        {"name": name or "", "reason": "sent more than once"}
        for name in request.form
        if len(request.form.getlist(name)) > 1
    ]
    if problems:
        names = ", ".join(repr(p["name"]) for p in problems)
        raise ValidationFailed(f"Invalid form fields: {names}.", invalid_params=problems)


@bp.post("")
def upload() -> ResponseReturnValue:
    user = current_user()
    settings = state().settings
    with session_scope(state().engine) as session:  # 429 quota_exceeded before the body is read
        check_upload_quota(session, monitor().client(), settings, user)
    upload_file = request.files.get("file")
    if upload_file is None:
        raise ValidationFailed(
            "The request has no file.",
            hint="Send multipart/form-data with the document in a field named 'file'.",
            invalid_params=[{"name": "file", "reason": "required"}],
        )
    _one_part_each()
    options = parse_model(UploadOptions, request.form.to_dict())
    filename = sanitize_filename(upload_file.filename)

    document_id = uuid.uuid4().hex
    storage = Path(str(user.id)) / document_id
    target = settings.uploads_dir / storage
    stored = store_stream(upload_file.stream, target, settings.max_upload_bytes)
    try:
        kind = detect_kind(stored.path, filename)
    except BaseException:
        discard(stored.path)  # nothing is kept for a rejected upload
        raise

    assert user.id is not None
    document = Document(
        id=document_id,
        user_id=user.id,
        filename=filename,
        kind=kind.value,
        size_bytes=stored.size,
        sha256=stored.sha256,
        storage_path=str(storage),
    )
    title = options.title or derived_title(filename)
    opts = job_options(options, title, settings.max_cards_limit)
    try:
        app_state = state()
        job, _deck = start_job(app_state.engine, settings, app_state.broker, document, opts, stored.path)
    except BaseException:
        discard(stored.path)
        raise
    response = jsonify(job_json(job, document))
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return response
