"""Deckhand's one error hierarchy.

Every error a user, an API client or an operator can see is a subclass of
:class:`DeckhandError`. Each class carries a stable ``code`` (snake_case, part of
the API contract), the HTTP ``status`` it maps to, a short ``title`` and a
``hint`` that says what to do. ``api/errors.py`` turns them into RFC 9457
problem+json in one place; workers store ``code``/``detail``/``hint`` on a failed
job; the CLI prints ``detail`` and ``hint`` on one line.

    DeckhandError
    ├── BadRequest (400)            ── ValidationFailed (422)
    ├── Unauthorized (401)          ── TokenExpired (401)
    ├── Forbidden (403)             ── Blocked (403, with Retry-After)
    ├── NotFound (404)
    ├── Conflict (409)
    ├── PayloadTooLarge (413)
    ├── UnsupportedDocument (415)
    ├── DocumentError (422)         ── document problems found while parsing:
    │   ├── EmptyDocument               empty_document
    │   ├── DocumentCorrupt             document_corrupt
    │   ├── DocumentEncrypted           document_encrypted
    │   ├── PdfUnreadable               pdf_unreadable
    │   ├── PdfEncrypted                pdf_encrypted
    │   ├── NoTextLayer                 no_text_layer
    │   ├── ArchiveBomb                 archive_bomb
    │   ├── TooManyPages                too_many_pages
    │   ├── DocumentTooLarge            document_too_large
    │   ├── DocumentTooComplex          document_too_complex (time or memory bound hit)
    │   └── NoCards                     no_cards (read, but nothing worth a card: the hint says why)
    ├── RateLimited (429)           ── QuotaExceeded (429)
    ├── DependencyUnavailable (503) ── StreamLimitReached (503, with Retry-After)
    │                               ── DatabaseNotReady (503: no database, or not at the latest schema)
    │                               ── DatabaseUnavailable (503, with Retry-After: restarted or unreachable)
    └── InternalError (500)
        ├── JobDeliveryExhausted        job_delivery_exhausted
        ├── JobStalled                  job_stalled
        ├── StackFailed                 stack_failed (deckhand run)
        └── UploadMissing               upload_missing

``input_fault`` says whose fault an error is: True when the document or the request
is at fault (every 4xx class unless it says otherwise), False for trouble in the
system. A job failing with an input fault is acknowledged and never reaches a
dead-letter queue; the command line reports it with exit status 1.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DeckhandError(Exception):
    """Base of every error Deckhand reports to a person or a client."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Error"
    hint: str = ""
    #: True when the caller's document or request is at fault, not the system (set per class;
    #: defaults to ``400 <= status < 500`` for a class that does not set it).
    input_fault: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "input_fault" not in cls.__dict__:
            cls.input_fault = 400 <= cls.status < 500

    def __init__(self, detail: str | None = None, *, hint: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.title
        if hint is not None:
            self.hint = hint
        #: Extension members for the problem body (e.g. ``invalid_params``).
        self.extra: dict[str, Any] = extra
        super().__init__(self.detail)

    def one_line(self) -> str:
        """The message a command-line user sees."""
        return f"{self.detail} ({self.code}). {self.hint}".strip()


# --- request and account errors -------------------------------------------------


class BadRequest(DeckhandError):
    """Raised when a request is malformed in a way no field-level check describes."""

    code = "bad_request"
    status = 400
    title = "Bad request"
    hint = "Check the request against the API reference at /api/v1/openapi.json."


class ValidationFailed(BadRequest):
    """Raised when one or more request fields are missing or malformed."""

    code = "validation_failed"
    status = 422
    title = "Some fields are invalid"
    hint = "Fix the fields listed in invalid_params and send the request again."


class Unauthorized(DeckhandError):
    """Raised when a request carries no valid bearer token."""

    code = "unauthorized"
    status = 401
    title = "Authentication required"
    hint = "Send 'Authorization: Bearer <token>'; get a token from POST /api/v1/auth/token."


class TokenExpired(Unauthorized):
    """Raised when the bearer token is known but past its expiry."""

    code = "token_expired"
    title = "Token expired"
    hint = "Sign in again with POST /api/v1/auth/token to get a fresh token."


class Forbidden(DeckhandError):
    """Raised when the caller is known but lacks the role for this action."""

    code = "forbidden"
    status = 403
    title = "Not allowed"
    hint = "This action needs a role your account does not have."


class Blocked(Forbidden):
    """Raised when an IP address or account is blocked after a burst of suspicious requests."""

    code = "blocked"
    title = "Temporarily blocked"
    hint = (
        "Too many suspicious requests came from this address or account; wait for Retry-After "
        "seconds, or ask the operators to lift the block."
    )


class NotFound(DeckhandError):
    """Raised when a resource does not exist or belongs to someone else."""

    code = "not_found"
    status = 404
    title = "Not found"
    hint = "Check the id; resources of other accounts are not visible."


class Conflict(DeckhandError):
    """Raised when a request conflicts with the current state (e.g. email taken)."""

    code = "conflict"
    status = 409
    title = "Conflict"
    hint = "The resource already exists or changed; fetch it and try again."


class PayloadTooLarge(DeckhandError):
    """Raised when an upload or request body is over the size limit."""

    code = "payload_too_large"
    status = 413
    title = "Upload too large"
    hint = "Split the document or upload a smaller file."


class UnsupportedDocument(DeckhandError):
    """Raised when the uploaded bytes are not a format Deckhand reads."""

    code = "unsupported_document"
    status = 415
    title = "Unsupported document type"
    hint = "Upload a PDF, Word (.docx), PowerPoint (.pptx), HTML, Markdown, EPUB or plain-text file."


class RateLimited(DeckhandError):
    """Raised when the caller has sent too many requests."""

    code = "rate_limited"
    status = 429
    title = "Too many requests"
    hint = "Wait for the number of seconds in Retry-After, then try again."


class QuotaExceeded(RateLimited):
    """Raised when an account has used up a daily quota (uploads, LLM tokens)."""

    code = "quota_exceeded"
    title = "Daily quota used up"
    hint = "The quota resets at midnight UTC (see Retry-After); GET /api/v1/auth/me shows your usage."


class DependencyUnavailable(DeckhandError):
    """Raised when the database or Redis cannot be reached."""

    code = "dependency_unavailable"
    status = 503
    title = "Service temporarily unavailable"
    hint = "Try again in a few seconds."


class DatabaseNotReady(DependencyUnavailable):
    """Raised when the configured database does not exist yet or is not at the latest schema."""

    code = "database_not_ready"
    title = "The database is not ready"
    hint = "Run 'deckhand migrate' with the same DATA_DIR or DATABASE_URL as the server."


class DatabaseUnavailable(DependencyUnavailable):
    """Raised when the database went away (restarted, unreachable, or every pooled connection busy)."""

    code = "database_unavailable"
    title = "The database is briefly unavailable"
    hint = "Nothing was lost; send the request again after Retry-After seconds."


class StreamLimitReached(DependencyUnavailable):
    """Raised when this API process already holds its maximum of open progress streams."""

    code = "stream_limit_reached"
    title = "Too many open progress streams"
    hint = "Poll GET /api/v1/jobs/{id} instead, or reconnect after Retry-After seconds."


class InternalError(DeckhandError):
    """Raised for failures that are Deckhand's fault, never the caller's."""

    code = "internal_error"
    status = 500
    title = "Internal error"
    hint = "Try again; if it keeps failing, report the error_id to the operators."


class JobDeliveryExhausted(InternalError):
    """Raised when a queue message kept killing its worker and was stopped."""

    code = "job_delivery_exhausted"
    title = "Processing kept crashing"
    hint = "The document may be too large or complex for this server; try a smaller one."


class JobStalled(InternalError):
    """Raised (by the stuck-job reaper) when a job stopped making progress too many times."""

    code = "job_stalled"
    title = "Processing stalled"
    hint = "Retry the job with POST /api/v1/jobs/{id}/retry; if it stalls again, try a smaller document."


class StackFailed(InternalError):
    """Raised by ``deckhand run`` when the local stack cannot start (a child exited during start-up)."""

    code = "stack_failed"
    title = "The local stack did not start"
    hint = "Its log is above; fix what it says and run 'deckhand run' again."


class UploadMissing(InternalError):
    """Raised when a job's uploaded file is neither on this machine's disk nor in the database."""

    code = "upload_missing"
    title = "The uploaded file is no longer stored"
    hint = (
        "Upload the document again. Operators: when the API and the worker run on separate "
        "machines, set UPLOAD_STORAGE=database (docs/deploy-render.md)."
    )


# --- document errors (raised while sniffing or parsing) ----------------------------


class DocumentError(DeckhandError):
    """Base for problems with the document itself; retrying does not help."""

    code = "document_error"
    status = 422
    title = "The document could not be read"
    hint = "Check that the file opens in its usual program, then upload it again."


class EmptyDocument(DocumentError):
    """Raised when a document holds no text to make cards from."""

    code = "empty_document"
    title = "The document is empty"
    hint = "Upload a document that contains text."


class DocumentCorrupt(DocumentError):
    """Raised when a file is truncated or damaged beyond repair."""

    code = "document_corrupt"
    title = "The document is damaged"
    hint = "The file looks truncated or corrupt; export or download it again and re-upload."


class DocumentEncrypted(DocumentError):
    """Raised when an Office or EPUB file is password-protected."""

    code = "document_encrypted"
    title = "The document is password-protected"
    hint = "Remove the password (save an unprotected copy) and upload that."


class PdfUnreadable(DocumentCorrupt):
    """Raised when a PDF cannot be opened (no xref, broken structure)."""

    code = "pdf_unreadable"
    title = "The PDF could not be read"
    hint = "The PDF is damaged; re-export it (e.g. 'Print to PDF') and upload the new file."


class PdfEncrypted(DocumentEncrypted):
    """Raised when a PDF needs a password to open."""

    code = "pdf_encrypted"
    title = "The PDF is password-protected"
    hint = "Open it with its password and save an unprotected copy, then upload that."


class NoTextLayer(DocumentError):
    """Raised when a PDF holds only images (a scan) and OCR is off."""

    code = "no_text_layer"
    title = "The PDF has no text layer"
    hint = "It looks like a scan; run OCR on it first (e.g. ocrmypdf) or upload the original text."


class ArchiveBomb(DocumentError):
    """Raised when a ZIP-based document would inflate beyond the safety limits."""

    code = "archive_bomb"
    title = "The document expands beyond the safety limits"
    hint = "The file's compressed contents are too large or suspicious; upload a normal export."


class TooManyPages(DocumentError):
    """Raised when a document has more pages, slides or characters than allowed."""

    code = "too_many_pages"
    title = "The document is too long"
    hint = "Split the document into smaller parts and upload them separately."


class DocumentTooLarge(DocumentError):
    """Raised when a document's text exceeds the character limit."""

    code = "document_too_large"
    title = "The document holds too much text"
    hint = "Split the document into smaller parts and upload them separately."


class DocumentTooComplex(DocumentError):
    """Raised when parsing exceeds its time or memory bound."""

    code = "document_too_complex"
    title = "The document took too long to read"
    hint = "The file is unusually complex; simplify or split it, or save it again as a plain PDF."


class NoCards(DocumentError):
    """Raised when a job's deck would have no cards; its hint says why (see ``cards.outcome``)."""

    code = "no_cards"
    title = "No cards could be made from the document"
    hint = (
        "Upload a document with prose (full sentences), such as the chapters themselves rather than "
        "a table of contents, an index or code."
    )


def all_error_classes() -> list[type[DeckhandError]]:
    """Every concrete error class, base first, for docs and tests."""
    found: list[type[DeckhandError]] = []
    pending: list[type[DeckhandError]] = [DeckhandError]
    while pending:
        cls = pending.pop(0)
        found.append(cls)
        pending.extend(sorted(cls.__subclasses__(), key=lambda c: c.__name__))
    return found
