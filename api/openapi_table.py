"""OpenAPI entries of the routes whose modules do not carry an ``@operation`` decorator.

Keyed by Flask endpoint (``"blueprint.function"``). A new route may get its
entry here or, better, with ``@api.openapi.operation(...)`` next to it; see
``api/openapi.py``. Request models are the routes' own, referenced not copied.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.openapi_operation import Operation, Reply
from api.routes.auth import Credentials, NewApiKey
from api.schemas import (
    ApiKeyList,
    DeckDetail,
    DeckList,
    ExportFile,
    ExportQuery,
    JobChunks,
    JobOut,
    Liveness,
    MeOut,
    NewApiKeyOut,
    ProviderHealth,
    Readiness,
    SignedOutEverywhere,
    TokenOut,
    UploadForm,
)


class EventsQuery(BaseModel):
    last_event_id: str | None = Field(
        None,
        pattern=r"^\d{1,20}-\d{1,20}$",
        description="Resume after this event id (same as the Last-Event-ID header).",
    )


JOB_ID = "The job's id (another account's answers 404)."
DECK_ID = "The deck's id (another account's answers 404)."
TEXT_FILE = {"type": "string"}
NO_CONTENT = Reply(description="Done; no body.")
#: One Server-Sent Event of a progress stream (schemathesis checks each event against it).
SSE_EVENT = {
    "type": "object",
    "properties": {
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "JSON: kind (snapshot, stage, chunk, end), state, stage, progress, cards_count…",
        },
        "event": {"type": "string"},
        "id": {"type": "string", "pattern": "^\\d+-\\d+$"},
        "retry": {"type": "integer"},
    },
}

OPERATIONS: dict[str, Operation] = {
    # --- health ---
    "health.healthz": Operation(
        summary="Liveness",
        description="Answers while the process runs; checks no dependency.",
        tags=("health",),
        auth="public",
        responses={200: Liveness},
    ),
    # --- this reference ---
    "apidocs.openapi_json": Operation(
        summary="This OpenAPI 3.1 document",
        tags=("meta",),
        auth="public",
        responses={200: Reply(schema={"type": "object", "required": ["openapi", "info", "paths"]})},
    ),
    "apidocs.docs": Operation(
        summary="The browsable API reference (HTML)",
        tags=("meta",),
        auth="public",
        responses={200: Reply(media_type="text/html", schema={"type": "string"})},
    ),
    "health.readyz": Operation(
        summary="Readiness",
        description="Checks the database, migrations, Redis and workers; 503 when one required check fails.",
        tags=("health",),
        auth="public",
        responses={200: Readiness, 503: Reply(model=Readiness, description="Not ready; see checks.")},
    ),
    "provider_health.provider_health": Operation(
        summary="LLM provider health",
        description="Public; an admin's token adds each key's state (by fingerprint).",
        tags=("health",),
        auth="optional",
        responses={200: ProviderHealth},
        errors=(503,),
    ),
    "metrics.metrics": Operation(
        summary="Prometheus metrics",
        description="Prometheus text exposition (0.0.4). Needs a bearer token: METRICS_TOKEN or an "
        "admin's token; a client in METRICS_ALLOWED_NETWORKS may omit it. Without either: 401; a "
        "non-admin token: 403.",
        tags=("health",),
        auth="bearer",
        responses={200: Reply(media_type="text/plain", schema={"type": "string"})},
        errors=(401, 403, 404),
    ),
    # --- accounts ---
    "auth.register": Operation(
        summary="Create an account",
        description="Answers with a bearer token, shown once.",
        tags=("auth",),
        auth="public",
        body=Credentials,
        responses={201: TokenOut},
        errors=(409,),
    ),
    "auth.sign_in": Operation(
        summary="Sign in",
        description="Exchanges email and password for a new bearer token.",
        tags=("auth",),
        auth="public",
        body=Credentials,
        responses={200: TokenOut, 401: Reply(description="Wrong email or password (problem+json).")},
    ),
    "auth.sign_out": Operation(
        summary="Sign out (revoke this token)",
        tags=("auth",),
        responses={204: NO_CONTENT},
    ),
    "auth.sign_out_everywhere": Operation(
        summary="Revoke every session of this account",
        description="API keys stay; revoke them one by one.",
        tags=("auth",),
        responses={200: SignedOutEverywhere},
    ),
    "auth.me": Operation(
        summary="Your account, token, quotas and rate limits",
        tags=("auth",),
        responses={200: MeOut},
    ),
    "auth.create_api_key": Operation(
        summary="Create an API key",
        description="Needs a session token (an API key cannot make keys). The key is shown once.",
        tags=("auth",),
        body=NewApiKey,
        responses={201: Reply(model=NewApiKeyOut, headers={"Location": "The key's URL."})},
        errors=(403, 409),
    ),
    "auth.list_api_keys": Operation(
        summary="Your API keys (never the keys themselves)",
        tags=("auth",),
        responses={200: ApiKeyList},
    ),
    "auth.revoke_api_key": Operation(
        summary="Revoke an API key",
        tags=("auth",),
        path_params={"key_id": "The key's id."},
        responses={204: NO_CONTENT},
    ),
    # --- documents and jobs ---
    "documents.upload": Operation(
        summary="Upload a document and start a job",
        description=(
            "The file is streamed to storage and its type judged from its bytes. Answers 202 with the "
            "job; follow `Location`. 503 `dependency_unavailable` when the job queue is unreachable "
            "(nothing was stored)."
        ),
        tags=("documents",),
        body=UploadForm,
        body_media_type="multipart/form-data",
        responses={202: Reply(model=JobOut, headers={"Location": "The job's URL."})},
        errors=(413, 415, 503),
    ),
    "jobs.get_job": Operation(
        summary="A job's state, progress and outcome",
        description=(
            "The read to poll. Every answer carries an `ETag`; send it back in `If-None-Match` and an "
            "unchanged job answers `304 Not Modified` with no body (any change to the job, by the API or "
            "a worker, gives a new ETag at once). `eta_s` is the estimate made when the job last changed "
            "(at most `JOB_CACHE_S` plus `GATE_MIRROR_S` old)."
        ),
        tags=("jobs",),
        path_params={"job_id": JOB_ID},
        header_params={"If-None-Match": "The `ETag` of an earlier answer: 304 while the job is unchanged."},
        responses={
            200: Reply(model=JobOut, headers={"ETag": "This version of the job (strong validator)."}),
            304: Reply(
                description="Not Modified: the job is as in the ETag sent.",
                headers={"ETag": "The same ETag."},
            ),
        },
    ),
    "jobs.chunks": Operation(
        summary="A job's chunks: who made their cards, and every provider attempt",
        description=(
            "Per chunk: status, card budget, cards, the provider and model that made them (`offline` for "
            "the offline generator), `degraded`, and each provider call (provider, model, key fingerprint, "
            "outcome, latency, tokens), including calls of deliveries that were retried later."
        ),
        tags=("jobs",),
        path_params={"job_id": JOB_ID},
        responses={200: JobChunks},
    ),
    "jobs.cancel": Operation(
        summary="Cancel a queued or running job",
        tags=("jobs",),
        path_params={"job_id": JOB_ID},
        responses={200: JobOut},
        errors=(409,),
    ),
    "jobs.retry": Operation(
        summary="Retry a failed or degraded job",
        description="Redoes only the chunks that need it; answers 202 with the job.",
        tags=("jobs",),
        path_params={"job_id": JOB_ID},
        responses={202: Reply(model=JobOut, headers={"Location": "The job's URL."})},
        errors=(409,),
    ),
    "jobs.events": Operation(
        summary="Live progress (Server-Sent Events)",
        description=(
            "A snapshot, then every stage change and chunk completion, with heartbeats; each `data` is "
            "JSON with `kind` snapshot / stage / chunk / end. Resumable with Last-Event-ID. 503 when the "
            "server holds too many streams (poll the job instead)."
        ),
        tags=("jobs",),
        path_params={"job_id": JOB_ID},
        query=EventsQuery,
        responses={200: Reply(media_type="text/event-stream", schema=SSE_EVENT)},
        errors=(503,),
    ),
    # --- decks ---
    "decks.list_decks": Operation(
        summary="Your finished decks, newest first",
        tags=("decks",),
        responses={200: DeckList},
    ),
    "decks.get_deck": Operation(
        summary="A deck with its cards",
        tags=("decks",),
        path_params={"deck_id": DECK_ID},
        responses={200: DeckDetail},
    ),
    "decks.export": Operation(
        summary="Download a deck as a file",
        description="json, csv, tsv, md or apkg (Anki), as an attachment.",
        tags=("decks",),
        path_params={"deck_id": DECK_ID},
        query=ExportQuery,
        responses={
            200: Reply(
                model=ExportFile,
                also={
                    "text/csv": TEXT_FILE,
                    "text/tab-separated-values": TEXT_FILE,
                    "text/markdown": TEXT_FILE,
                    "application/apkg": {"type": "string", "contentMediaType": "application/apkg"},
                },
                description="The file (the JSON format is shown; the others are text or a .apkg package).",
                headers={"Content-Disposition": 'attachment; filename="<title>.<ext>"'},
            )
        },
    ),
}
