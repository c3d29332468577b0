"""`interviewer analyze PATH... --out DIR`: analyse transcript files and
folders in worker processes, one result JSON each, resumably."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.batch.summary import BatchSummary
    from interviewer.settings import Settings

_SUMMARY_CHOICES = {"csv": ("csv",), "jsonl": ("jsonl",), "both": ("csv", "jsonl")}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "analyze",
        aliases=["analyse"],
        help="analyse transcript files or folders into one result JSON each",
        description="Analyse interview transcripts (.txt, .vtt, .srt, .json, .docx; folders are searched "
        "recursively) and write <out>/<case>.json per transcript, reports beside them, and "
        "summary.csv / summary.jsonl. Results that are up to date are skipped unless --force. "
        "Exits with 1 when any transcript failed.",
    )
    add_batch_arguments(parser)
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="transcript files or folders")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder for the results")
    parser.set_defaults(func=run)


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared with `interviewer demo`."""
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes (default: number of CPUs)")
    parser.add_argument("--force", action="store_true", help="analyse again even when a result is up to date")
    parser.add_argument("--language", choices=("de", "en"), help="interview language (default: detected)")
    parser.add_argument("--engine", choices=("offline", "llm"), help="extraction engine (default: settings)")
    parser.add_argument(
        "--reports",
        default="html,md",
        metavar="LIST",
        help="reports to write beside each result: html,md,bpmn,mermaid or none (default: html,md)",
    )
    parser.add_argument(
        "--summary",
        choices=tuple(_SUMMARY_CHOICES),
        default="both",
        help="summary file format (default: both)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_from_args(args: argparse.Namespace, paths: list[Path], out_dir: Path) -> tuple[int, BatchSummary]:
    """Run the batch as the options say and print its summary; (exit code, BatchSummary)."""
    from rich.console import Console

    from interviewer.batch import run_batch
    from interviewer.batch.reports_hook import parse_report_formats
    from interviewer.batch.table import print_batch_summary
    from interviewer.errors import InputError
    from interviewer.settings import Settings

    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    try:
        reports = parse_report_formats(args.reports)
    except ValueError as error:
        raise InputError(f"--reports: {error}") from None
    overrides = {key: value for key, value in (("engine", args.engine), ("language", args.language)) if value}
    settings = Settings(**overrides)
    summary = run_batch(
        paths,
        out_dir,
        settings=settings,
        workers=args.workers,
        force=args.force,
        reports=reports,
        progress=not args.no_progress,
        summary=_SUMMARY_CHOICES[args.summary],
    )
    console = Console()
    print_batch_summary(summary, console)
    if settings.engine == "llm":
        usage = _llm_usage(summary, settings)
        if usage:
            console.print(usage, highlight=False)
    return (1 if summary.failed else 0), summary


def _llm_usage(summary: BatchSummary, settings: Settings) -> str:
    """Tokens and estimated cost of the results analysed in this run (read
    back from their files: the workers keep no results in memory)."""
    from interviewer.engines.llm.cost import summarise_usage
    from interviewer.models import AnalysisResult

    results = [
        AnalysisResult.model_validate_json(Path(item.result).read_text(encoding="utf-8"))
        for item in summary.items
        if item.status == "ok" and item.result
    ]
    return summarise_usage(results, settings.llm_prices_per_million)


def run(args: argparse.Namespace) -> int:
    code, _ = run_from_args(args, list(args.paths), args.out)
    return code
