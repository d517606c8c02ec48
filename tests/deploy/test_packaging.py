"""Packaging: the deployed services install only the runtime lock, and it is complete.

``requirements.txt`` is what Render's build installs; ``requirements-dev.txt`` adds the
tools of development and CI on top. These checks read the files and the code's imports,
so a runtime import that only the development lock provides fails here, not in production.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {
    "pytest",
    "pytest-timeout",
    "pytest-xdist",
    "mypy",
    "ruff",
    "hypothesis",
    "schemathesis",
    "pip-audit",
}
# Folders whose code never runs in a deployed service.
NOT_DEPLOYED = (
    "tests",
    "web",
    "scripts/bench",
    "scripts/load",
    "scripts/chaos.py",
    ".venv",
    "var",
    "build",
    "node_modules",
)


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-r")):
            continue
        name, _, version = line.partition("==")
        assert version, f"{path.name}: {line!r} is not pinned with =="
        pins[_name(name)] = version
    return pins


def _third_party_imports() -> set[str]:
    modules: set[str] = set()
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(NOT_DEPLOYED):
            continue
        for node in ast.walk(ast.parse(path.read_text(), relative)):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return {module for module in modules if module not in sys.stdlib_module_names}


def test_runtime_lock_has_no_development_tools() -> None:
    runtime = _pins(ROOT / "requirements.txt")
    assert not DEV_TOOLS & runtime.keys()
    dev_text = (ROOT / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in dev_text
    dev = _pins(ROOT / "requirements-dev.txt")
    assert dev.keys() >= DEV_TOOLS
    assert not dev.keys() & runtime.keys(), "a package pinned in both files can drift apart"


def test_declared_dependencies_are_locked_at_a_satisfying_version() -> None:
    runtime = _pins(ROOT / "requirements.txt")
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert declared, "pyproject.toml declares the runtime dependencies"
    for text in declared:
        requirement = Requirement(text)
        name = _name(requirement.name)
        assert name in runtime, f"{name} is declared but not in requirements.txt"
        assert requirement.specifier.contains(runtime[name]), f"{name}=={runtime[name]} breaks {requirement}"


def test_every_runtime_import_comes_from_the_runtime_lock() -> None:
    runtime = _pins(ROOT / "requirements.txt")
    providers = importlib.metadata.packages_distributions()
    missing = {}
    for module in _third_party_imports():
        distributions = {_name(d) for d in providers.get(module, [])}
        if not distributions or "deckhand" in distributions:
            continue  # one of the project's own modules
        if not distributions & runtime.keys():
            missing[module] = sorted(distributions)
    assert not missing, f"imported by deployed code but only in the development lock: {missing}"


def test_every_top_level_module_and_package_is_packaged() -> None:
    # The services run from the installed project (`deckhand worker`, `deckhand scheduler`): a
    # top-level module left out of pyproject.toml imports in a checkout and fails once deployed.
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    modules = {p.stem for p in ROOT.glob("*.py") if p.stem.isidentifier()}
    assert modules == set(setuptools["py-modules"]), "pyproject.toml [tool.setuptools] py-modules"
    included = setuptools["packages"]["find"]["include"]
    packages = {
        p.parent.name for p in ROOT.glob("*/__init__.py") if not p.parent.name.startswith(NOT_DEPLOYED)
    }
    unpackaged = {
        name
        for name in packages
        if not any(re.fullmatch(pattern.replace("*", ".*"), name) for pattern in included)
    }
    assert not unpackaged, f"packages that pyproject.toml does not include: {sorted(unpackaged)}"
