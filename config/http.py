"""HTTP transport: CORS, proxy hops, security headers, request limits and logging. Owned by `api/`."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode

#: A browser origin: scheme, host, optional port; no path, no trailing slash.
ORIGIN = re.compile(r"\Ahttps?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::[0-9]{1,5})?\Z")
#: A Vercel project or team slug (lower-case letters, digits, inner dashes).
SLUG = re.compile(r"\A[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")


class HttpSettings(BaseSettings):
    """HTTP transport: CORS, proxy hops, security headers, request limits and logging."""

    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Browser origins allowed to call /api/*, comma-separated, exact "
        "(e.g. https://app.example.com). No wildcards, no paths. Empty: no cross-origin access.",
    )
    cors_vercel_project: str | None = Field(
        None, description="Vercel project slug whose preview deployments may call the API (staging)."
    )
    cors_vercel_team: str | None = Field(None, description="Vercel team (scope) slug of CORS_VERCEL_PROJECT.")
    cors_allow_previews: bool | None = Field(
        None,
        description="Allow Vercel preview origins (https://<project>-<9-char hash>-<team>.vercel.app). "
        "Unset: on outside production when project and team are set, off in production.",
    )
    cors_max_age_s: int = Field(
        600, ge=0, le=7200, description="How long browsers may cache a CORS preflight, in seconds."
    )
    proxy_fix_hops: int = Field(
        0,
        ge=0,
        le=5,
        description="Reverse proxies in front of the API whose X-Forwarded-For is trusted "
        "(Render, whose edge is Cloudflare: 2; 3 with your own Cloudflare in front). 0: headers ignored.",
    )
    proxy_fix_proto_hops: int | None = Field(
        None,
        ge=0,
        le=5,
        description="Proxies whose X-Forwarded-Proto is trusted. Unset: 1 when PROXY_FIX_HOPS > 0, else 0.",
    )
    hsts_max_age_s: int = Field(
        31_536_000,
        ge=0,
        description="Strict-Transport-Security max-age on HTTPS responses, in seconds (0: no header).",
    )
    hsts_include_subdomains: bool = Field(True, description="Add includeSubDomains to the HSTS header.")
    max_json_body_kb: int = Field(
        256, ge=1, le=10_240, description="Largest request body of every endpoint but uploads, in KiB."
    )
    max_form_parts: int = Field(
        10, ge=2, le=1000, description="Most multipart parts (file plus fields) one upload may have."
    )
    log_format: Literal["json", "text"] | None = Field(
        None,
        description="Log line format: json (one object per line) or text (for people). "
        "Unset: text in development, json otherwise.",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _exact_origins(cls, value: list[str]) -> list[str]:
        # flask-cors compiles a string with regex characters into an unanchored
        # pattern; only plain origins are accepted so each one matches exactly.
        bad = [origin for origin in value if not ORIGIN.match(origin)]
        if bad:
            raise ValueError(
                f"not exact origins: {', '.join(bad)}; use scheme://host[:port], lower-case, "
                "no path, no wildcard"
            )
        return value

    @field_validator("cors_vercel_project", "cors_vercel_team")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not SLUG.match(value):
            raise ValueError("a Vercel slug is lower-case letters, digits and inner dashes")
        return value

    @model_validator(mode="after")
    def _https_in_production(self) -> HttpSettings:
        if getattr(self, "env", None) == "production":
            plain = [origin for origin in self.cors_origins if not origin.startswith("https://")]
            if plain:
                raise ValueError(f"CORS_ORIGINS must be https:// in production: {', '.join(plain)}")
        return self

    @property
    def effective_log_format(self) -> Literal["json", "text"]:
        if self.log_format is not None:
            return self.log_format
        return "text" if getattr(self, "env", "production") == "development" else "json"

    @property
    def previews_allowed(self) -> bool:
        if not (self.cors_vercel_project and self.cors_vercel_team):
            return False
        if self.cors_allow_previews is not None:
            return self.cors_allow_previews
        return getattr(self, "env", "production") != "production"

    @property
    def max_json_body_bytes(self) -> int:
        return self.max_json_body_kb * 1024
