"""Logging shared by the API, workers and CLI: one line per event, secrets redacted.

``LOG_FORMAT=json`` (the default outside development) writes one JSON object per
line with ``time``, ``level``, ``logger``, ``message``, ``request_id`` and
``job_id`` (when known) plus any ``extra=`` fields; ``text`` is for people.

The request id and job id live in context variables: the API binds them per
request, the worker middleware per message, and :func:`taskqueue.broker.enqueue`
copies the request id into every message it sends, so a job's log lines carry
the id of the request that started it.

Redaction happens in a handler filter, so it covers every record that reaches
a handler (ours, Dramatiq's, gunicorn's), whatever logger emitted it. The formatter is
ours rather than python-json-logger's: same output, faster, and that one writes the
traceback anew from the exception, undoing our filter's redaction (docs/libraries.md).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO, Any

from config import Settings

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
job_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("job_id", default=None)

REDACTED = "[REDACTED]"
# The lookbehind makes a name prefix ("openai_api_key") match only from the start of its
# word: without it a long run of letters (a 4,000-character path) costs quadratic time.
_KEY_NAMES = (
    r"(?:(?<![a-z0-9_])[a-z0-9_]*api[_-]?keys?(?:_\d+)?|x-api-key|apikey|secret(?:[_-]?key)?|client[_-]?secret|private[_-]?key"
    r"|access[_-]?key|(?:access|refresh|auth|api|bearer|session|csrf|id)?[_-]?token|password|passwd|pwd"
    r"|pepper|credentials?)"
)
#: (pattern, replacement) applied in order; each keeps the name and hides the value.
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Authorization headers in any spelling: "Authorization: Bearer x", "'authorization': 'Basic x'".
    (
        re.compile(r"(?i)(authorization\\?['\"]?\s*[:=]\s*\\?['\"]?(?:bearer|basic|token)?\s*)[^\s'\"\\,]+"),
        r"\1" + REDACTED,
    ),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]{6,}"), r"\1" + REDACTED),
    # Quoted values of secret-looking names (JSON, Python reprs, escaped JSON), spaces included.
    (
        re.compile(r"(?i)(" + _KEY_NAMES + r"\\?['\"]?\s*[:=]\s*\\?['\"])(.*?)(\\?['\"])"),
        r"\1" + REDACTED + r"\3",
    ),
    # Unquoted values: form bodies, env dumps, "password=..." in messages.
    (
        re.compile(r"(?i)(" + _KEY_NAMES + r"\s*[:=]\s*)(?!\[REDACTED\])([^\s'\"&;}\])]{4,})"),
        r"\1" + REDACTED,
    ),
    # Provider keys: OpenAI sk-/sk-proj-/sk-svcacct-, Anthropic sk-ant-api03-, test keys sk-test-.
    (re.compile(r"(?<![A-Za-z0-9])sk-[A-Za-z0-9][A-Za-z0-9_-]{5,}"), REDACTED),
    # Our own tokens (dh_ session tokens, dhk_ API keys).
    (re.compile(r"(?<![A-Za-z0-9])dhk?_[A-Za-z0-9_-]{8,}"), REDACTED),
    # Mistral keys are 32 bare alphanumerics: redacted where a Mistral key is being talked about.
    (
        re.compile(r"(?i)(mistral[^\n]{0,60}?)(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?![A-Za-z0-9])"),
        r"\1" + REDACTED,
    ),
    # Passwords in connection strings: scheme://user:password@host.
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@'\"]*:)([^\s@/'\"]+)(@)"), r"\1" + REDACTED + r"\3"),
]


#: A literal every pattern above needs somewhere in the text: a line without any (an access
#: line, most messages) skips the eight substitutions. Substring tests, not a regex: a few
#: microseconds. Keep it a superset of the patterns.
_MAY_HOLD_SECRET = (
    "authoriz", "bearer", "basic", "key", "secret", "token", "passw", "pwd", "pepper", "credential",
    "sk-", "dh_", "dhk_", "mistral", "://",
)  # fmt: skip
#: The same test as one search of the lower-cased text (one pass instead of fifteen).
_MAY_HOLD_SECRET_RE = re.compile("|".join(re.escape(word) for word in _MAY_HOLD_SECRET))


def redact(text: str) -> str:
    """``text`` with every secret-looking value replaced by ``[REDACTED]``."""
    if _MAY_HOLD_SECRET_RE.search(text.lower()) is None:
        return text
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_value(value: Any) -> Any:
    """Redact strings inside JSON-like values (dicts, lists) too."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


def bind(*, request_id: str | None = None, job_id: str | None = None) -> None:
    """Set the ids carried by this thread's log lines (None clears one)."""
    request_id_var.set(request_id)
    job_id_var.set(job_id)


def current_request_id() -> str | None:
    return request_id_var.get()


# Attributes every LogRecord has; anything else came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class ContextFilter(logging.Filter):
    """Adds the ids and redacts the record in place (message, args, traceback, extras)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_deckhand_redacted", False):
            return True
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "job_id"):
            record.job_id = job_id_var.get()
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        fields = vars(record)
        for key in fields.keys() - _STANDARD:  # the extras (and the ids set above)
            value = fields[key]
            if isinstance(value, str | dict | list | tuple):
                setattr(record, key, redact_value(value))
        record._deckhand_redacted = True
        return True


#: ``json.dumps(entry, default=str, ensure_ascii=False)``, without building an encoder per line.
_JSON = json.JSONEncoder(default=str, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "job_id"):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = record.stack_info
        return _JSON.encode(entry)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger [request_id job_id] message`` with CR/LF escaped in the message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(ids)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = [str(v) for v in (getattr(record, "request_id", None), getattr(record, "job_id", None)) if v]
        record.ids = f" [{' '.join(ids)}]" if ids else ""
        record.msg = record.getMessage().replace("\r", "\\r").replace("\n", "\\n")
        record.args = None
        return super().format(record)


def make_formatter(settings: Settings) -> logging.Formatter:
    return JsonFormatter() if settings.effective_log_format == "json" else TextFormatter()


def _adopt(handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    if not any(isinstance(f, ContextFilter) for f in handler.filters):
        handler.addFilter(ContextFilter())


def build_handler(settings: Settings, stream: IO[str] | None = None) -> logging.Handler:
    """The handler :func:`configure_logging` installs: our format, ids and redaction."""
    handler = logging.StreamHandler(stream or sys.stderr)
    _adopt(handler, make_formatter(settings))
    return handler


def configure_logging(settings: Settings) -> None:
    """Set the level, our format and the redaction filter on every process's handlers.

    Dramatiq's CLI installs a plain StreamHandler (to its log pipe) before the
    worker module is imported: it is adopted. pytest's capture handlers are
    subclasses and are left alone, except that they get the redaction filter.
    Gunicorn's own loggers get our format and filter too.
    """
    root = logging.getLogger()
    root.setLevel(settings.log_level)
    formatter = make_formatter(settings)
    handlers: list[logging.Handler] = list(root.handlers)
    for handler in handlers:
        if type(handler) is logging.StreamHandler:
            _adopt(handler, formatter)
        elif not any(isinstance(f, ContextFilter) for f in handler.filters):
            handler.addFilter(ContextFilter())
    if not handlers:
        root.addHandler(build_handler(settings))
    for name in ("gunicorn.error", "gunicorn.access"):
        for handler in logging.getLogger(name).handlers:
            _adopt(handler, formatter)
