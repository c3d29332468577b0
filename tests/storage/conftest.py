"""Each storage test runs on SQLite and on PostgreSQL (a fresh schema; a
loud skip when the server does not answer)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.storage import Repository, run_migrations
from tests.storage.pg import postgres_url_or_skip


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    with postgres_url_or_skip() as url:
        yield url


@pytest.fixture
def repository(database_url: str) -> Iterator[Repository]:
    run_migrations(database_url)
    repository = Repository(database_url)
    try:
        yield repository
    finally:
        repository.close()
