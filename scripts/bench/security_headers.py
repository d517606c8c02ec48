"""Our security headers (``api.headers``) against flask-talisman's, per request, and the headers each writes.

Three apps answer the same job-sized JSON route (and one HTML page in an ``ops``
blueprint): bare (no security headers, the baseline), ours, and flask-talisman set up
for the same policy (plus the two headers Talisman has no option for, Cross-Origin-
Opener-Policy and Cache-Control, in an ``after_request`` of a few lines, as a
migration would need). The script prints, for each request kind, the headers in which
Talisman's answer differs from ours, then the cost each adds to a request over the bare
app: medians of interleaved passes through Flask's test client, and the ratio.

Run: ``.venv/bin/python -m scripts.bench.security_headers`` (flask-talisman is a
development dependency, for this comparison only).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from flask import Blueprint, Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue
from flask_talisman import Talisman

from api.headers import API_CSP, BLUEPRINT_CSP, init_security_headers
from config import Settings, load_settings
from scripts.bench.bare_app import BODY

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
    "Cache-Control",
    "Permissions-Policy",
    "Document-Policy",
    "Feature-Policy",
)

#: (what, path, headers, https): the requests compared.
REQUESTS: list[tuple[str, str, dict[str, str], bool]] = [
    ("job read, https, with a token", "/api/v1/jobs/" + "0" * 32, {"Authorization": "Bearer dh_x"}, True),
    ("job read, http (no HSTS)", "/api/v1/jobs/" + "0" * 32, {}, False),
    (
        "job read, http with a forged X-Forwarded-Proto",
        "/api/v1/jobs/" + "0" * 32,
        {"X-Forwarded-Proto": "https"},
        False,
    ),
    ("ops page (blueprint policy)", "/ops/", {}, True),
]


def _routes(app: Flask, page_view: Callable[[Callable[[], str]], Callable[[], str]] | None = None) -> Flask:
    @app.get("/api/v1/jobs/<job_id>")
    def job(job_id: str) -> ResponseReturnValue:
        return jsonify({**BODY, "id": job_id})

    ops = Blueprint("ops", __name__, url_prefix="/ops")

    def page() -> str:
        return "<!doctype html><title>ops</title>"

    ops.add_url_rule("/", "page", page_view(page) if page_view else page)
    app.register_blueprint(ops)
    return app


def bare_app() -> Flask:
    return _routes(Flask("bare"))


def our_app(settings: Settings) -> Flask:
    app = _routes(Flask("ours"))
    init_security_headers(app, settings)
    return app


def talisman_app(settings: Settings) -> Flask:
    app = Flask("talisman")
    talisman = Talisman()
    # Talisman keys per-view options on the view function only: each HTML view is decorated.
    _routes(app, page_view=talisman(content_security_policy=BLUEPRINT_CSP["ops"]))
    talisman.init_app(
        app,
        force_https=False,  # Render's edge redirects; a second redirect here would fight it
        frame_options="DENY",
        content_security_policy=API_CSP,
        referrer_policy="no-referrer",
        strict_transport_security=settings.hsts_max_age_s > 0,
        strict_transport_security_max_age=settings.hsts_max_age_s,
        strict_transport_security_include_subdomains=settings.hsts_include_subdomains,
        feature_policy={},
        permissions_policy={},
        document_policy={},
        session_cookie_secure=False,
        session_cookie_http_only=False,
    )

    @app.after_request
    def _the_rest(response: Response) -> Response:  # no Talisman option for these two
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.headers.get("Authorization") or response.mimetype == "application/problem+json":
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


def security_headers(app: Flask, path: str, headers: dict[str, str], https: bool) -> dict[str, str]:
    base = "https://localhost" if https else "http://localhost"
    answer = app.test_client().get(path, headers=headers, base_url=base)
    return {name: answer.headers[name] for name in SECURITY_HEADERS if name in answer.headers}


def differences(ours: Flask, theirs: Flask) -> list[str]:
    found = []
    for what, path, headers, https in REQUESTS:
        mine, other = (
            security_headers(ours, path, headers, https),
            security_headers(theirs, path, headers, https),
        )
        for name in SECURITY_HEADERS:
            if mine.get(name) != other.get(name):
                found.append(f"{what}: {name}: ours {mine.get(name)!r}, talisman {other.get(name)!r}")
    return found


def whole_request(app: Flask, requests: int) -> float:
    """CPU seconds per job read (https, with a token) through the test client."""
    client = app.test_client()
    path, headers = REQUESTS[0][1], REQUESTS[0][2]
    started = time.process_time()
    for _ in range(requests):
        client.get(path, headers=headers, base_url="https://localhost")
    return (time.process_time() - started) / requests


def hooks_alone(app: Flask, requests: int) -> float:
    """CPU seconds per job read in the app's before/after-request hooks alone (a fresh response each)."""
    path, headers = REQUESTS[0][1], REQUESTS[0][2]
    with app.test_request_context(path, headers=headers, base_url="https://localhost"):
        payload = jsonify({**BODY, "id": "0" * 32}).get_data()
        started = time.process_time()
        for _ in range(requests):
            app.preprocess_request()
            app.process_response(app.response_class(payload, mimetype="application/json"))
        return (time.process_time() - started) / requests


def compare(
    what: str, measure: Callable[[Flask, int], float], apps: dict[str, Flask], passes: int, n: int
) -> None:
    timings: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(passes):  # interleaved: a change of load hits all three alike
        for name, app in apps.items():
            timings[name].append(measure(app, n))
    bare_s, ours_s, talisman_s = (statistics.median(timings[n]) for n in ("bare", "ours", "talisman"))
    ours_cost, talisman_cost = ours_s - bare_s, talisman_s - bare_s
    print(
        f"{what}: bare {bare_s * 1e6:.1f}, ours {ours_s * 1e6:.1f}, talisman {talisman_s * 1e6:.1f} µs CPU; "
        f"added over bare: ours {ours_cost * 1e6:.1f} µs, talisman {talisman_cost * 1e6:.1f} µs"
    )
    print(
        f"  ratio talisman / ours: {talisman_s / ours_s:.3f} of the whole, "
        f"{talisman_cost / ours_cost:.2f} of the added cost"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=9)
    parser.add_argument("--requests", type=int, default=2000, help="requests per pass and app")
    args = parser.parse_args()
    settings = load_settings(_env_file=None)
    bare, ours, theirs = bare_app(), our_app(settings), talisman_app(settings)
    found = differences(ours, theirs)
    print(f"headers that differ from ours with flask-talisman ({len(found)}):")
    print("\n".join(f"  {line}" for line in found) or "  none")
    apps = {"bare": bare, "ours": ours, "talisman": theirs}
    compare("hooks alone (before/after request)", hooks_alone, apps, args.passes, args.requests * 5)
    compare("whole job read (test client)", whole_request, apps, args.passes, args.requests)


if __name__ == "__main__":
    main()
