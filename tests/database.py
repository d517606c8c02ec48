"""Migrated databases for tests, copied from a template instead of running Alembic each time.

Running every migration on a fresh database costs about half a second on SQLite and more
on PostgreSQL, and hundreds of tests need a migrated schema. Alembic builds one template
per backend and process (the migrations still run, once, and ``tests/test_migrations.py``
checks them step by step); each test then gets a copy: the SQLite file through SQLite's
backup API, a PostgreSQL database re-created with ``CREATE DATABASE … TEMPLATE``. A
database that already has tables (a test that migrated part-way on purpose) is upgraded
by Alembic as before, so the result is always the schema at head.
"""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from config import Settings, load_settings
from models.db import migrate

_sqlite_template: Path | None = None
_postgres_templates: dict[str, str] = {}  # server (host:port) -> template database name


def migrate_head(settings: Settings) -> None:
    """Bring the settings' database to the head revision, by copy when it is empty."""
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        _sqlite_copy(settings)
    else:
        _postgres_copy(settings)


def _sqlite_copy(settings: Settings) -> None:
    global _sqlite_template
    database = make_url(settings.sqlalchemy_url).database
    if not database or database == ":memory:":
        migrate(settings)
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    target = Path(database)
    with sqlite3.connect(target) as conn:
        empty = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    if not empty:
        migrate(settings)
        return
    if _sqlite_template is None:
        directory = Path(tempfile.mkdtemp(prefix="deckhand-template-"))
        path = directory / "template.db"
        url = f"sqlite:///{path}"
        migrate(load_settings(env="test", data_dir=directory, database_url=url, _env_file=None))
        _sqlite_template = path
    source = sqlite3.connect(_sqlite_template)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def _postgres_copy(settings: Settings) -> None:
    url = make_url(settings.sqlalchemy_url)
    name = url.database
    admin = f"postgresql://{url.username}@{url.host}:{url.port}/postgres"
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    if tables is None or tables[0] or not name:
        migrate(settings)
        return
    server = f"{url.host}:{url.port}"
    template = _postgres_templates.get(server)
    if template is None:
        template = "tmpl_" + uuid.uuid4().hex[:12]
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{template}"')
        migrated = url.set(database=template).render_as_string(hide_password=False)
        scratch = Path(tempfile.mkdtemp(prefix="deckhand-template-"))
        migrate(load_settings(env="test", data_dir=scratch, database_url=migrated, _env_file=None))
        _postgres_templates[server] = template
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
