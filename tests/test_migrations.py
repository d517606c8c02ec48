"""The Alembic history matches the models and can be walked both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import models  # noqa: F401 - registers the tables
from models.db import alembic_config, current_revision, downgrade, head_revision, make_engine, migrate

pytestmark = pytest.mark.sql  # migrations: SQLite and PostgreSQL


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


def test_every_step_down_and_up_and_the_workers_view_of_it(db_settings):
    """Each migration's downgrade() runs on its own (a release is rolled back one step), and the
    worker's start-up check (deploy/schema.py) sees every step below head as "behind"."""
    from deploy.schema import schema_state

    script = ScriptDirectory.from_config(alembic_config(db_settings))
    revisions = [r.revision for r in script.walk_revisions()]  # head first
    engine = make_engine(db_settings)
    migrate(db_settings)
    assert schema_state(engine, script).status == "at_head"
    for below in [*revisions[1:], None]:
        downgrade(db_settings, "-1")
        state = schema_state(engine, script)
        assert current_revision(engine) == below
        assert (state.status, state.current) == ("behind", below)
    for revision in reversed(revisions):
        migrate(db_settings, "+1")
        assert current_revision(engine) == revision
    assert schema_state(engine, script).status == "at_head"
    engine.dispose()
