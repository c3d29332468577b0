"""`interviewer report RESULT.json --format html|md|bpmn|mermaid [--out FILE]`:
render a stored analysis result as a report, to stdout or a file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.models import AnalysisResult

# Kept here (not imported from interviewer.reports) so that `--help` stays fast.
FORMAT_CHOICES = ("html", "md", "bpmn", "mermaid", "markdown")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="render an analysis result (JSON) as HTML, Markdown, BPMN or Mermaid",
        description="Render an analysis result written by `interviewer analyze` as a report. "
        "HTML is one self-contained page with swimlane diagrams; BPMN 2.0 opens laid out in "
        "bpmn.io and Camunda Modeler; Mermaid and Markdown suit wikis and tickets.",
    )
    parser.add_argument("result", type=Path, metavar="RESULT.json", help="an analysis result file")
    parser.add_argument(
        "--format", "-f", choices=FORMAT_CHOICES, default="html", help="report format (default: html)"
    )
    parser.add_argument(
        "--out", "-o", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    parser.set_defaults(func=run)


def load_result(path: Path) -> AnalysisResult:
    """Read and validate a result file; errors name the file, and the line or field."""
    import json

    from pydantic import ValidationError

    from interviewer.errors import InputError
    from interviewer.models import AnalysisResult

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise InputError(f"{path}: is a folder, not a result file") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from error
    try:
        return AnalysisResult.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        raise InputError(f"{path}: field '{field}': {first['msg']}{more}") from error


def run(args: argparse.Namespace) -> int:
    import sys

    from interviewer.reports import render, write_text_atomic

    result = load_result(args.result)
    text = render(result, args.format)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_text_atomic(args.out, text)
    print(args.out, file=sys.stderr)
    return 0
