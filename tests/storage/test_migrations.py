"""The migrations build exactly the ORM's schema, on SQLite and PostgreSQL;
upgrading is idempotent and safe when several processes start at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from interviewer.errors import ConfigurationError
from interviewer.storage import run_migrations
from interviewer.storage.db import make_engine
from interviewer.storage.migrate import head_revision
from interviewer.storage.tables import Base


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_migrated_schema_equals_the_orm_metadata(database_url: str) -> None:
    assert run_migrations(database_url) == head_revision()
    assert _diff(database_url) == []
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrading_twice_changes_nothing(database_url: str) -> None:
    first = run_migrations(database_url)
    assert run_migrations(database_url) == first == head_revision()


def test_workers_starting_at_once_migrate_once(database_url: str) -> None:
    errors: list[BaseException] = []

    def upgrade() -> None:
        try:
            run_migrations(database_url)
        except BaseException as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=upgrade) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _diff(database_url) == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    run_migrations(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        engine.dispose()


def test_sqlite_syncs_every_commit_when_the_url_asks(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}?synchronous=full"
    run_migrations(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        engine.dispose()
    with pytest.raises(ConfigurationError, match="synchronous"):
        make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}?synchronous=sometimes")
