"""The docs cannot drift: every documented command exists, every file and link they name is there,
and every setting they mention is a real one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from config import Settings
from config.variables import variable_names
from tests.stack import ROOT

REPO = Path(ROOT)
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
# Made by `make web-build`, so absent from a fresh checkout.
BUILD_OUTPUTS = {"web/dist"}
OWN_DOCS = [REPO / "docs" / n for n in ("deploy-render.md", "deploy-vercel.md", "troubleshooting.md",
                                        "performance.md", "curl.md")]  # fmt: skip
#: Variables that are not Deckhand settings: Vercel's build, the platform's own, the CLI's token.
NOT_SETTINGS = {
    "DECKHAND_API_URL", "DECKHAND_ALLOW_HTTP", "DECKHAND_TOKEN", "PYTHON_VERSION", "WEB_CONCURRENCY",
}  # fmt: skip
KNOWN_SETTINGS = variable_names(Settings)


def code_text(path: Path) -> str:
    """Fenced blocks and inline code spans of a Markdown file."""
    text = path.read_text()
    fenced = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return "\n".join(fenced + inline)


def documented_deckhand_commands() -> set[tuple[str, ...]]:
    from cli import main

    found: set[tuple[str, ...]] = set()
    for path in [README, *DOCS]:
        for match in re.finditer(r"(?:^|[\s/])deckhand ([^\n|;&#`]+)", code_text(path)):
            words = shlex.split(match.group(1).replace("\\", ""), posix=True)
            command: click.Command = main
            chain: list[str] = []
            for word in words:
                if not isinstance(command, click.Group) or word.startswith("-"):
                    break
                # get_command, not .commands: the deckhand group loads its subcommands lazily
                sub = command.get_command(click.Context(command), word)
                if sub is None:
                    shown = " ".join([*chain, word])
                    assert word in ("X",), f"{path.name}: `deckhand {shown}` is not a command"
                    break
                command = sub
                chain.append(word)
            if chain:
                found.add(tuple(chain))
    return found


def test_readme_quick_start_is_make_run_then_make_test():
    first_block = re.search(r"```sh\n(.*?)```", README.read_text(), re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands[:2] == ["make run", "make test"]


def test_every_documented_make_target_exists():
    targets = set(re.findall(r"^([a-z][a-z0-9-]*):", (REPO / "Makefile").read_text(), re.M))
    for path in [README, *DOCS]:
        for target in re.findall(r"\bmake ([a-z][a-z0-9-]*)", code_text(path)):
            assert target in targets, f"{path.name}: make {target}"


def test_every_documented_deckhand_command_answers_help():
    from cli import main

    commands = documented_deckhand_commands()
    assert ("config", "check") in commands and ("doctor",) in commands
    runner = CliRunner()
    for chain in sorted(commands):
        result = runner.invoke(main, [*chain, "--help"])
        assert result.exit_code == 0, (chain, result.output)


@pytest.mark.parametrize("path", [README, *OWN_DOCS], ids=lambda p: p.name)
def test_files_and_links_named_by_the_docs_exist(path):
    text = path.read_text()
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not target.startswith("http"):
            assert (path.parent / target).exists(), f"{path.name} links to {target}"
    for script in re.findall(r"\b((?:scripts|examples|web)/[\w./-]+\.?\w*)", code_text(path)):
        if script.rstrip(".") in BUILD_OUTPUTS:
            continue
        assert (REPO / script.rstrip(".")).exists(), f"{path.name} names {script}"


@pytest.mark.parametrize("path", OWN_DOCS, ids=lambda p: p.name)
def test_settings_named_by_the_docs_exist(path):
    for name in re.findall(r"`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`", path.read_text()):
        assert name in KNOWN_SETTINGS | NOT_SETTINGS, f"{path.name} mentions {name}, which is no setting"


#: Example file names the docs use as arguments (a user's notes, a deck being written).
EXAMPLE_FILES = {"notes.md", "deck.md"}


@pytest.mark.parametrize("path", [README, *DOCS], ids=lambda p: p.name)
def test_documents_cited_by_the_docs_are_in_the_repository(path):
    """A page may cite another page (`security.md`, …) only if the repository has it."""
    for name in set(re.findall(r"\b([A-Za-z0-9_-]+\.md)\b", path.read_text())) - EXAMPLE_FILES:
        assert (REPO / "docs" / name).exists() or (REPO / name).exists(), f"{path.name} cites {name}"
