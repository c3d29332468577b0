"""`interviewer eval`: score the project on the evaluation cases, or on PET."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DEFAULT_CASES = Path("eval/cases")
DEFAULT_PET = Path("../shared/data/pet/all.jsonl")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the analysis against the evaluation cases (or the PET benchmark)",
        description="Run the project over a folder of evaluation cases (eval/cases/*.yaml), print a "
        "scorecard and write it as JSON. With --pet, run the offline engine on the PET benchmark instead.",
    )
    parser.add_argument(
        "cases_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_CASES,
        metavar="CASES_DIR",
        help=f"folder of case YAML files (default {DEFAULT_CASES})",
    )
    parser.add_argument(
        "--engine",
        choices=("offline", "llm"),
        default=None,
        help="engine to evaluate (default: the configured one, offline unless set)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="JSON file to write (default eval/results/scorecard-<engine>.json, "
        "or eval/results/pet-offline.json with --pet)",
    )
    parser.add_argument(
        "--case",
        dest="case_ids",
        action="append",
        nargs="+",
        default=None,
        metavar="ID",
        help="only these case ids (repeatable)",
    )
    parser.add_argument(
        "--pet",
        nargs="?",
        type=Path,
        const=DEFAULT_PET,
        default=None,
        metavar="PET_PATH",
        help=f"run the PET benchmark (default data {DEFAULT_PET})",
    )
    # The interviewer's own eval (interviewer/evaluation/interview_cli.py).
    parser.add_argument(
        "--interview",
        action="store_true",
        help="evaluate the live interviewer: interview a simulated person per case "
        "(default out eval/results/interview-<engine>.json)",
    )
    parser.add_argument(
        "--max-questions",
        type=int,
        default=15,
        metavar="N",
        help="with --interview: questions per case (default 15)",
    )
    parser.add_argument(
        "--interviewee",
        choices=("auto", "offline", "llm"),
        default="auto",
        help="with --interview: the simulated person; auto = an LLM persona when an endpoint is configured",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        # Piped or in CI: rich would assume 80 columns and wrap every cell.
        console = Console(width=150)
    if args.pet is not None:
        return _run_pet(args, console)
    if args.interview:
        from interviewer.evaluation.interview_cli import run_interview

        return run_interview(args, console)

    from interviewer.evaluation.cases import load_cases
    from interviewer.evaluation.runner import render_scorecard, run_eval, write_scorecard
    from interviewer.settings import Settings

    settings = Settings(engine=args.engine) if args.engine else Settings()
    ids = [case_id for group in args.case_ids for case_id in group] if args.case_ids else None
    cases = load_cases(args.cases_dir, ids)
    with console.status(f"analysing {len(cases)} cases with the {settings.engine} engine ..."):
        scorecard = run_eval(cases, settings=settings, cases_dir=args.cases_dir)
    render_scorecard(scorecard, console)
    out = args.out or Path("eval/results") / f"scorecard-{scorecard.engine}.json"
    write_scorecard(scorecard, out)
    console.print(f"scorecard written to {out}")
    return 1 if any(score.error for score in scorecard.cases) else 0


def _run_pet(args: argparse.Namespace, console: Any) -> int:
    from interviewer.evaluation.pet import load_pet, run_pet
    from interviewer.evaluation.pet_report import render_pet, write_pet

    if args.engine == "llm":
        console.print("the PET benchmark runs the offline engine; --engine llm is ignored here")
    documents = load_pet(args.pet)
    with console.status(f"extracting {len(documents)} PET documents ..."):
        report = run_pet(documents)
    render_pet(report, console)
    out = args.out or Path("eval/results/pet-offline.json")
    write_pet(report, out, data=str(args.pet))
    console.print(f"PET figures written to {out}")
    return 1 if any(doc.error for doc in report.documents) else 0
