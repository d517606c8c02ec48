"""``deckhand config check`` and ``deckhand doctor`` (added to the CLI in cli.py)."""

from __future__ import annotations

import click

from config import ConfigError, load_settings
from deploy.checks import (
    ENVIRONMENTS,
    SERVICES,
    check_settings,
    config_error_findings,
    load_settings_per_field,
)
from deploy.report import has_errors, render


@click.group("config")
def config_group() -> None:
    """Inspect the configuration."""


@config_group.command("check")
@click.option(
    "--env",
    "env",
    type=click.Choice(ENVIRONMENTS),
    default=None,
    help="Environment to judge the settings for (default: DEPLOY_ENV, else from ENV; 'test' counts as "
    "development).",
)
@click.option(
    "--service",
    type=click.Choice(SERVICES),
    default="all",
    show_default=True,
    help="Only the settings this service needs (web: CORS; worker, scheduler: providers).",
)
@click.option("--quiet", is_flag=True, help="Print only problems and the verdict.")
def config_check(env: str | None, service: str, quiet: bool) -> None:
    """Report every missing or unsafe setting for an environment; exit 1 if any is an error."""
    # A malformed variable is reported and the others are still judged (with its default).
    settings, findings = load_settings_per_field()
    if settings is None:
        target = env or "the environment"
    else:
        target = (
            env or settings.deploy_env or ("production" if settings.env == "production" else "development")
        )
        reported = {f.subject for f in findings}
        findings += [
            f
            for f in check_settings(settings, target, service)  # type: ignore[arg-type]
            if f.subject not in reported
        ]
    title = f"deckhand config check --env {target} --service {service}"
    click.echo(render(title, findings, show_ok=not quiet))
    if has_errors(findings):
        raise SystemExit(1)


@click.command("doctor")
@click.option("--url", default=None, help="Also ask this API's /healthz, /readyz (default: PUBLIC_API_URL).")
@click.option("--quiet", is_flag=True, help="Print only problems and the verdict.")
def doctor(url: str | None, quiet: bool) -> None:
    """Check a running installation (database, Redis, workers, queues, providers, disk); exit 1 on errors."""
    from deploy.doctor import run_doctor

    try:
        settings = load_settings()
    except ConfigError as exc:
        findings = config_error_findings(str(exc))
    else:
        findings = run_doctor(settings, url)
    click.echo(render("deckhand doctor", findings, show_ok=not quiet))
    if has_errors(findings):
        raise SystemExit(1)
