"""``deckhand providers status|check`` and ``deckhand fake-llm`` (added to the main group in cli.py).

An entry point, beside ``cli.py``: ``providers/`` is the domain and holds no command-line code.

Failures are raised for the ``deckhand`` group to print as one line with their exit status
(``cli_failures``); keys appear only as fingerprints. ``providers status`` reports the
workers' roster and the shared breaker state (``providers.roster``), as doctor,
``/api/v1/health/providers`` and ``/ops`` do, whatever this shell's environment says.
"""

from __future__ import annotations

import json
import signal
import threading
from typing import TYPE_CHECKING, Any, NoReturn

import click
import redis

from cli_failures import CommandFailure, Exit, Unreachable
from cli_resources import existing_redis

if TYPE_CHECKING:
    from config import Settings


def _fail(message: str, hint: str = "", exit_code: Exit = Exit.REFUSED) -> NoReturn:
    raise CommandFailure(message, hint, exit_code)


def _settings() -> Settings:
    from config import load_settings

    return load_settings()  # a ConfigError is reported by the deckhand group (exit 3)


def _redis(settings: Settings) -> tuple[redis.Redis | None, str]:
    """A client on REDIS_URL, else on the embedded server if it runs; (None, why) otherwise."""
    try:  # the same lookup as doctor: never starts a Redis
        return existing_redis(settings), ""
    except Unreachable as exc:
        return None, exc.message


@click.group("providers")
def providers() -> None:
    """Inspect and check the LLM providers of LLM_PROVIDERS."""


@providers.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (the API's admin view).")
def status(as_json: bool) -> None:
    """Each provider's status, breaker, keys and usage today (shared state, from Redis)."""
    from providers.report import status_report
    from providers.status import provider_status

    settings = _settings()
    client = existing_redis(settings)  # the shared state lives there; one line if unreachable
    try:
        report = status_report(provider_status(settings, client), include_keys=True)
    except ValueError as exc:
        _fail(f"Invalid provider configuration: {exc}", "See 'deckhand config check'.", Exit.CONFIG)
    finally:
        client.close()
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    if not report["providers"]:
        click.echo(
            "No LLM provider configured on the workers (their roster is empty): "
            "cards come from the offline generator."
        )
        return
    _print_table(report)


def _print_table(report: dict[str, Any]) -> None:
    head = ("PROVIDER", "MODEL", "STATUS", "BREAKER", "UNTIL", "KEYS", "CALLS", "TOKENS", "OUTCOMES")
    rows = [head]
    for p in report["providers"]:
        usage = p["usage_today"]
        budget = f"/{usage['daily_token_budget']}" if usage["daily_token_budget"] else ""
        rows.append(
            (
                p["name"],
                p["model"],
                p["status"],
                p["breaker"]["state"],
                p["breaker"]["open_until"] or "-",
                f"{p['keys']['usable']}/{p['keys']['configured']}",
                str(usage["calls"]),
                f"{usage['tokens']}{budget}",
                " ".join(f"{k}={v}" for k, v in usage["calls_by_outcome"].items()) or "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    click.echo(f"\noverall: {report['status']}")
    for p in report["providers"]:
        if p["reasons"]:
            click.echo(f"{p['name']}: {', '.join(p['reasons'])}")
        for key in p["key_states"]:
            check = key["last_check"]
            checked = f"checked {check['at']} {check['result']}" if check["at"] else "never checked"
            until = f" until {key['until']}" if key["until"] else ""
            click.echo(f"  {p['name']} key {key['fingerprint']}: {key['state']}{until}; {checked}")


@providers.command("check")
@click.option("--timeout", type=click.FloatRange(0.5, 120), default=10.0, show_default=True,
              help="Timeout of each model-listing call, in seconds.")  # fmt: skip
def check(timeout: float) -> None:
    """Validate every key now with the free model-listing call; exit 1 if a provider has no valid key."""
    from providers.validation import validate_keys

    settings = _settings()
    if not settings.llm_providers:
        click.echo("No LLM provider configured (LLM_PROVIDERS is empty): nothing to check.")
        return
    client, why = _redis(settings)
    if client is None:
        click.echo(f"note: {why}; results are not recorded for the workers.", err=True)
    try:
        checks = validate_keys(settings, client, timeout_s=timeout)
    except ValueError as exc:
        _fail(f"Invalid provider configuration: {exc}", "See 'deckhand config check'.", Exit.CONFIG)
    finally:
        if client is not None:
            client.close()
    for c in checks:
        verdict = "ok" if c.ok else "FAILED"
        detail = f" ({c.detail})" if c.detail else ""
        click.echo(f"{c.provider:<11} {c.fingerprint}  {verdict:<6}  key {c.state}{detail}")
    without = [name for name in settings.llm_providers if not any(c.ok for c in checks if c.provider == name)]
    if without:
        _fail(f"No valid key for {', '.join(without)}", "Replace the key(s) marked FAILED above.")


@click.command("fake-llm")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port (0: any free port).")  # fmt: skip
@click.option("--fault", "faults", multiple=True, metavar="FAULT",
              help="Answer the next request with FAULT; repeat for a sequence. One of: "
              "ok, 401, 403, 402, 429, insufficient_quota, 500, 503, 529, hang, drop, error_body, "
              "truncated, malformed, invalid_schema, empty, refusal, context_length.")  # fmt: skip
@click.option("--always", metavar="FAULT", default=None, help="Answer every later request with FAULT.")
@click.option("--latency", type=click.FloatRange(0, 600), default=0.0, help="Seconds before each answer.")
def fake_llm(host: str, port: int, faults: tuple[str, ...], always: str | None, latency: float) -> None:
    """Run a fake LLM server (OpenAI, Anthropic and Mistral wire formats) for a local demo."""
    from providers.fakes import FAULTS, FakeLLMServer

    for name in (*faults, *([always] if always else [])):
        if name not in FAULTS:
            raise click.BadParameter(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
    try:
        server = FakeLLMServer(host=host, port=port, latency_s=latency)
    except OSError as exc:
        _fail(f"Cannot listen on {host}:{port}: {exc.strerror or exc}", "Pick another --port (0: any).")
    stop = threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    with server:
        server.script(*faults, default=always)
        click.echo(
            f"Fake LLM server on {server.url} (Ctrl-C to stop). Any key is accepted.\n"
            "Point Deckhand at it (worker and API) with:\n"
            "  export LLM_PROVIDERS=openai\n"
            "  export OPENAI_API_KEYS=sk-fake-demo\n"
            f"  export OPENAI_BASE_URL={server.openai_url}\n"
            f"Anthropic or Mistral instead: ANTHROPIC_BASE_URL={server.url} "
            f"or MISTRAL_BASE_URL={server.url}\n"
            f'Faults later: curl -X POST {server.url}/control/script -d \'{{"faults": ["429"]}}\'; '
            f"log: curl {server.url}/control/log"
        )
        while not stop.wait(0.5):
            pass
    click.echo("fake LLM server stopped")
