"""Run the project over a folder of evaluation cases and keep the scorecard.

Each case goes through the same public call a user makes,
`interviewer.pipeline.analyse(text, case_id=..., language=...)`, with one set
of services shared by all cases. The memory of earlier interviews is switched
off for the run, so that scoring a case never depends on the cases scored
before it (or on what a user analysed last week).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from interviewer.evaluation.cases import EvalCase
from interviewer.evaluation.scorer import Aggregate, CaseScore, aggregate_by_language, failed_case, score_case

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.services import Services
    from interviewer.settings import Settings


class Scorecard(BaseModel):
    engine: str
    model: str | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    cases_dir: str | None = None
    seconds: float = 0.0
    aggregate: dict[str, Aggregate]
    cases: list[CaseScore]


def eval_services(settings: Settings) -> Services:
    from interviewer.services import build_services

    return dataclasses.replace(build_services(settings), memory=None)


def run_eval(
    cases: Sequence[EvalCase],
    *,
    settings: Settings | None = None,
    services: Services | None = None,
    cases_dir: Path | None = None,
    on_case: Callable[[CaseScore], None] | None = None,
) -> Scorecard:
    """Analyse every case, score it, and return the scorecard.

    A case whose analysis raises is scored like an empty result and keeps the
    error message, so one broken case does not hide the others' scores.
    """
    from interviewer.pipeline import analyse

    if services is None:
        from interviewer.settings import Settings

        services = eval_services(settings or Settings())
    model: str | None = None
    scores: list[CaseScore] = []
    started = time.perf_counter()
    for case in cases:
        try:
            result = analyse(case.transcript_text, case_id=case.id, language=case.language, services=services)
        except Exception as error:  # recorded in the scorecard, the run goes on
            score = failed_case(case, f"{type(error).__name__}: {error}")
        else:
            model = model or result.engine.model
            score = score_case(case, result)
        scores.append(score)
        if on_case is not None:
            on_case(score)
    return Scorecard(
        engine=services.engine.name,
        model=model,
        cases_dir=str(cases_dir) if cases_dir else None,
        seconds=round(time.perf_counter() - started, 3),
        aggregate=aggregate_by_language(scores),
        cases=scores,
    )


def write_scorecard(scorecard: Scorecard, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scorecard.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _lead(score: CaseScore) -> str:
    if score.lead_time_within is None:
        return "–"
    got = "none" if score.lead_time_extracted is None else f"{score.lead_time_extracted:g}"
    return f"{'ok' if score.lead_time_within else 'miss'} ({got}/{score.lead_time_expected:g})"


def render_scorecard(scorecard: Scorecard, console: Console) -> None:
    """The per-case table, then the averages per language and overall."""
    from rich.table import Table

    title = f"Evaluation: engine {scorecard.engine}" + (
        f", model {scorecard.model}" if scorecard.model else ""
    )
    table = Table(title=title, show_lines=False)
    for column in (
        "case",
        "lang",
        "steps exp/ext/match",
        "step F1",
        "actor acc",
        "handoff F1",
        "AP rec",
        "AP prec",
        "lead time h",
    ):
        table.add_column(column, justify="left" if column in ("case", "lang") else "right")
    for score in scorecard.cases:
        name = score.case_id + (" [red](failed)[/red]" if score.error else "")
        table.add_row(
            name,
            score.language,
            f"{score.expected_steps}/{score.extracted_steps}/{score.matched_steps}",
            _fmt(score.step_f1),
            _fmt(score.actor_accuracy),
            _fmt(score.handoff_f1),
            _fmt(score.anti_pattern_recall),
            _fmt(score.anti_pattern_precision),
            _lead(score),
        )
    console.print(table)

    summary = Table(title="Averages")
    for column in (
        "set",
        "cases",
        "step P",
        "step R",
        "step F1",
        "actor acc",
        "handoff F1",
        "AP rec",
        "AP prec",
        "lead time ±25 %",
    ):
        summary.add_column(column, justify="left" if column == "set" else "right")
    for name, agg in scorecard.aggregate.items():
        lead = "–" if agg.lead_time_within is None else f"{agg.lead_time_within:.2f} of {agg.lead_time_cases}"
        summary.add_row(
            name,
            str(agg.cases),
            _fmt(agg.step_precision),
            _fmt(agg.step_recall),
            _fmt(agg.step_f1),
            _fmt(agg.actor_accuracy),
            _fmt(agg.handoff_f1),
            _fmt(agg.anti_pattern_recall),
            _fmt(agg.anti_pattern_precision),
            lead,
        )
    console.print(summary)
    for score in scorecard.cases:
        if score.error:
            console.print(f"[red]{score.case_id}: {score.error}[/red]")
