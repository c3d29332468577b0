"""`interviewer serve`: run the REST API with uvicorn."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the REST API (docs at http://HOST:PORT/docs)",
        description="Run the REST API. Configuration comes from INTERVIEWER_* environment variables or the "
        "config file; the database is upgraded to the newest schema first. See docs/api.md.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes (default 1; they share the database)"
    )
    parser.add_argument(
        "--log-level", default="info", choices=("critical", "error", "warning", "info", "debug")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from interviewer.errors import InputError
    from interviewer.settings import Settings
    from interviewer.storage import run_migrations

    if args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    settings = Settings()
    # Once here, so that the workers do not all start by migrating.
    run_migrations(settings.effective_database_url)
    if args.workers > 1 and not settings.chroma_url:
        # Create the on-disk vector store here, once: workers that all open a
        # new one at the same moment race on its schema, and one fails to start.
        from interviewer.knowledge.sources import chroma_client

        chroma_client(settings)
    uvicorn.run(
        "interviewer.api.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        # Behind a proxy, X-Forwarded-* is trusted from loopback only (the default).
        proxy_headers=True,
        timeout_graceful_shutdown=10,
    )
    return 0
