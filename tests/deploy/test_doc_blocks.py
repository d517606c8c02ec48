"""The docs' shell blocks are executed: docs/curl.md and the README's "Using it", against the local stack.

Each ```sh block runs in bash (``set -eo pipefail``: a failed step fails the test) in a
directory holding the files the block names (``notes.md``, ``notes.pdf``, tiny documents
from the corpus) and ``examples/``. Only three things are rewritten: the documented local
URL becomes the stack's, ``you@example.com`` becomes a fresh address per block (the stack
is shared by the blocks, and an address registers once), and nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

from tests.conftest import corpus_file
from tests.deploy.helpers import path_env
from tests.stack import ROOT

pytestmark = pytest.mark.slow

CURL_MD = Path(ROOT) / "docs" / "curl.md"
README = Path(ROOT) / "README.md"
DOCUMENTS = {
    "notes.md": "md-rust-book-ch04-01-what-is-ownership.md",
    "notes.pdf": "pdf-korean-nars-issue-brief-4p.pdf",
}
#: The local addresses the docs use for `make run`.
DOCUMENTED_URLS = ("http://127.0.0.1:8000", "http://localhost:8000", "localhost:8000")


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def readme_using_it() -> str:
    section = README.read_text().split("## Using it", 1)[1].split("\n## ", 1)[0]
    blocks = sh_blocks(section)
    assert blocks, "README.md has a 'Using it' section with a ```sh block"
    return blocks[0]


CURL_BLOCKS = sh_blocks(CURL_MD.read_text())


def localised(block: str, url: str) -> str:
    for documented in DOCUMENTED_URLS:
        block = block.replace(documented, url)
    return block.replace("you@example.com", f"doc-{uuid.uuid4().hex[:10]}@example.com")


def workdir(tmp_path: Path) -> Path:
    """A reader's directory: the documents the blocks upload and the repository's examples."""
    for name, corpus_name in DOCUMENTS.items():
        shutil.copyfile(corpus_file(corpus_name), tmp_path / name)
    (tmp_path / "examples").symlink_to(Path(ROOT) / "examples")
    return tmp_path


def run_blocks(blocks: list[str], url: str, cwd: Path, env: dict[str, str] | None = None):
    script = "set -eo pipefail\n" + "\n".join(localised(b, url) for b in blocks)
    script += '\nprintf "\\nJOB_ID=%s DECK_ID=%s\\n" "${JOB_ID:-}" "${DECK_ID:-}"\n'
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DECKHAND_", "API"))}
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=path_env({**base, **(env or {})}),
        capture_output=True,
        text=True,
        timeout=420,
    )


def ids(result: subprocess.CompletedProcess[str]) -> tuple[str, str]:
    match = re.search(r"JOB_ID=(\S*) DECK_ID=(\S*)\s*$", result.stdout)
    assert match, result.stdout[-2000:]
    return match[1], match[2]


def test_curl_md_has_the_blocks_this_test_runs():
    assert len(CURL_BLOCKS) == 3, "curl.md: the curl walk-through, the Python client, the fetch example"
    assert "TOKEN=$(" in CURL_BLOCKS[0] and "examples/client.py" in CURL_BLOCKS[1]
    assert "node examples/fetch.mjs" in CURL_BLOCKS[2]


def test_the_curl_walk_through_runs(local_stack, tmp_path):
    cwd = workdir(tmp_path)
    result = run_blocks([CURL_BLOCKS[0]], local_stack.url, cwd)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    job_id, deck_id = ids(result)
    assert job_id and deck_id and deck_id != "None", result.stdout[-2000:]
    # 3a streamed the job to its end; 3b and 4 printed the job and the deck as JSON.
    assert "data:" in result.stdout and '"succeeded"' in result.stdout
    with zipfile.ZipFile(cwd / "deck.apkg") as apkg:  # step 4's export is a real Anki package
        assert any(name.startswith("collection.anki") for name in apkg.namelist())


def test_the_python_client_block_runs(local_stack, tmp_path):
    cwd = workdir(tmp_path)
    result = run_blocks([CURL_BLOCKS[1]], local_stack.url, cwd)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = (cwd / "deck.csv").read_text().splitlines()
    assert len(rows) > 1, "a header and cards"


def test_the_fetch_block_runs(local_stack, node, tmp_path):
    cwd = workdir(tmp_path)
    result = run_blocks([CURL_BLOCKS[2]], local_stack.url, cwd)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len((cwd / "deck.csv").read_text().splitlines()) > 1


def test_the_readme_using_it_block_runs(local_stack, tmp_path):
    # curl.md's walk-through first, in the same shell: whatever the README block leaves to the
    # reader (a variable it uses without setting) is then set the documented way.
    cwd = workdir(tmp_path)
    result = run_blocks([CURL_BLOCKS[0], readme_using_it()], local_stack.url, cwd)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len((cwd / "deck.csv").read_text().splitlines()) > 1, "the README's csv export"


def test_the_readme_block_sets_the_ids_it_uses():
    # Reported, not fixed here: README.md belongs to another part of the project.
    block = readme_using_it()
    for name in re.findall(r"\$\{?([A-Z_]+)\}?", block):
        assert re.search(rf"^\s*{name}=", block, re.M), f"README 'Using it' uses ${name} without setting it"
