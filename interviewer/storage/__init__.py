"""Storage: interviews, turns, state snapshots, results, API keys and jobs in
SQLite (embedded default, in the data directory) or PostgreSQL (by URL),
through SQLAlchemy 2; schema migrations with Alembic.

    repository = Repository.from_settings(settings)   # migrates to the newest schema
    key, token = repository.keys.create_key(workspace="ops", name="anna")
"""

from __future__ import annotations

from interviewer.storage.migrate import run_migrations
from interviewer.storage.repository import Repository

__all__ = ["Repository", "run_migrations"]
