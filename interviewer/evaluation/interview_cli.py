"""`interviewer eval --interview`: the interviewer's own eval, from the command line.

Runs the conductor (offline or LLM engine) against a simulated interviewee
per case (offline sentence retrieval, or an LLM persona when an endpoint is
configured), prints the table and writes the JSON scorecard.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.evaluation.cases import EvalCase
    from interviewer.evaluation.interview_runner import Interviewee, InterviewScorecard
    from interviewer.settings import Settings


def interviewee_factory(kind: str, settings: Settings) -> tuple[str, Callable[[EvalCase], Interviewee]]:
    """("offline" | "llm", a function case -> simulated interviewee)."""
    from interviewer.evaluation.simulated import SimulatedInterviewee

    if kind == "auto":
        kind = "llm" if settings.llm_base_url else "offline"
    if kind == "offline":

        def simulated(case: EvalCase) -> Interviewee:
            return SimulatedInterviewee(case)

        return "offline", simulated
    from interviewer.engines.llm import LLMEngine
    from interviewer.evaluation.simulated_llm import LLMInterviewee

    persona_engine = LLMEngine.from_settings(settings)

    def build(case: EvalCase) -> Interviewee:
        return LLMInterviewee(case=case, engine=persona_engine)

    return "llm", build


def write_interview_scorecard(scorecard: InterviewScorecard, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scorecard.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def run_interview(args: argparse.Namespace, console: Console) -> int:
    from interviewer.evaluation.cases import load_cases
    from interviewer.evaluation.interview_runner import render_interview_scorecard, run_interview_eval
    from interviewer.evaluation.runner import eval_services
    from interviewer.interview import Conductor
    from interviewer.settings import Settings

    settings = Settings(engine=args.engine) if args.engine else Settings()
    ids = [case_id for group in args.case_ids for case_id in group] if args.case_ids else None
    cases = load_cases(args.cases_dir, ids)
    # the analysis at the end uses the knowledge base, without the memory of earlier interviews
    conductor = Conductor.from_settings(settings, services=eval_services(settings))
    name, factory = interviewee_factory(args.interviewee, settings)
    with console.status(
        f"interviewing {len(cases)} simulated people with the {conductor.engine_name} engine ..."
    ):
        scorecard = run_interview_eval(
            cases,
            conductor,
            factory,
            interviewee_name=name,
            max_questions=args.max_questions,
        )
    render_interview_scorecard(scorecard, console)
    out = args.out or Path("eval/results") / f"interview-{scorecard.engine}.json"
    write_interview_scorecard(scorecard, out)
    console.print(f"interview scorecard written to {out}")
    return 1 if any(score.error for score in scorecard.cases) else 0
