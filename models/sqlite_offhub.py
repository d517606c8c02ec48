"""SQLite connections whose blocking calls leave the gevent hub (the API under gunicorn's gevent).

The sqlite3 driver waits in C: for the write lock while another process writes (SQLite's busy
handler sleeps up to the busy timeout), and for the fsync of a commit. In a gevent process that
wait stops the whole process: every request, every progress stream, even the accepting of new
connections. Measured under the load suite (200 users, the worker writing cards): the API's
processes sat in such waits most of the time, sign-ups waited 15-25 s in the listen queue
before the server read them, and the processes used a fraction of a core meanwhile.

:func:`connect` returns a connection whose statements, commits and rollbacks run in the ``db``
thread lane (:mod:`cooperative`); reading the rows of a statement that has run, and everything
else, is the plain driver's. Used only where gevent has patched the process; PostgreSQL's
driver already waits cooperatively.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from cooperative import off_hub


class CooperativeCursor:
    """A sqlite3 cursor whose ``execute`` family runs off the hub."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        object.__setattr__(self, "_cursor", cursor)

    def execute(self, sql: str, parameters: Any = ()) -> CooperativeCursor:
        off_hub("db", self._cursor.execute, sql, parameters)
        return self

    def executemany(self, sql: str, parameters: Any) -> CooperativeCursor:
        off_hub("db", self._cursor.executemany, sql, parameters)
        return self

    def executescript(self, script: str) -> CooperativeCursor:
        off_hub("db", self._cursor.executescript, script)
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._cursor, name, value)


class CooperativeConnection:
    """A sqlite3 connection whose statements, commits and rollbacks run off the hub."""

    __slots__ = ("_connection",)

    def __init__(self, connection: sqlite3.Connection) -> None:
        object.__setattr__(self, "_connection", connection)

    def cursor(self) -> CooperativeCursor:
        return CooperativeCursor(self._connection.cursor())

    def execute(self, sql: str, parameters: Any = ()) -> CooperativeCursor:
        return self.cursor().execute(sql, parameters)

    def commit(self) -> None:
        off_hub("db", self._connection.commit)

    def rollback(self) -> None:
        off_hub("db", self._connection.rollback)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)


def connect(database: str, timeout_s: float) -> CooperativeConnection:
    """A connection to the SQLite file ``database``, usable from any thread of the process."""
    return CooperativeConnection(sqlite3.connect(database, timeout=timeout_s, check_same_thread=False))
