"""`interviewer db upgrade`: bring the database to the newest schema."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "db",
        help="database schema: upgrade to the newest version",
        description="The database is INTERVIEWER_DATABASE_URL (PostgreSQL) or SQLite in the data directory. "
        "`interviewer serve` upgrades it at start-up too.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="apply the schema migrations that are missing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from interviewer.settings import Settings
    from interviewer.storage import run_migrations

    url = Settings().effective_database_url
    revision = run_migrations(url)
    print(f"database {make_url(url).render_as_string(hide_password=True)} is at schema revision {revision}")
    return 0
