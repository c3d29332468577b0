"""`interviewer demo`: the batch over the sample interviews shipped with the
package (German and English; text, WebVTT, SRT, JSON and DOCX), to see what
the tool does on a fresh machine without any input of your own."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from interviewer.cli.analyze_cmd import add_batch_arguments

    parser = subparsers.add_parser(
        "demo",
        help="analyse the bundled sample interviews and show where the results are",
        description="Runs `interviewer analyze` over the sample transcripts shipped with the package.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("demo-output"),
        metavar="DIR",
        help="results folder (default: ./demo-output)",
    )
    add_batch_arguments(parser)
    parser.set_defaults(func=run)


def samples_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("interviewer").joinpath("samples")))


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from interviewer.cli.analyze_cmd import run_from_args

    samples = samples_dir()
    code, summary = run_from_args(args, [samples], args.out)
    console = Console()
    console.print(f"\nSample transcripts: {samples}")
    console.print(f"Results (one JSON per interview): {summary.out_dir.resolve()}")
    reports = sorted(summary.out_dir.glob("*.html"))
    if reports:
        console.print(f"HTML report, open in a browser: {reports[0].resolve()}")
    return code
