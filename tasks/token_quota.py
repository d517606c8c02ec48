"""The per-user daily LLM token quota as the pipeline applies it to each chunk."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import redis
from sqlalchemy import Engine

from config import Settings
from models import User
from models.db import session_scope
from providers.types import Attempt
from quotas import llm_token_limit, llm_tokens_today, record_llm_tokens

logger = logging.getLogger(__name__)


def token_quota_spent(settings: Settings, engine: Engine, client: redis.Redis | None, user_id: int) -> bool:
    """True when the job's owner has used their daily LLM tokens (the chunk then goes offline).

    Checked per chunk so one account cannot spend the providers' budget; a Redis outage
    fails open (logged by :func:`quotas.llm_tokens_today`). No client (the CLI): never spent.
    """
    if client is None:
        return False
    with session_scope(engine) as session:
        user = session.get(User, user_id)
    return user_quota_spent(settings, client, user, user_id)


def user_quota_spent(settings: Settings, client: redis.Redis | None, user: User | None, user_id: int) -> bool:
    """:func:`token_quota_spent` for an owner already read (``None``: no such account, no limit)."""
    if client is None:
        return False
    limit = llm_token_limit(settings, user) if user is not None else None
    return limit is not None and llm_tokens_today(client, settings, user_id) >= limit


def count_tokens(
    settings: Settings, client: redis.Redis | None, user_id: int, attempts: Sequence[Attempt]
) -> None:
    """Charge the tokens the providers billed for these attempts (cache hits cost nothing)."""
    spent = sum(a.input_tokens + a.output_tokens for a in attempts if a.outcome != "cached")
    if client is None or spent <= 0:
        return
    try:
        record_llm_tokens(client, settings, user_id, spent)
    except (redis.RedisError, OSError) as exc:
        logger.warning("LLM token quota not counted user_id=%s tokens=%d: %s", user_id, spent, exc)
