"""Redis has one owner: clients are made in one module, key layouts are written in one module.

These read the production modules' syntax trees; they import nothing, so they run in
milliseconds and fail with the file and line that broke the rule.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The one module allowed to create Redis clients and connection pools.
CLIENT_HOME = ROOT / "redisconn" / "clients.py"
#: The one module allowed to spell out Redis key layouts.
KEY_HOME = ROOT / "redisconn" / "keys.py"
#: Not production code: tests, benchmark and load scripts may make their own clients.
NOT_PRODUCTION = ("tests", "scripts/bench", "scripts/load", "web", "migrations", ".venv", "var", "build")

#: Calls that create a client or a pool: ``Redis(...)``, ``Redis.from_url``, ``redis.from_url``,
#: ``ConnectionPool(...)``, ``BlockingConnectionPool.from_url`` and their async twins.
CLIENT_CLASSES = {"Redis", "StrictRedis", "ConnectionPool", "BlockingConnectionPool", "RedisCluster"}
#: A key string: Dramatiq's namespace, ours, or the providers' shared ``llm:`` keys, a colon, then
#: no space ("deckhand: ..." is a message).
KEY_LITERAL = re.compile(r"^(dramatiq|deckhand|llm):\S")
#: What a key built under a configured root starts with: the broker namespace or SECURITY_KEY_PREFIX.
KEY_ROOTS = ("namespace", "key_prefix")


def production_modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith(NOT_PRODUCTION):
            yield path


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def client_constructions(tree: ast.Module) -> Iterator[int]:
    """Line numbers of the calls in ``tree`` that create a Redis client or connection pool."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "from_url":
            owner = func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name in CLIENT_CLASSES or name == "redis":
                yield node.lineno
        elif (isinstance(func, ast.Attribute) and func.attr in CLIENT_CLASSES) or (
            isinstance(func, ast.Name) and func.id in CLIENT_CLASSES
        ):
            yield node.lineno


def namespace_fstrings(tree: ast.Module) -> Iterator[int]:
    """Line numbers of f-strings that build a key under a configured root: ``f"{namespace}:..."``,
    ``f"{settings.security_key_prefix}:..."``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr) or len(node.values) < 2:
            continue
        head, after = node.values[0], node.values[1]
        if not isinstance(head, ast.FormattedValue) or not isinstance(after, ast.Constant):
            continue
        root = ast.unparse(head.value)
        if any(name in root for name in KEY_ROOTS) and str(after.value).startswith(":"):
            yield node.lineno


def key_literals(tree: ast.Module) -> Iterator[int]:
    """Line numbers of string constants (f-string parts too) that spell a ``dramatiq:``,
    ``deckhand:`` or ``llm:`` key."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY_LITERAL.match(node.value):
            yield node.lineno


def where(check: Callable[[ast.Module], Iterator[int]], allowed: Path) -> list[str]:
    found = []
    for path in production_modules():
        if path == allowed:
            continue
        for line in check(parse(path)):
            found.append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_redis_clients_are_created_only_in_the_client_module() -> None:
    offenders = where(client_constructions, CLIENT_HOME)
    assert offenders == [], f"create Redis clients through redisconn.client/connect, not here: {offenders}"


def test_the_client_module_does_create_the_clients() -> None:
    # The scan would pass vacuously if it recognised no construction at all.
    assert list(client_constructions(parse(CLIENT_HOME)))


def test_no_key_string_names_dramatiq_or_deckhand_outside_the_key_module() -> None:
    offenders = where(key_literals, KEY_HOME)
    assert offenders == [], f"name these keys in redisconn/keys.py: {offenders}"


def test_keys_under_the_namespace_are_built_only_in_the_key_module() -> None:
    offenders = where(namespace_fstrings, KEY_HOME)
    assert offenders == [], f"build these keys in redisconn/keys.py: {offenders}"
    assert list(namespace_fstrings(parse(KEY_HOME)))


def test_the_scans_recognise_what_they_forbid() -> None:
    sample = ast.parse(
        "import redis\n"
        "a = redis.Redis.from_url(url)\n"
        "b = redis.Redis(connection_pool=p)\n"
        "c = redis.BlockingConnectionPool.from_url(url)\n"
        "d = redis.from_url(url)\n"
        "e = f'{namespace}:queue'\n"
        "f = 'dramatiq:__heartbeats__'\n"
        "g = 'deckhand: a message, not a key'\n"
        "h = f'llm:cb:{provider}'\n"
        "i = f'{settings.security_key_prefix}:rl'\n"
    )
    assert list(client_constructions(sample)) == [2, 3, 4, 5]
    assert sorted(namespace_fstrings(sample)) == [6, 10]
    assert sorted(key_literals(sample)) == [7, 9]
