"""Optional Sentry error tracking: on when SENTRY_DSN is set, off (never initialised) otherwise.

Called by ``api.create_app`` and ``workers.main`` *before* the broker is built
(the Dramatiq integration patches ``Broker.__init__``). No PII is sent, and
``before_send`` redacts anything that looks like a secret: values under
secret-ish keys (password, token, authorization, cookie, api key, DSN) and
strings shaped like our tokens or provider keys, wherever they sit in the event.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config import Settings

logger = logging.getLogger(__name__)

REDACTED = "[redacted]"
SECRET_KEY_NAMES = re.compile(
    r"pass(word|wd)?|secret|token|authori[sz]ation|cookie|session|api[-_]?key|dsn|credential|csrf",
    re.IGNORECASE,
)
#: Deckhand tokens, bearer values, OpenAI/Anthropic/other ``sk-``-style keys, URL credentials.
SECRET_VALUES = re.compile(
    r"(dh_[A-Za-z0-9_-]{20,}|Bearer\s+\S+|sk-[A-Za-z0-9_-]{16,}|(?<=://)[^/\s:@]+:[^/\s@]+(?=@))"
)
_initialised = False


def scrub(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` with secrets replaced (dicts by key name, strings by shape)."""
    if depth > 20:
        return value
    if isinstance(value, dict):
        return {
            k: REDACTED if isinstance(k, str) and SECRET_KEY_NAMES.search(k) else scrub(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(scrub(v, depth + 1) for v in value)
    if isinstance(value, str):
        return SECRET_VALUES.sub(REDACTED, value)
    return value


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    scrubbed: dict[str, Any] = scrub(event)
    return scrubbed


def init_sentry(settings: Settings, component: str) -> bool:
    """Initialise Sentry for ``component`` ("web", "worker", "scheduler") when SENTRY_DSN is set."""
    global _initialised
    if settings.sentry_dsn is None or not settings.sentry_dsn.get_secret_value():
        return False
    if _initialised:
        return True
    import sentry_sdk
    from sentry_sdk.integrations.dramatiq import DramatiqIntegration
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.env,
        server_name=component,
        send_default_pii=False,
        traces_sample_rate=settings.sentry_traces_sample_rate,
        integrations=[FlaskIntegration(), DramatiqIntegration()],
        before_send=before_send,  # type: ignore[arg-type]
        before_send_transaction=before_send,  # type: ignore[arg-type]
    )
    sentry_sdk.set_tag("component", component)
    _initialised = True
    logger.info("sentry enabled component=%s", component)
    return True
