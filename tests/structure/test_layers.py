"""The layout's rules, checked on the source: imports run one way between top-level
packages and between modules, and no production module grows past a size one can read whole.

The import graph is built from the AST (every ``import``, including ones inside
functions, which are still a dependency), so the check needs nothing importable.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Top-level entries that are not production code.
NOT_PRODUCTION = frozenset({"tests", "scripts", "migrations", "docs", "web", "examples", "deploy_assets"})

#: Lines a production module may have.
MAX_MODULE_LINES = 500

#: Modules allowed past the limit, each with why it is one idea.
LONG_MODULES: dict[str, str] = {
    "documents/parsers/pdf.py": "one parser: pdfminer layout walking, headings and page limits of one format",
    "providers/fakes/server.py": "fake provider servers for tests: each wire format in one process",
}

#: Imports that run upward today, each (importing module, imported top-level package) with the
#: change that removes it. The cycle check ignores these and only these; a new one fails it.
#: None is left: every top-level package imports only downward.
KNOWN_UPWARD_IMPORTS: dict[tuple[str, str], str] = {}


def production_nodes() -> dict[str, list[Path]]:
    """Each top-level package or module of the project, with its Python files."""
    nodes: dict[str, list[Path]] = {}
    for entry in sorted(ROOT.iterdir()):
        if entry.name.startswith(".") or entry.name in NOT_PRODUCTION:
            continue
        if entry.is_dir() and (entry / "__init__.py").exists():
            nodes[entry.name] = sorted(p for p in entry.rglob("*.py") if ".venv" not in p.parts)
        elif entry.suffix == ".py" and entry.stem.isidentifier():
            nodes[entry.stem] = [entry]
    return nodes


def imported_names(path: Path) -> Iterator[str]:
    """Absolute module names ``path`` imports (relative imports stay inside their package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def import_graph(*, ignore: frozenset[tuple[str, str]] = frozenset()) -> dict[str, dict[str, list[str]]]:
    """node -> imported node -> the modules (relative paths) making that import, less ``ignore``."""
    nodes = production_nodes()
    graph: dict[str, dict[str, list[str]]] = {name: {} for name in nodes}
    for name, files in nodes.items():
        for path in files:
            for module in imported_names(path):
                target = module.split(".")[0]
                relative = str(path.relative_to(ROOT))
                if target in nodes and target != name and (relative, target) not in ignore:
                    graph[name].setdefault(target, []).append(relative)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_known_downward_imports() -> None:
    # Guards the check itself: a graph that found nothing would pass every cycle test.
    graph = import_graph()
    assert "models" in graph["api"]
    assert "config" in graph["models"] or "config" in graph["api"]
    assert "documents" in graph["tasks"]


def test_every_known_upward_import_is_still_there() -> None:
    # An exception that no longer applies is removed, so that the list stays the truth.
    graph = import_graph()
    stale = [
        pair for pair in KNOWN_UPWARD_IMPORTS if pair[0] not in graph[pair[0].split("/")[0]].get(pair[1], [])
    ]
    assert not stale, f"no longer imported, remove from KNOWN_UPWARD_IMPORTS: {stale}"


def test_no_import_cycle_between_top_level_packages() -> None:
    graph = import_graph(ignore=frozenset(KNOWN_UPWARD_IMPORTS))
    problems = []
    for component in cycles(graph):
        members = set(component)
        edges = [
            f"  {source} -> {target}: {', '.join(sorted(set(modules))[:4])}"
            for source in component
            for target, modules in sorted(graph[source].items())
            if target in members
        ]
        problems.append(f"cycle between {', '.join(component)}:\n" + "\n".join(edges))
    assert not problems, "\n".join(problems)


def module_graph() -> dict[str, dict[str, list[str]]]:
    """Each production module (dotted name) -> the production modules it imports (lazy ones too).

    ``from package import submodule`` is an edge to the submodule only: the package's
    ``__init__`` running first is Python's import order, not a dependency of the importer.
    """
    modules: dict[str, Path] = {}
    for files in production_nodes().values():
        for path in files:
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph: dict[str, dict[str, list[str]]] = {name: {} for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                named = [f"{node.module}.{alias.name}" for alias in node.names]
                submodules = [module for module in named if module in modules]
                targets = submodules if len(submodules) == len(node.names) else [*submodules, node.module]
            for target in targets:
                if target in modules and target != name:
                    graph[name].setdefault(target, []).append(str(path.relative_to(ROOT)))
    return graph


def test_no_import_cycle_between_modules() -> None:
    # Inside a folder too: two modules importing each other (even lazily, inside a function) are
    # one idea split in two, or a third module waiting to be written.
    found = cycles(module_graph())
    assert not found, f"modules importing each other: {found}"


def test_the_module_graph_sees_lazy_imports() -> None:
    # Guards the check: providers/adapters/__init__.py imports each SDK's adapter inside a function.
    graph = module_graph()
    assert "providers.adapters.anthropic" in graph["providers.adapters"]
    assert "api.openapi_table" in graph["api.openapi"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph: dict[str, dict[str, list[str]]] = {
        "a": {"b": ["a/x.py"]},
        "b": {"c": ["b/y.py"]},
        "c": {"a": ["c/z.py"]},
    }
    graph["d"] = {"a": ["d/w.py"]}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_production_module_is_over_the_line_limit() -> None:
    too_long = []
    for files in production_nodes().values():
        for path in files:
            relative = str(path.relative_to(ROOT))
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_MODULE_LINES and relative not in LONG_MODULES:
                too_long.append(f"{relative}: {lines} lines")
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split by idea): {too_long}"


def test_every_listed_long_module_still_exists_and_is_long() -> None:
    # An exception that no longer applies is removed, so that the list stays the truth.
    stale = [
        relative
        for relative in LONG_MODULES
        if not (ROOT / relative).exists()
        or len((ROOT / relative).read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES
    ]
    assert not stale, f"no longer over the limit, remove from LONG_MODULES: {stale}"
