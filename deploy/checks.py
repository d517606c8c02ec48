"""``deckhand config check --env production``: every missing or unsafe setting, in one report.

Runs without network access (it is part of the build step): it judges the settings, it
does not connect to anything (``deckhand doctor`` does that). A check may look only at the
services that need the setting: the API needs CORS origins, the worker needs provider keys.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from config import DEV_SECRET_KEY, Settings
from config.providers import PROVIDER_NAMES
from config.variables import variables
from deploy.report import Finding

Environment = Literal["development", "staging", "production"]
Service = Literal["web", "worker", "scheduler", "all"]
ENVIRONMENTS: tuple[Environment, ...] = ("development", "staging", "production")
SERVICES: tuple[Service, ...] = ("web", "worker", "scheduler", "all")

MIN_SECRET_LENGTH = 32
#: Seconds between gunicorn's graceful timeout and the platform's SIGKILL (security.md DEP-4).
WEB_SHUTDOWN_MARGIN_S = 5
#: Seconds between Dramatiq's shutdown timeout and the platform's SIGKILL (queue.md §6).
WORKER_SHUTDOWN_MARGIN_S = 10


def _needs(service: Service, *wanted: Service) -> bool:
    return service == "all" or service in wanted


def _origins(settings: Settings) -> list[str]:
    """CORS_ORIGINS as a list, whatever shape the HTTP settings give it."""
    value: Any = getattr(settings, "cors_origins", None)
    if value is None:
        return []
    if isinstance(value, str):
        return [o.strip() for o in value.split(",") if o.strip()]
    return [str(o).strip() for o in value if str(o).strip()]


def _shutdown_window(name: str, timeout_s: int, window_name: str, window_s: int, margin_s: int) -> Finding:
    """A stop timeout must end ``margin_s`` before the platform's SIGKILL at ``window_s``."""
    limit = window_s - margin_s
    if timeout_s > limit:
        return Finding(
            "error",
            name,
            f"{timeout_s} s leaves under {margin_s} s before the platform's SIGKILL at {window_s} s "
            f"({window_name})",
            f"set {name} to at most {max(1, limit)}",
        )
    return Finding("ok", name, f"{timeout_s} s")


def check_settings(settings: Settings, env: Environment, service: Service = "all") -> list[Finding]:
    """Findings for ``settings`` deployed as ``env``; errors make the deploy unsafe."""
    strict = env in ("staging", "production")
    findings: list[Finding] = []
    add = findings.append

    if strict and settings.env != "production":
        add(
            Finding(
                "error",
                "ENV",
                f"is {settings.env!r}; the application's own production checks are off",
                "set ENV=production on every service of a deployed environment (staging included)",
            )
        )

    # --- database ---
    url = settings.sqlalchemy_url
    backend = make_url(url).get_backend_name()
    if strict and backend == "sqlite":
        add(
            Finding(
                "error",
                "DATABASE_URL",
                "unset or SQLite: each instance would get its own database file, lost on redeploy",
                "set DATABASE_URL to the PostgreSQL connection string (render.yaml: fromDatabase)",
            )
        )
    elif backend not in ("sqlite", "postgresql"):
        add(Finding("error", "DATABASE_URL", f"unsupported database {backend!r}", "use PostgreSQL or SQLite"))
    else:
        add(Finding("ok", "DATABASE_URL", backend))

    # --- Redis ---
    if strict and not settings.redis_url:
        add(
            Finding(
                "error",
                "REDIS_URL",
                "unset: an embedded Redis would start per instance; the web service and the workers "
                "would not share a queue",
                "set REDIS_URL to the Key Value connection string (render.yaml: fromService)",
            )
        )
    else:
        add(Finding("ok", "REDIS_URL", "set" if settings.redis_url else "embedded (development)"))

    # --- uploads: the API writes them, the worker reads them ---
    if strict and settings.upload_storage == "disk":
        add(
            Finding(
                "warning",
                "UPLOAD_STORAGE",
                "disk: the worker reads uploads from the API's disk, which works only when both run "
                "on one machine or share a volume (Render services do not)",
                "set UPLOAD_STORAGE=database (render.yaml does)",
            )
        )
    else:
        add(Finding("ok", "UPLOAD_STORAGE", settings.upload_storage))

    # --- secrets ---
    secret = settings.secret_key.get_secret_value()
    if strict and secret == DEV_SECRET_KEY:
        add(
            Finding(
                "error",
                "SECRET_KEY",
                "is the built-in development value; anyone could forge token hashes",
                "set a long random value (render.yaml: generateValue: true)",
            )
        )
    elif strict and len(secret) < MIN_SECRET_LENGTH:
        add(
            Finding(
                "error",
                "SECRET_KEY",
                f"is only {len(secret)} characters",
                f"use at least {MIN_SECRET_LENGTH} random characters (python -c "
                "'import secrets; print(secrets.token_urlsafe(48))')",
            )
        )
    else:
        add(Finding("ok", "SECRET_KEY", "set" if secret != DEV_SECRET_KEY else "development default"))

    # --- CORS (the API only) ---
    if _needs(service, "web"):
        findings.extend(_cors_findings(settings, env))

    # --- providers (only the worker calls them) ---
    if _needs(service, "worker"):
        findings.extend(_provider_findings(settings, strict))

    # --- debug ---
    debug = bool(getattr(settings, "debug", False))
    if strict and (debug or settings.log_level == "DEBUG"):
        add(
            Finding(
                "error",
                "LOG_LEVEL" if not debug else "DEBUG",
                "debug output is on: request bodies and internals end up in the logs",
                "use LOG_LEVEL=INFO (and no DEBUG) in deployed environments",
            )
        )

    # --- shutdown windows ---
    if _needs(service, "web"):
        add(
            _shutdown_window(
                "GRACEFUL_TIMEOUT_S", settings.graceful_timeout_s,
                "WEB_SHUTDOWN_WINDOW_S", settings.web_shutdown_window_s, WEB_SHUTDOWN_MARGIN_S,
            )
        )  # fmt: skip
    if _needs(service, "worker", "scheduler"):
        add(
            _shutdown_window(
                "WORKER_SHUTDOWN_TIMEOUT_S", settings.worker_shutdown_timeout_s,
                "WORKER_SHUTDOWN_WINDOW_S", settings.worker_shutdown_window_s, WORKER_SHUTDOWN_MARGIN_S,
            )
        )  # fmt: skip

    if strict and not settings.data_dir.is_absolute():
        add(
            Finding(
                "warning",
                "DATA_DIR",
                f"is relative ({settings.data_dir}); uploads land wherever the process starts",
                "set an absolute path on a persistent disk shared by the API and the worker",
            )
        )
    return findings


def _cors_findings(settings: Settings, env: Environment) -> list[Finding]:
    """CORS_ORIGINS is validated on load (exact origins only, https in production); here: is it enough?"""
    strict = env in ("staging", "production")
    origins = _origins(settings)
    previews = bool(getattr(settings, "previews_allowed", False))
    out: list[Finding] = []
    if "*" in origins:
        out.append(
            Finding(
                "error" if strict else "warning",
                "CORS_ORIGINS",
                "is open ('*'): any web page may call the API with a user's token",
                "list the frontend's exact origins, e.g. https://deckhand.example.com",
            )
        )
    elif strict and not origins and not previews:
        out.append(
            Finding(
                "error",
                "CORS_ORIGINS",
                "no frontend origin: the browser app cannot call the API",
                "set CORS_ORIGINS to the frontend's origin(s), e.g. https://deckhand.vercel.app",
            )
        )
    elif strict and any(not o.startswith("https://") for o in origins):
        plain = ", ".join(o for o in origins if not o.startswith("https://"))
        out.append(
            Finding("error", "CORS_ORIGINS", f"not https: {plain}", "deployed frontends are https://host")
        )
    elif origins:
        out.append(Finding("ok", "CORS_ORIGINS", ", ".join(origins)))
    if previews and env == "production":
        out.append(
            Finding(
                "error",
                "CORS_ALLOW_PREVIEWS",
                "Vercel preview origins may call the production API",
                "previews talk to a staging API (own database, own keys): unset CORS_ALLOW_PREVIEWS and "
                "CORS_VERCEL_* here and set them on staging (docs/deploy-vercel.md)",
            )
        )
    elif previews:
        out.append(
            Finding(
                "ok",
                "CORS_ALLOW_PREVIEWS",
                f"previews of {getattr(settings, 'cors_vercel_project', '?')} "
                f"(team {getattr(settings, 'cors_vercel_team', '?')})",
            )
        )
    elif getattr(settings, "cors_allow_previews", None) and not previews:
        out.append(
            Finding(
                "error",
                "CORS_ALLOW_PREVIEWS",
                "is on but CORS_VERCEL_PROJECT or CORS_VERCEL_TEAM is unset, so no preview is allowed",
                "set both slugs (Vercel: project settings and team URL)",
            )
        )
    if strict and int(getattr(settings, "proxy_fix_hops", 1)) == 0:
        out.append(
            Finding(
                "warning",
                "PROXY_FIX_HOPS",
                "is 0: behind Render's proxy every client shares the proxy's IP for rate limits and logs",
                "set PROXY_FIX_HOPS=2 on Render (its edge is Cloudflare: X-Forwarded-For is 'client, "
                "cloudflare'); verify on staging (docs/deploy-render.md)",
            )
        )
    return out


def _provider_findings(settings: Settings, strict: bool) -> list[Finding]:
    from providers.config import provider_configs

    out: list[Finding] = []
    unknown = [n for n in settings.llm_providers if n not in PROVIDER_NAMES]
    if unknown:
        out.append(
            Finding(
                "error",
                "LLM_PROVIDERS",
                f"unknown provider(s) {', '.join(unknown)}",
                f"use names from: {', '.join(PROVIDER_NAMES)}",
            )
        )
        return out
    if not settings.llm_providers:
        if strict and not settings.allow_offline_only:
            out.append(
                Finding(
                    "error",
                    "LLM_PROVIDERS",
                    "no provider: every card would come from the offline generator",
                    "set LLM_PROVIDERS and its *_API_KEYS on the worker, or accept offline-only cards "
                    "explicitly with ALLOW_OFFLINE_ONLY=true",
                )
            )
        else:
            out.append(Finding("ok", "LLM_PROVIDERS", "none: offline generator only"))
        return out
    try:
        configs = provider_configs(settings)
    except ValueError as exc:
        out.append(
            Finding(
                "error",
                "LLM_PROVIDERS",
                str(exc),
                "set the missing variable on the worker service (render.yaml: sync: false)",
            )
        )
        return out
    for config in configs:
        base = config.base_url or ""
        private = re.match(r"http://(localhost|127\.|10\.|192\.168\.)", base)
        if strict and base.startswith("http://") and not private:
            out.append(
                Finding(
                    "warning",
                    f"{config.name.upper()}_BASE_URL",
                    "plain http:// to a public host: keys and documents travel unencrypted",
                    "use https://",
                )
            )
    out.append(
        Finding(
            "ok",
            "LLM_PROVIDERS",
            ", ".join(f"{c.name} ({len(c.keys)} key{'s' if len(c.keys) != 1 else ''})" for c in configs),
        )
    )
    return out


def config_error_findings(message: str) -> list[Finding]:
    """Turn :class:`config.ConfigError`'s text (one ``NAME: problem`` per line) into findings."""
    out = []
    for line in message.splitlines()[1:]:
        name, _, problem = line.strip().partition(": ")
        out.append(Finding("error", name or "?", problem or line.strip(), "fix the value's format"))
    return out or [Finding("error", "settings", message)]


#: Each variable (lower-case, as a constructor argument) -> its default: what a malformed one falls back to.
SETTING_DEFAULTS: dict[str, Any] = {v.name: v.default for v in variables(Settings)}

MALFORMED_FIX = "fix the value's format (the other settings were checked with its default)"


def _field_of(error: dict[str, Any]) -> str | None:
    """The setting a validation error is about: its location, else the one its message names."""
    loc = [str(part) for part in error.get("loc") or ()]
    for depth in (2, 1):  # a provider's field (("openai", "timeout_s") -> openai_timeout_s) first
        name = "_".join(loc[:depth])
        if len(loc) >= depth and name in SETTING_DEFAULTS:
            return name
    named = [n for n in SETTING_DEFAULTS if re.search(rf"\b{n.upper()}\b", str(error.get("msg", "")))]
    return named[0] if len(named) == 1 else None


def load_settings_per_field(**overrides: Any) -> tuple[Settings | None, list[Finding]]:
    """Settings with each malformed variable reported and replaced by its default.

    ``load_settings`` stops at the first invalid model; a report must still judge the
    other variables, so every field named by a validation error falls back to its default
    and the model is built again (a fallback can trip a cross-field check: loop). None
    when an error names no single setting.
    """
    fallback: dict[str, Any] = {}
    findings: list[Finding] = []
    for _ in range(len(SETTING_DEFAULTS) + 1):
        try:
            return Settings(**{**overrides, **fallback}), findings
        except ValidationError as exc:
            errors = exc.errors()
        this_pass: dict[str, Any] = {}
        for error in errors:
            name = _field_of(dict(error))
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            if name is None or name in fallback:  # its default did not help either
                findings.append(
                    Finding("error", name.upper() if name else "settings", message, MALFORMED_FIX)
                )
                return None, findings
            if name not in this_pass:  # one finding per variable (a list has an error per item)
                this_pass[name] = SETTING_DEFAULTS[name]
                findings.append(Finding("error", name.upper(), message, MALFORMED_FIX))
        fallback.update(this_pass)
    return None, findings
