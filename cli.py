"""The ``deckhand`` command line.

    deckhand run                      API + worker + scheduler + embedded Redis, supervised (``make run``)
    deckhand worker                   one Dramatiq worker alone (Procfile, render.yaml)
    deckhand migrate                  upgrade the database to the latest schema
    deckhand generate FILE -o OUT     make a deck from FILE in-process, no server needed
    deckhand users set-role EMAIL ROLE    make an account user, premium or admin
    deckhand users revoke-tokens EMAIL    sign an account out everywhere and revoke its API keys
    deckhand security blocks|block|unblock|events   abuse blocks and security events
    deckhand export DECK_ID --format apkg|tsv|csv|json|md [-o FILE]   write a stored deck
    deckhand config check --env E     every missing or unsafe setting for environment E
    deckhand doctor                   check a running installation and say what is wrong
    deckhand scheduler                enqueue the periodic maintenance tasks (each slot once)
    deckhand maintenance run TASK     enqueue (or --inline: run) one maintenance task now
    deckhand jobs watch JOB_ID        follow a job's stages and time left
    deckhand providers status|check   LLM provider health, key validation (``--json``)
    deckhand fake-llm [--port] [--fault F]   a fake LLM server for a local demo

Errors print one line (what went wrong, its code, what to do) and exit 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from config import ConfigError, Settings, load_settings
from errors import DeckhandError


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


class DeckhandCommand(click.Group):
    """Turns Deckhand errors into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DeckhandError as exc:
            click.echo(f"deckhand: {exc.one_line()}", err=True)
            raise SystemExit(1) from None


@click.group(cls=DeckhandCommand)
def main() -> None:
    """Deckhand turns documents into study flashcards."""


@main.command()
def migrate() -> None:
    """Upgrade the database to the latest schema."""
    from models.db import migrate as run_migrations

    settings = _settings()
    run_migrations(settings)
    click.echo("database is at the latest schema")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="deck.json or deck.csv")
@click.option("--format", "fmt", help="Export format (default: from the output's extension, else json).")
@click.option("--max-cards", type=click.IntRange(1, 5000), default=None, help="Most cards in the deck.")
@click.option("--title", default=None, help="Deck title (default: the file name).")
def generate(
    file: Path, output: Path | None, fmt: str | None, max_cards: int | None, title: str | None
) -> None:
    """Make a deck from FILE with the same pipeline the workers run."""
    from tasks.local import generate_deck_file

    settings = _settings()
    output = output or file.with_name(file.stem + ".deck.json")
    fmt = fmt or (output.suffix.lstrip(".").lower() or "json")
    summary = generate_deck_file(
        settings,
        file,
        output,
        fmt=fmt,
        max_cards=max_cards or settings.max_cards_default,
        title=title or file.stem,
        progress=True,
    )
    click.echo(f"wrote {summary.cards} cards to {output}" + (" (offline drafts)" if summary.offline else ""))


@main.command("export")
@click.argument("deck_id")
@click.option("--format", "fmt", default="apkg", show_default=True, help="apkg, tsv, csv, json or md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Default: DECK_ID.EXT")
def export_command(deck_id: str, fmt: str, output: Path | None) -> None:
    """Write the stored deck DECK_ID (from the configured database) to a file."""
    from sqlalchemy.exc import SQLAlchemyError

    from cards.export import export_deck
    from cards.store import load_export
    from errors import DependencyUnavailable
    from models.db import make_engine, session_scope

    settings = _settings()
    engine = make_engine(settings)
    try:
        with session_scope(engine) as session:
            deck = load_export(session, deck_id)
    except SQLAlchemyError:
        # Not the driver's message: it can hold the database URL.
        raise DependencyUnavailable(
            "The database could not be read.", hint="Check DATABASE_URL and run 'deckhand migrate'."
        ) from None
    finally:
        engine.dispose()
    content, _mimetype, extension = export_deck(deck, fmt)
    output = output or Path(f"{deck_id}.{extension}")
    output.write_bytes(content)
    click.echo(f"wrote {len(deck.cards)} cards to {output}")


@main.command()
@click.option("--port", type=int, default=None, help="HTTP port (default: PORT, else 8000).")
def run(port: int | None) -> None:
    """Start Deckhand locally and keep it running: embedded Redis, API, worker, scheduler.

    A process that dies is restarted (with backoff); Ctrl-C stops everything.
    """
    from workers.supervisor import run_stack

    settings = _settings()
    port = port or settings.port

    def banner(base: str, embedded: bool) -> None:
        click.echo(
            f"\nDeckhand is running at {base}  (data in {settings.data_dir.resolve()}, "
            f"Redis {'embedded' if embedded else 'at REDIS_URL'})\n"
            "Get a token:\n"
            f"  curl -s -X POST {base}/api/v1/auth/register -H 'Content-Type: application/json' \\\n"
            '       -d \'{"email": "you@example.com", "password": "a-long-password"}\'\n'
            "Upload a document:\n"
            f'  curl -s -X POST {base}/api/v1/documents -H "Authorization: Bearer $TOKEN" '
            "-F file=@notes.pdf\n"
            "Press Ctrl-C to stop.\n"
        )

    run_stack(settings, port, log=lambda line: click.echo(line, err=True), banner=banner)
    click.echo("Deckhand stopped.")


@main.command()
@click.option("--processes", type=click.IntRange(1, 64), default=None, help="Default: WORKER_PROCESSES.")
@click.option("--threads", type=click.IntRange(1, 256), default=None, help="Default: WORKER_THREADS.")
def worker(processes: int | None, threads: int | None) -> None:
    """Start one Dramatiq worker alone (what the Procfile and render.yaml run).

    It replaces this process (exec), so the platform's SIGTERM reaches Dramatiq itself;
    running messages get WORKER_SHUTDOWN_TIMEOUT_S to finish.
    """
    settings = _settings()
    argv = [
        sys.executable, "-m", "dramatiq", "workers.main",
        "--processes", str(processes or settings.worker_processes),
        "--threads", str(threads or settings.worker_threads),
        "--worker-shutdown-timeout", str(settings.worker_shutdown_timeout_s * 1000),
    ]  # fmt: skip
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter and module


def _add_deploy_commands() -> None:
    from deploy.commands import config_group, doctor

    main.add_command(config_group)
    main.add_command(doctor)


_add_deploy_commands()


def _add_provider_commands() -> None:
    from providers.cli import fake_llm, providers

    main.add_command(providers)
    main.add_command(fake_llm)


_add_provider_commands()


def _add_operations_commands() -> None:
    from workers.commands import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_add_operations_commands()


def _add_account_commands() -> None:
    from api.commands import COMMANDS as ACCOUNT_COMMANDS

    for command in ACCOUNT_COMMANDS:
        main.add_command(command)


_add_account_commands()
