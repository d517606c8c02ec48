"""The Alembic history matches the models and can be walked both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import models  # noqa: F401 - registers the tables
from models.db import alembic_config, current_revision, downgrade, head_revision, make_engine, migrate


def test_there_is_a_single_head(settings):
    heads = ScriptDirectory.from_config(alembic_config(settings)).get_heads()
    assert len(heads) == 1, heads


def test_models_and_migrations_agree(db_settings):
    migrate(db_settings)
    engine = make_engine(db_settings)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    engine.dispose()
    assert diff == []


def test_upgrade_downgrade_upgrade(db_settings):
    engine = make_engine(db_settings)
    migrate(db_settings)
    assert current_revision(engine) == head_revision(db_settings)
    assert "job" in inspect(engine).get_table_names()

    downgrade(db_settings, "base")
    assert current_revision(engine) is None
    assert "job" not in inspect(engine).get_table_names()

    migrate(db_settings)
    assert current_revision(engine) == head_revision(db_settings)
    engine.dispose()
