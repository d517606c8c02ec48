"""Pydantic models of the API's bodies, for the OpenAPI document (api/openapi.py).

Response models mirror what ``api/serializers.py`` and the routes return; they
forbid unknown keys (``additionalProperties: false``), so a field added to a
serializer without its schema fails tests/test_openapi.py and the schemathesis
run. Request models live next to their routes (``Credentials``,
``UploadOptions``) and are referenced, not copied; the few shapes that differ on
the wire (the multipart form) are checked against their source by tests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from documents.model import DocumentKind
from models import JobStage, JobState, Role
from models.deck import TITLE_MAX_LENGTH

#: The card kinds a request may ask for (api/routes/documents.CARD_KINDS).
CardKind = Literal["basic", "cloze", "reversed"]
#: How hard the cards should be (api/routes/documents.UploadOptions.difficulty).
Difficulty = Literal["easy", "medium", "hard"]

ID_EXAMPLE = "3f2b8c1d9e0a4b5c8d7e6f1a2b3c4d5e"
TIME_EXAMPLE = "2025-01-31T12:00:00Z"


class Strict(BaseModel):
    """A response shape: every key is listed, none may be added silently."""

    model_config = ConfigDict(extra="forbid")


# --- errors -------------------------------------------------------------------------


class InvalidParam(BaseModel):
    name: str = Field(description="The field, dotted for nested ones (``body`` for the whole body).")
    reason: str


#: An error answer, shown by the API spec and by docs/errors.md.
PROBLEM_EXAMPLE: dict[str, Any] = {
    "type": "/docs/errors#validation_failed",
    "title": "Some fields are invalid",
    "status": 422,
    "detail": "Invalid fields: email.",
    "instance": "/api/v1/auth/register",
    "code": "validation_failed",
    "hint": "Fix the fields listed in invalid_params and send the request again.",
    "request_id": "8f14e45fceea167a5a36dedd4bea2543",
    "invalid_params": [{"name": "email", "reason": "String should match pattern"}],
}


class Problem(BaseModel):
    """RFC 9457 problem details, the body of every error (api/errors.py)."""

    # Errors may carry extension members (limit_bytes, retry_after_s, …).
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"examples": [PROBLEM_EXAMPLE]},
    )

    type: str = Field(description="``/docs/errors#<code>``.")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    instance: str = Field(description="The request path.")
    code: str = Field(description="Stable snake_case error code; see docs/errors.md.")
    hint: str = Field(description="What to do about it.")
    request_id: str | None = Field(description="Same as the X-Request-ID response header.")
    invalid_params: list[InvalidParam] | None = Field(None, description="Each bad field (422 only).")
    error_id: str | None = Field(None, description="Logged with the traceback (5xx only).")


# --- accounts -----------------------------------------------------------------------


class UserOut(Strict):
    id: int
    email: str
    role: Role


class TokenOut(Strict):
    """A bearer token, shown once."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token": "dh_9vQ0d3Jx…",
                    "token_type": "Bearer",
                    "expires_at": TIME_EXAMPLE,
                    "user": {"id": 1, "email": "ada@example.com", "role": "user"},
                }
            ]
        }
    )

    token: str = Field(pattern=r"^dh_")
    token_type: Literal["Bearer"]
    expires_at: datetime | None
    user: UserOut


class AccountOut(UserOut):
    created_at: datetime


class TokenInUse(Strict):
    kind: str = Field(description="session or api_key.")
    expires_at: datetime | None
    name: str | None


class Quota(Strict):
    used: int
    limit: int | None
    remaining: int | None


class RateLimits(Strict):
    requests: str = Field(examples=["120/minute"])
    uploads: str


class MeOut(Strict):
    user: AccountOut
    token: TokenInUse
    quotas: dict[str, Quota]
    rate_limits: RateLimits


class ApiKeyOut(Strict):
    """An API key as listed: only its recognisable prefix, never the key."""

    id: int
    name: str | None
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    expired: bool


class NewApiKeyOut(ApiKeyOut):
    key: str = Field(description="The key itself, shown once.")


class ApiKeyList(Strict):
    api_keys: list[ApiKeyOut]


class SignedOutEverywhere(Strict):
    revoked_sessions: int = Field(ge=0)


# --- documents and jobs -------------------------------------------------------------


class DocumentOut(Strict):
    id: str
    filename: str
    kind: DocumentKind
    size_bytes: int = Field(ge=0)
    sha256: str
    page_count: int | None
    language: str | None
    created_at: datetime


class JobProgress(Strict):
    chunks_done: int = Field(ge=0)
    chunks_total: int | None = Field(description="Known once the document is parsed.")
    percent: int = Field(ge=0, le=100)


class JobErrorOut(Strict):
    code: str
    message: str | None
    hint: str | None


class JobOptions(BaseModel):
    """What the upload asked for (stored on the job)."""

    model_config = ConfigDict(extra="allow")

    title: str
    max_cards: int | None = Field(
        ge=1,
        description="Most cards in the deck: as asked, else set from the document's words once it is "
        "read (null until then).",
    )
    max_cards_basis: Literal["explicit", "document_size"] = Field(
        "explicit",
        description="Why max_cards has its value: 'explicit' (the request named it) or 'document_size' "
        "(the document's words × cards_per_1k_words, at most MAX_CARDS_LIMIT).",
    )
    document_words: int | None = Field(
        None, ge=0, description="Words of the document the budget was based on (once it is read)."
    )
    cards_per_1k_words: float | None = Field(
        None, gt=0, description="The density used for a size-based max_cards (MAX_CARDS_PER_1K_WORDS)."
    )
    kinds: list[CardKind]
    language: str | None
    focus: str | None = Field(None, description="What the cards should concentrate on.")
    difficulty: Difficulty | None = None


class JobLinks(Strict):
    self_: str = Field(alias="self")
    deck: str | None = Field(None, description="Once the job has succeeded.")


class JobOut(Strict):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": ID_EXAMPLE,
                    "state": "running",
                    "stage": "generating",
                    "progress": {"chunks_done": 3, "chunks_total": 8, "percent": 38},
                    "eta_s": 40,
                    "cards_count": 21,
                    "degraded": False,
                    "degraded_reason": None,
                    "deck_id": None,
                    "document_id": ID_EXAMPLE,
                    "options": {
                        "title": "Notes",
                        "max_cards": 50,
                        "max_cards_basis": "document_size",
                        "document_words": 4980,
                        "cards_per_1k_words": 10.0,
                        "kinds": ["basic"],
                        "language": None,
                        "focus": "dates and names",
                        "difficulty": "medium",
                    },
                    "error": None,
                    "created_at": TIME_EXAMPLE,
                    "started_at": TIME_EXAMPLE,
                    "finished_at": None,
                    "links": {"self": f"/api/v1/jobs/{ID_EXAMPLE}"},
                }
            ]
        }
    )

    id: str
    state: JobState
    stage: JobStage
    stage_label: str = Field(
        description="The stage as the CLI and the web app show it, e.g. 'writing cards'."
    )
    progress: JobProgress
    eta_s: int | None = Field(
        ge=0,
        description="Estimated seconds left while running (from the chunks done since it started); "
        "null before the first chunk is done and once the job has ended.",
    )
    cards_count: int = Field(ge=0)
    degraded: bool = Field(description="Some cards came from the offline generator.")
    degraded_reason: str | None
    deck_id: str | None = Field(description="Set once the job has succeeded.")
    document_id: str
    document: DocumentOut | None = Field(None, description="Present on single-job answers.")
    options: JobOptions
    error: JobErrorOut | None = Field(description="Set when the job failed.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    links: JobLinks


class UploadForm(BaseModel):
    """``multipart/form-data`` of ``POST /api/v1/documents`` (parsed by ``UploadOptions``)."""

    file: bytes = Field(
        json_schema_extra={"contentMediaType": "application/octet-stream"},
        description="The document; its type is judged from its bytes.",
    )
    title: str | None = Field(
        None,
        max_length=TITLE_MAX_LENGTH,
        description="Deck title (default: the file name without extension, cut to its length).",
    )
    max_cards: int | None = Field(
        None,
        ge=1,
        description="Most cards in the deck (at most MAX_CARDS_LIMIT). Default: by the document's size, "
        "MAX_CARDS_PER_1K_WORDS cards per 1,000 words (at least 10, at most MAX_CARDS_LIMIT).",
    )
    kinds: str | None = Field(
        None,
        description="Comma-separated card kinds: basic, cloze, reversed.",
        examples=["basic,cloze"],
    )
    language: str | None = Field(None, pattern=r"^[a-z]{2}$", description="Two-letter language code.")
    focus: str | None = Field(
        None,
        max_length=200,
        description="What the cards should concentrate on.",
        examples=["dates and names"],
    )
    difficulty: Difficulty | None = Field(None, description="How hard the cards should be.")


class AttemptOut(Strict):
    """One provider call made for a chunk (or a cache hit); keys only by fingerprint."""

    model_config = ConfigDict(protected_namespaces=())

    provider: str
    model: str
    key_fingerprint: str | None
    outcome: str = Field(
        description="ok, cached, auth, forbidden, quota, rate_limited, server, overloaded, connection, "
        "timeout, bad_request, context_too_long, refused, invalid_output, truncated, …"
    )
    latency_ms: int = Field(ge=0)
    input_tokens: int = Field(ge=0)
    output_tokens: int = Field(ge=0)


class ChunkOut(Strict):
    model_config = ConfigDict(protected_namespaces=())

    index: int = Field(ge=0)
    status: Literal["pending", "done"]
    card_budget: int = Field(ge=0, description="Its share of the job's max_cards.")
    cards_count: int = Field(ge=0)
    degraded: bool = Field(
        description="Its cards came from the offline generator after the providers failed."
    )
    provider: str | None = Field(description="What made its cards (offline for the offline generator).")
    model: str | None
    attempts: list[AttemptOut] = Field(description="Every provider call, across deliveries, oldest first.")
    started_at: datetime | None
    finished_at: datetime | None


class JobChunkLinks(Strict):
    job: str


class JobChunks(Strict):
    job_id: str
    chunks: list[ChunkOut]
    links: JobChunkLinks


# --- decks and cards ----------------------------------------------------------------


class CardContent(Strict):
    """What a card says and where it came from: shared by the API's cards and the JSON export's."""

    model_config = ConfigDict(protected_namespaces=())

    kind: CardKind
    front: str
    back: str
    source: dict[str, Any] = Field(description="Where it came from: page, slide, heading, lines, chapter…")
    source_span: str
    origin: Literal["llm", "offline", "manual"]
    provider: str | None
    model: str | None
    tags: list[str]
    checks: dict[str, bool]


class CardOut(CardContent):
    id: str
    guid: str = Field(description="Stable Anki GUID.")


class DeckLinks(Strict):
    self_: str = Field(alias="self")
    export: str


class DeckOut(Strict):
    id: str
    title: str
    document_id: str | None
    card_count: int = Field(ge=0)
    summary: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    links: DeckLinks


class DeckDetail(DeckOut):
    cards: list[CardOut]


class DeckList(Strict):
    decks: list[DeckOut]


class ExportQuery(BaseModel):
    """Query of ``GET /api/v1/decks/{id}/export``."""

    format: Literal["json", "csv", "tsv", "md", "apkg", "anki", "markdown", "txt", "anki-text"] = Field(
        "json", description="File format (anki, markdown, txt and anki-text are aliases)."
    )


class ExportCard(CardContent):
    """A card of the JSON export: the fields of ``CardOut`` but its id, plus ``content_changed_at``."""

    guid: str
    content_changed_at: datetime


class ExportFile(Strict):
    """The ``json`` export (cards/export/text_formats.to_json)."""

    title: str
    deck_key: str
    cards: list[ExportCard]


# --- health -------------------------------------------------------------------------


class Liveness(Strict):
    status: Literal["ok"]


class Check(Strict):
    status: Literal["ok", "fail"]
    detail: str | None = None
    latency_ms: float


class Readiness(Strict):
    status: Literal["ready", "not_ready"]
    checks: dict[str, Check]


class ProviderReport(BaseModel):
    """One provider's state (providers/report.py); admins also get ``key_states``."""

    model_config = ConfigDict(extra="allow", protected_namespaces=())

    name: str
    model: str | None
    status: str
    reasons: list[str]


class ProviderHealth(Strict):
    status: str = Field(description="healthy, degraded or failed.")
    generated_at: datetime
    providers: list[ProviderReport]
