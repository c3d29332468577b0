"""Schema migrations with Alembic, run from code: at API start-up and by
`interviewer db upgrade`. No alembic.ini: the configuration is built here.

Several API workers may start at once: the upgrade runs under a lock (a
PostgreSQL advisory lock, or a lock file beside the SQLite database), and
whoever comes second finds the schema at head and does nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from interviewer.storage.db import is_sqlite, make_engine, normalise_url

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant: identifies "interviewer schema upgrade" among advisory locks.
_ADVISORY_LOCK_ID = 7_301_120_915


def alembic_config(url: str, connection: Connection | None = None) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # '%' is ConfigParser's interpolation character (URL-encoded passwords).
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    if head is None:
        raise RuntimeError(f"no migration revisions under {MIGRATIONS}")
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def run_migrations(url: str) -> str:
    """Upgrade the database at `url` to the newest schema; returns the revision."""
    from alembic import command

    url = normalise_url(url)
    head = head_revision()
    engine = make_engine(url)
    try:
        with _upgrade_lock(url, engine.connect()) as connection:
            if current_revision(connection) != head:
                connection.commit()
                command.upgrade(alembic_config(url, connection), "head")  # type: ignore[arg-type]
                connection.commit()
            return current_revision(connection) or head
    finally:
        engine.dispose()


@contextlib.contextmanager
def _upgrade_lock(url: str, connection: Connection) -> Iterator[Connection]:
    with connection:
        if is_sqlite(url):
            database = make_url(url).database
            if not database or database == ":memory:":
                yield connection
                return
            with _file_lock(Path(database + ".migrate-lock")):
                yield connection
            return
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
        try:
            yield connection
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": _ADVISORY_LOCK_ID})
            connection.commit()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: a single process is the common case there
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
