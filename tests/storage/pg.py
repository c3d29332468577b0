"""The PostgreSQL server of the development and CI machines
(127.0.0.1:5432, database `test`, trust auth): each use gets a schema of
its own, dropped afterwards. When the server does not answer, the test is
skipped with a loud reason (and a line on stderr)."""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import Iterator

import pytest

SERVER = "postgresql://postgres@127.0.0.1:5432/test"


def _unavailable() -> str | None:
    import psycopg

    try:
        with psycopg.connect(SERVER, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except Exception as error:
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"
    return None


@contextlib.contextmanager
def postgres_url_or_skip() -> Iterator[str]:
    """A SQLAlchemy URL whose search_path is a fresh schema."""
    import psycopg

    problem = _unavailable()
    if problem is not None:
        message = (
            f"!!! POSTGRESQL SUITE SKIPPED: {SERVER} does not answer ({problem}). "
            "Start PostgreSQL on 127.0.0.1:5432 with a database `test` to run it. !!!"
        )
        print(message, file=sys.stderr)
        pytest.skip(message)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(SERVER, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
