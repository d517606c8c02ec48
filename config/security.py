"""Accounts, sessions, API keys, rate limits, quotas and abuse blocking. Owned by `api/` (auth, limits).

Rate limits are written in the ``limits`` notation (``"120/minute"``, ``"5/minute;20/hour"``)
and checked at startup, so a typo fails the boot with the variable's name instead of
silently disabling a limit.
"""

from __future__ import annotations

from limits import parse_many
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

#: Fields holding limit strings, validated together.
LIMIT_FIELDS = (
    "rate_limit_user",
    "rate_limit_premium",
    "rate_limit_admin",
    "rate_limit_ip",
    "rate_limit_upload_user",
    "rate_limit_upload_premium",
    "rate_limit_upload_admin",
    "rate_limit_sign_in_ip",
    "rate_limit_sign_in_email",
    "rate_limit_register_ip",
    "rate_limit_register_email",
    "rate_limit_feedback",
)


class SecuritySettings(BaseSettings):
    """Accounts, sessions, API keys, rate limits, quotas and abuse blocking."""

    # --- API keys ---
    api_keys_per_user: int = Field(
        20, ge=1, le=1000, description="Most active (unrevoked, unexpired) API keys one account may hold."
    )
    api_key_max_days: int = Field(
        3650, ge=1, description="Longest expiry, in days, a client may ask for when creating an API key."
    )

    # --- rate limits ---
    rate_limits_enabled: bool = Field(
        True, description="Turn request rate limits on (off only for local experiments)."
    )
    security_key_prefix: str = Field(
        "deckhand",
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="Prefix of the Redis keys of rate limits, security counters and blocks; "
        "instances sharing it share their limits.",
    )
    rate_limit_user: str = Field("120/minute", description="Requests per signed-in free account.")
    rate_limit_premium: str = Field("600/minute", description="Requests per premium account.")
    rate_limit_admin: str = Field("3000/minute", description="Requests per admin account.")
    rate_limit_ip: str = Field(
        "1200/minute",
        description="Requests per client IP without a valid token (signed-in callers are limited per "
        "account, never per IP: a school or office NAT shares one address).",
    )
    rate_limit_upload_user: str = Field("5/minute", description="Uploads per free account.")
    rate_limit_upload_premium: str = Field("30/minute", description="Uploads per premium account.")
    rate_limit_upload_admin: str = Field("120/minute", description="Uploads per admin account.")
    rate_limit_sign_in_ip: str = Field(
        "300/minute",
        description="Sign-in attempts per client IP: generous for a NAT of hundreds (credential stuffing "
        "is stopped by the abuse block on failed sign-ins, and per email).",
    )
    rate_limit_sign_in_email: str = Field("20/hour", description="Sign-in attempts per email address.")
    rate_limit_register_ip: str = Field(
        "300/minute;2000/hour",
        description="Registration attempts per client IP: a class of 200 signing up at once passes.",
    )
    rate_limit_register_email: str = Field("5/hour", description="Registration attempts per email address.")
    rate_limit_feedback: str = Field(
        "5/minute;30/day", description="Feedback messages per account (POST /api/v1/feedback)."
    )
    auth_cache_s: float = Field(
        30.0,
        ge=0,
        le=300,
        description="Seconds a checked token (its account and role) is remembered per web process; "
        "revocation stays immediate through a generation in Redis. 0: every request reads the database.",
    )
    job_cache_s: float = Field(
        60.0,
        ge=0,
        le=3600,
        description="Seconds a rendered GET /api/v1/jobs/{id} answer is kept in Redis; every write to "
        "the job makes it stale at once (a version bumped after the commit). 0: always read the database.",
    )
    gate_local_batch: int = Field(
        64,
        ge=0,
        le=1000,
        description="Requests a web process may count toward a caller's rate limit before it sends the "
        "count to Redis, when it can answer the request's other checks from its mirror of Redis (kept "
        "current by Redis's invalidation messages); never more than a sixteenth of the limit (7 for "
        "120/minute). Near a limit every request asks Redis. 0 or 1: every request makes the round trip.",
    )
    gate_mirror_s: float = Field(
        10.0,
        ge=0,
        le=300,
        description="Seconds a web process keeps a value of its mirror of the gate's Redis reads (blocks, "
        "the revocation generation, cached job reads), a bound on top of Redis's invalidation messages.",
    )

    # --- password hashing (Argon2id) ---
    password_hash_memory_kib: int = Field(
        19_456,
        ge=7_168,
        le=1_048_576,
        description="Argon2id memory per hash, in KiB (OWASP: 19 MiB with t=2, or 7 MiB with t=5).",
    )
    password_hash_time_cost: int = Field(2, ge=1, le=10, description="Argon2id passes (OWASP: 2 at 19 MiB).")
    password_hash_parallelism: int = Field(
        1, ge=1, le=8, description="Argon2id lanes (OWASP: 1; more only takes more cores per sign-up)."
    )

    # --- daily quotas (UTC day) ---
    quota_uploads_per_day: int = Field(30, ge=0, description="Uploads per free account per UTC day.")
    quota_uploads_per_day_premium: int = Field(
        300, ge=0, description="Uploads per premium account per UTC day."
    )
    quota_llm_tokens_per_day: int = Field(
        200_000, ge=0, description="LLM tokens (in + out) per free account per UTC day."
    )
    quota_llm_tokens_per_day_premium: int = Field(
        2_000_000, ge=0, description="LLM tokens (in + out) per premium account per UTC day."
    )

    # --- abuse detection ---
    abuse_window_s: int = Field(
        600, ge=10, description="Sliding window in which security events are counted per IP and per account."
    )
    abuse_ip_threshold: int = Field(
        100, ge=1, description="Security events from one IP within the window that block the IP."
    )
    abuse_account_threshold: int = Field(
        50, ge=1, description="Security events against one account within the window that block it."
    )
    abuse_block_s: int = Field(
        900, ge=1, description="How long an automatic block lasts, in seconds (an admin can lift it)."
    )

    @field_validator(*LIMIT_FIELDS)
    @classmethod
    def _limit_notation(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write e.g. '120/minute' or '5/minute;20/hour'"
            ) from None
        return value
