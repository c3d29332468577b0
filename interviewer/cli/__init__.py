"""The `interviewer` command. Thin: parses arguments, reads Settings once,
calls the package, prints. Each subcommand lives in its own module with
`register(subparsers)`; modules import heavy libraries only inside `run`, so
that `interviewer --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Subcommand modules, in the order `--help` lists them.
# Add a module here when you add a subcommand.
COMMAND_MODULES = (
    "analyze_cmd",
    "demo_cmd",
    "chat_cmd",
    "eval_cmd",
    "report_cmd",
    "patterns_cmd",
    "schema_cmd",
    "doctor_cmd",
    "serve_cmd",
    "keys_cmd",
    "db_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    from interviewer import __version__

    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="Interview staff about how their work flows, find the waiting and the handoffs, "
        "and propose where AI can collapse them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"interviewer.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from interviewer.errors import InterviewerError

    try:
        code: int = args.func(args)
        return code
    except InterviewerError as error:
        print(f"interviewer: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interviewer: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
