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

Every failure prints one line on stderr (what happened, what to do) and exits with the
status of its class (``cli_failures``: 1 refused, 2 usage, 3 configuration, 4 database,
5 unreachable, 6/7 API 4xx/5xx, 8 system, 9 unexpected); ``--debug`` shows the traceback.
Subcommands are imported only when run, so ``deckhand --help`` answers fast.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli_failures import Exit, describe
from cli_resources import public_id

if TYPE_CHECKING:
    from config import Settings


def _settings() -> Settings:
    """The settings; a malformed variable raises ConfigError, reported by the group (exit 3)."""
    from config import load_settings

    return load_settings()


#: Subcommands defined in other packages: name -> ("module:attribute", short help). Imported
#: only when named, so `deckhand --help` does not load Flask, SQLAlchemy, redis or Dramatiq.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "config": ("deploy.commands:config_group", "Inspect the configuration."),
    "doctor": ("deploy.commands:doctor", "Check a running installation and say what is wrong."),
    "providers": ("cli_providers:providers", "Inspect and check the LLM providers."),
    "fake-llm": ("cli_providers:fake_llm", "Run a fake LLM server for a local demo."),
    "scheduler": ("workers.commands:scheduler_command", "Enqueue the periodic maintenance tasks."),
    "maintenance": ("workers.commands:maintenance_group", "Run or inspect the periodic maintenance tasks."),
    "jobs": ("workers.commands:jobs_group", "Follow jobs on a running Deckhand API."),
    "users": ("api.commands:users", "Manage accounts."),
    "security": ("api.commands:security", "Inspect security events, block and lift blocks."),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("deckhand")
    except PackageNotFoundError:
        return "unknown"


class DeckhandGroup(click.Group):
    """Lazy subcommands, and every failure as one line on stderr with its class's exit status."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, _, attribute = LAZY_COMMANDS[cmd_name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in LAZY_COMMANDS and name not in self.commands:
                rows.append((name, LAZY_COMMANDS[name][1]))
            else:
                command = self.commands[name]
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own errors (bad arguments) as one line too, instead of a usage block."""
        call = functools.partial(super().main, args, prog_name, complete_var, standalone_mode=False, **extra)
        if not standalone_mode:
            return call()
        try:
            result: Any = call()
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "deckhand"
            click.echo(f"deckhand: {_flat(exc.format_message())} (see '{where} --help')", err=True)
            sys.exit(int(Exit.USAGE))
        except click.ClickException as exc:
            click.echo(f"deckhand: {_flat(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("deckhand: interrupted", err=True)
            sys.exit(int(Exit.INTERRUPTED))
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException, SystemExit):
            raise  # Click's own: usage errors (exit 2), --help, explicit exits
        except KeyboardInterrupt:
            click.echo("deckhand: interrupted", err=True)
            raise SystemExit(Exit.INTERRUPTED) from None
        except Exception as exc:
            if ctx.meta.get("deckhand.debug"):
                raise
            status, line = describe(exc)
            click.echo(f"deckhand: {line}", err=True)
            raise SystemExit(int(status)) from None


def _flat(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@click.group(cls=DeckhandGroup)
@click.version_option(_version(), "--version", prog_name="deckhand", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="On failure, show the full traceback instead of one line.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Deckhand turns documents into study flashcards."""
    ctx.meta["deckhand.debug"] = debug


@main.command()
def migrate() -> None:
    """Upgrade the database to the latest schema."""
    from models.db import migrate as run_migrations

    settings = _settings()
    from models.db import database_location

    run_migrations(settings)
    click.echo(f"the database at {database_location(settings)} is at the latest schema")


#: ``deckhand generate``'s formats, for its help (the same table the exporter uses).
_GENERATE_FORMATS = (
    "apkg (Anki package), csv, json (every card field), md (Markdown), tsv or txt (Anki text import)"
)


def _generate_format(output: Path, fmt: str | None) -> str:
    """The export format of ``generate``: --format, else the output's extension; exits 2 if unknown."""
    from cards.export import EXTENSIONS, FORMATS, resolve_format
    from errors import ValidationFailed

    accepted = ", ".join(sorted(FORMATS))
    if fmt is None:
        extension = output.suffix.lstrip(".").lower()
        if extension not in EXTENSIONS:
            raise _usage_error(
                f"cannot tell the format from '{output.name}': end it in .{', .'.join(sorted(EXTENSIONS))} "
                f"or pass --format ({accepted})"
            )
        return EXTENSIONS[extension]
    try:
        return resolve_format(fmt)
    except ValidationFailed:
        raise _usage_error(f"unknown format '{fmt}'; use one of: {accepted}") from None


def _usage_error(message: str) -> SystemExit:
    """One line on stderr and exit status 2 (bad arguments), raised before any work starts."""
    click.echo(f"deckhand generate: {message}", err=True)
    return SystemExit(2)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the deck (default: FILE.deck.json); its extension picks the format: "
    f"{_GENERATE_FORMATS}.",
)
@click.option("--format", "fmt", help=f"Export format, whatever the extension: {_GENERATE_FORMATS}.")
@click.option(
    "--max-cards",
    type=click.IntRange(1, 5000),
    default=None,
    help="Most cards in the deck (default: by the document's size, MAX_CARDS_PER_1K_WORDS per 1,000 words).",
)
@click.option("--title", default=None, help="Deck title (default: the file name).")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress on stderr (default: when stderr is a terminal).",
)
def generate(
    file: Path,
    output: Path | None,
    fmt: str | None,
    max_cards: int | None,
    title: str | None,
    progress: bool | None,
) -> None:
    """Make a deck from FILE with the same pipeline the workers run, and write it to a file.

    Progress (reading, chunking, writing cards) goes to stderr. A document that gives no
    card exits with status 1 and one line saying why; bad arguments exit with status 2.
    """
    output = output or file.with_name(file.stem + ".deck.json")
    fmt = _generate_format(output, fmt)
    if not output.parent.is_dir():
        raise _usage_error(f"the folder of '{output}' does not exist")
    settings = _settings()
    if max_cards is not None and max_cards > settings.max_cards_limit:
        raise _usage_error(f"--max-cards may be at most {settings.max_cards_limit} (MAX_CARDS_LIMIT)")
    from tasks.local import generate_deck_file

    summary = generate_deck_file(
        settings,
        file,
        output,
        fmt=fmt,
        max_cards=max_cards,
        title=title or file.stem,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    noun = "card" if summary.cards == 1 else "cards"
    click.echo(f"wrote {summary.cards} {noun} to {output}" + (" (offline drafts)" if summary.offline else ""))


#: Export formats and aliases (cards.export.FORMATS and its aliases), checked before any work.
EXPORT_FORMATS = ("apkg", "tsv", "csv", "json", "md", "anki", "markdown", "txt", "anki-text")


@main.command("export")
@click.argument("deck_id", callback=public_id("deck"))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS, case_sensitive=False), default="apkg",
              show_default=True, help="apkg, tsv, csv, json or md.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Default: DECK_ID.EXT")  # fmt: skip
def export_command(deck_id: str, fmt: str, output: Path | None) -> None:
    """Write the stored deck DECK_ID (from the configured database) to a file."""
    from cards.export import export_deck
    from cards.store import load_export
    from models.db import open_existing, session_scope

    settings = _settings()
    engine = open_existing(settings)  # never creates a database; says which one it looked at
    try:
        with session_scope(engine) as session:
            deck = load_export(session, deck_id)
    finally:
        engine.dispose()
    content, _mimetype, extension = export_deck(deck, fmt)
    output = output or Path(f"{deck_id}.{extension}")
    output.write_bytes(content)
    click.echo(f"wrote {len(deck.cards)} card{'' if len(deck.cards) == 1 else 's'} to {output}")


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
