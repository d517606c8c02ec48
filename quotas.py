"""Daily quotas per account (UTC day): uploads and LLM tokens; premium higher, admins unlimited.

* Uploads are counted from the database (documents created today), the source of
  truth: only accepted uploads count, and a Redis outage changes nothing.
* LLM tokens are counted in Redis by :func:`record_llm_tokens`, which the card
  generation worker calls with the job's owner after each chunk; once the day's
  tokens are spent, that user's further chunks are drafted offline
  (:func:`tasks.pipeline.generate_chunk`).

Both are checked at ``POST /api/v1/documents`` (429 ``quota_exceeded`` with
``Retry-After`` = seconds to midnight UTC) and shown in ``GET /api/v1/auth/me``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import redis
from sqlmodel import Session, col, func, select

from config import Settings
from errors import QuotaExceeded
from models import Document, User, utcnow
from models.user import by_role
from redisconn.keys import llm_quota_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Quota:
    name: str
    used: int
    limit: int | None  # None: unlimited

    def json(self) -> dict[str, int | None]:
        remaining = None if self.limit is None else max(self.limit - self.used, 0)
        return {"used": self.used, "limit": self.limit, "remaining": remaining}

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def day_start(now: datetime | None = None) -> datetime:
    now = now or utcnow()
    return datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)


def seconds_to_reset(now: datetime | None = None) -> int:
    now = now or utcnow()
    return max(int((day_start(now) + timedelta(days=1) - now).total_seconds()), 1)


def upload_limit(settings: Settings, user: User) -> int | None:
    return by_role(user.role, settings.quota_uploads_per_day, settings.quota_uploads_per_day_premium, None)


def llm_token_limit(settings: Settings, user: User) -> int | None:
    return by_role(
        user.role, settings.quota_llm_tokens_per_day, settings.quota_llm_tokens_per_day_premium, None
    )


def _llm_key(settings: Settings, user_id: int, now: datetime | None = None) -> str:
    return llm_quota_key(settings.security_key_prefix, user_id, (now or utcnow()).strftime("%Y%m%d"))


def record_llm_tokens(client: redis.Redis, settings: Settings, user_id: int, tokens: int) -> int:
    """Add ``tokens`` (in + out) to ``user_id``'s count for today; returns the new total."""
    key = _llm_key(settings, user_id)
    pipe = client.pipeline(transaction=False)
    pipe.incrby(key, max(tokens, 0))
    pipe.expire(key, 2 * 86400)
    total, _ = pipe.execute()
    return int(total)


def llm_tokens_today(client: redis.Redis | None, settings: Settings, user_id: int) -> int:
    """Tokens spent for ``user_id`` today; 0 when Redis is unreachable (logged: the quota fails open)."""
    if client is None:
        return 0
    try:
        value = client.get(_llm_key(settings, user_id))
    except (redis.RedisError, OSError) as exc:
        logger.warning("LLM token quota unreadable, not enforced for this request: %s", exc)
        return 0
    return int(value or 0)


def uploads_today(session: Session, user: User) -> int:
    count = session.exec(
        select(func.count())
        .select_from(Document)
        .where(Document.user_id == user.id, col(Document.created_at) >= day_start())
    ).one()
    return int(count)


#: What the caller is told when a quota of :func:`usage` is spent (checked in its order).
EXHAUSTED = {
    "uploads": "You have uploaded {used} documents today, the daily limit of your plan.",
    "llm_tokens": "Card generation used {used} LLM tokens for you today, the daily limit of your plan.",
}


def usage(session: Session, client: redis.Redis | None, settings: Settings, user: User) -> dict[str, Quota]:
    assert user.id is not None
    return {
        "uploads": Quota("uploads", uploads_today(session, user), upload_limit(settings, user)),
        "llm_tokens": Quota(
            "llm_tokens", llm_tokens_today(client, settings, user.id), llm_token_limit(settings, user)
        ),
    }


def check_upload_quota(session: Session, client: redis.Redis | None, settings: Settings, user: User) -> None:
    """:raise QuotaExceeded: when ``user`` may not upload another document today."""
    for quota in usage(session, client, settings, user).values():
        if quota.exhausted:
            raise QuotaExceeded(
                EXHAUSTED[quota.name].format(used=quota.used),
                quota=quota.name,
                used=quota.used,
                limit=quota.limit,
                retry_after_s=seconds_to_reset(),
            )
