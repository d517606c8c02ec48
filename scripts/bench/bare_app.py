"""The baseline of ``job_read``: a bare Flask route answering a job-sized JSON body, no auth,
no database, no limits. Served by gunicorn with Deckhand's own gunicorn.conf.py, so the two
differ only in what the app does per request."""

from __future__ import annotations

from flask import Flask, jsonify
from flask.typing import ResponseReturnValue

#: Roughly the size and shape of a job answer.
BODY = {
    "id": "0" * 32,
    "state": "running",
    "stage": "generating",
    "progress": {"chunks_total": 12, "chunks_done": 5, "percent": 41},
    "links": {"self": "/api/v1/jobs/" + "0" * 32},
}


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/api/v1/jobs/<job_id>")
    def job(job_id: str) -> ResponseReturnValue:
        return jsonify({**BODY, "id": job_id})

    return app
