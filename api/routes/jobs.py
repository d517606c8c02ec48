"""GET /api/v1/jobs/{id}: a job's state, stage, progress and outcome."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from api.auth import current_user
from api.owned import get_owned
from api.serializers import job_json
from api.state import state
from models import Document, Job
from models.db import session_scope

bp = Blueprint("jobs", __name__, url_prefix="/api/v1/jobs")


@bp.get("/<job_id>")
def get_job(job_id: str) -> ResponseReturnValue:
    with session_scope(state().engine) as session:
        job = get_owned(session, Job, job_id, current_user())
        document = session.get(Document, job.document_id)
    return jsonify(job_json(job, document))
