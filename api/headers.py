"""Security headers on every response, with a Content-Security-Policy per blueprint or route.

The API answers JSON, so its CSP forbids everything (``default-src 'none';
frame-ancestors 'none'``). HTML pages (the ops dashboard, the API docs page)
need their own policy allowing their own same-origin scripts and styles (no
inline code). A page picks its policy in one of two ways:

- a whole blueprint: ``BLUEPRINT_CSP["ops"] = PAGE_CSP`` (done here for ``ops``
  and ``apidocs``), or :func:`use_blueprint_csp` from the blueprint's module;
- one route: the ``@content_security_policy(PAGE_CSP)`` decorator, which wins;
- one response: a view that sets ``Content-Security-Policy`` itself (e.g. with a
  hash or nonce computed per page) keeps it.

Written by hand rather than with flask-talisman: Talisman 1.1 keys per-view
options on the view function only (no per-blueprint policy), emits HSTS on a raw,
spoofable ``X-Forwarded-Proto`` header instead of the ProxyFix-checked scheme,
and its HTTPS redirect would fight Render's own; it also costs about twice as much per
request (figures: docs/libraries.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Request, Response

from api.context import current_request
from config import Settings

F = TypeVar("F", bound=Callable[..., object])

API_CSP = "default-src 'none'; frame-ancestors 'none'"
#: HTML pages served by Deckhand itself: same-origin assets only, nothing inline.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'"
)
#: The web app at / (``api.routes.web``): as a page, plus its manifest and service worker.
WEB_APP_CSP = PAGE_CSP + "; manifest-src 'self'; worker-src 'self'"
#: Blueprint name -> CSP, for blueprints that serve HTML.
BLUEPRINT_CSP: dict[str, str] = {"ops": PAGE_CSP, "apidocs": PAGE_CSP, "web": WEB_APP_CSP}
#: Sent on every response: (lower-cased name, name, value).
FIXED_HEADERS = tuple(
    (name.lower(), name, value)
    for name, value in (
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    )
)
#: Attribute a view carries when it sets its own policy.
VIEW_CSP_ATTR = "deckhand_csp"


def content_security_policy(policy: str) -> Callable[[F], F]:
    """Decorator: this route answers with ``policy`` instead of its blueprint's."""

    def decorate(view: F) -> F:
        setattr(view, VIEW_CSP_ATTR, policy)
        return view

    return decorate


def use_blueprint_csp(blueprint_name: str, policy: str) -> None:
    """Give every route of ``blueprint_name`` the policy ``policy``."""
    BLUEPRINT_CSP[blueprint_name] = policy


def policy_for_request(app: Flask, req: Request) -> str:
    """The CSP of ``req``'s answer: its view's own, else its blueprint's, else the API's."""
    return policy_for(app, req.endpoint, req.blueprint)


def policy_for(app: Flask, endpoint: str | None, blueprint: str | None) -> str:
    """The CSP of an answer of ``endpoint`` (in ``blueprint``)."""
    view = app.view_functions.get(endpoint or "")
    own: str | None = getattr(view, VIEW_CSP_ATTR, None)
    if own is not None:
        return own
    return BLUEPRINT_CSP.get(blueprint or "", API_CSP)


def security_headers(
    settings: Settings, *, policy: str, secure: bool, private: bool
) -> list[tuple[str, str]]:
    """The security headers of an answer: its CSP, the fixed ones, HSTS over HTTPS (``secure``:
    the ProxyFix-checked scheme), and ``no-store`` when it is ``private`` (per user, or an error)."""
    found = [("Content-Security-Policy", policy), *((name, value) for _, name, value in FIXED_HEADERS)]
    if settings.hsts_max_age_s > 0 and secure:
        subdomains = "; includeSubDomains" if settings.hsts_include_subdomains else ""
        found.append(("Strict-Transport-Security", f"max-age={settings.hsts_max_age_s}{subdomains}"))
    if private:
        found.append(("Cache-Control", "no-store"))
    return found


def init_security_headers(app: Flask, settings: Settings) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        req = current_request()
        headers = response.headers
        # One pass over the response's headers, then appends: a set per header would scan them all.
        present = {name.lower() for name, _ in headers.items()}
        wanted = security_headers(
            settings,
            policy=policy_for_request(app, req),
            secure=req.is_secure,  # X-Forwarded-Proto only through ProxyFix's trusted hops
            # Per-user answers and errors must not sit in a shared or browser cache.
            private=bool(req.headers.get("Authorization")) or response.mimetype == "application/problem+json",
        )
        for name, value in wanted:
            lowered = name.lower()
            if lowered not in present:
                headers.add(name, value)
            elif lowered != "content-security-policy":  # a view that set its own policy keeps it
                headers[name] = value
        return response
