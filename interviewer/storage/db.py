"""Connections: one SQLAlchemy engine per database URL, and the two kinds of
transaction the repository uses.

SQLite (the embedded default) runs in WAL mode so that readers never wait for
the writer, with foreign keys on and a busy timeout. Its write transactions
start with BEGIN IMMEDIATE: the write lock is taken at the start, so two
requests that both read-then-write one interview cannot interleave (a
deferred transaction would fail with "database is locked" at its first write
instead). Within one process, writers also queue on a lock, because SQLite's
own busy handler sleeps in steps of up to 100 ms, which would dominate the
latency of a short transaction.

On PostgreSQL, write transactions lock the interview row with SELECT ... FOR
UPDATE (the repository does that); the unique constraints are the last line
of defence on both.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from interviewer.errors import ConfigurationError

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """postgresql:// means psycopg 3 here (psycopg2 is not installed)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if not is_sqlite(url):
        return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True)
    parsed = make_url(url)
    synchronous = _synchronous(parsed.query.get("synchronous"))
    parsed = parsed.difference_update_query(["synchronous"])
    database = parsed.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        parsed,
        pool_size=10,
        max_overflow=40,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", functools.partial(_sqlite_on_connect, synchronous=synchronous))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _synchronous(value: object) -> str:
    """NORMAL by default: in WAL mode every commit survives the process being
    killed (SIGKILL, out of memory); only a power cut or an OS crash can lose
    the last commits. `?synchronous=full` in the URL syncs every commit to
    disk as well, at several milliseconds per commit on ordinary disks."""
    if value is None:
        return "NORMAL"
    choice = str(value[0] if isinstance(value, tuple) else value).upper()
    if choice not in ("NORMAL", "FULL", "EXTRA"):
        raise ConfigurationError(f"database URL: synchronous must be normal, full or extra, got {value!r}")
    return choice


def _sqlite_on_connect(dbapi_connection: Any, _record: Any, *, synchronous: str) -> None:
    # Take transaction control away from the sqlite3 module (which would
    # begin transactions lazily, before the first write only), so that the
    # "begin" hook below decides how each transaction starts.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


class _WriterQueue:
    """SQLite writers wait here rather than in SQLite's busy handler, which
    sleeps in steps of up to 100 ms. Threads queue on a lock; processes (API
    workers) on an advisory lock file beside the database."""

    def __init__(self, database: str | None) -> None:
        self._threads = threading.Lock()
        self._file: Any = None
        if database and database != ":memory:":
            try:
                import fcntl  # noqa: F401  (POSIX only; elsewhere threads queue, processes retry)

                self._file = Path(database + ".write-lock").open("a+")  # noqa: SIM115 (held for the process)
            except (ImportError, OSError):
                self._file = None

    def __enter__(self) -> None:
        self._threads.acquire()
        if self._file is not None:
            import fcntl

            try:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
            except BaseException:
                self._threads.release()
                raise

    def __exit__(self, *_: object) -> None:
        if self._file is not None:
            import fcntl

            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        self._threads.release()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Database:
    """An engine and its read and write transactions."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.sqlite = is_sqlite(self.url)
        self.engine = make_engine(self.url)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.sqlite else self.engine
        self._writer = writer
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(writer, expire_on_commit=False)
        self._write_lock = _WriterQueue(make_url(self.url).database) if self.sqlite else None

    @property
    def backend(self) -> str:
        return "sqlite" if self.sqlite else make_url(self.url).get_backend_name()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A transaction that only reads (a consistent snapshot on both databases)."""
        with self._reads.begin() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that writes; commits at the end, rolls back on error."""
        with self._write_lock or nullcontext(), self._writes.begin() as session:
            yield session

    @contextmanager
    def reading_connection(self) -> Iterator[Connection]:
        """reading(), for SQLAlchemy Core statements."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def writing_connection(self) -> Iterator[Connection]:
        """writing(), for SQLAlchemy Core statements (the hot path)."""
        with self._write_lock or nullcontext(), self._writer.begin() as connection:
            yield connection

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
        if self._write_lock is not None:
            self._write_lock.close()
