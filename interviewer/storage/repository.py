"""The storage seam: one object that the API (and the CLI) is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.storage.db import Database
from interviewer.storage.interviews import InterviewStore
from interviewer.storage.jobs import JobStore
from interviewer.storage.keys import KeyStore

if TYPE_CHECKING:
    from interviewer.settings import Settings


class Repository:
    """Workspaces and keys, interviews, and jobs, over one database."""

    def __init__(self, url: str) -> None:
        self.db = Database(url)
        self.keys = KeyStore(self.db)
        self.interviews = InterviewStore(self.db)
        self.jobs = JobStore(self.db)

    @classmethod
    def from_settings(cls, settings: Settings, *, migrate: bool = True) -> Repository:
        """The repository of `settings.effective_database_url`, upgraded to the
        newest schema first unless `migrate` is False."""
        url = settings.effective_database_url
        if migrate:
            from interviewer.storage.migrate import run_migrations

            run_migrations(url)
        return cls(url)

    @property
    def backend(self) -> str:
        return self.db.backend

    def ping(self) -> None:
        """Raises when the database does not answer."""
        self.db.ping()

    def close(self) -> None:
        self.db.dispose()
