"""Hand-made analysis results for testing the scorer without an engine."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.evaluation.cases import EvalCase
from interviewer.models import AnalysisResult, Category, Finding, Handoff, Metrics, Process, Step


def result(
    steps: Sequence[tuple[str, str | None]],
    *,
    handoffs: Sequence[tuple[int, int]] = (),
    categories: Sequence[Category] = (),
    lead_time: float | None = None,
    language: str = "en",
) -> AnalysisResult:
    """A result with these (action, actor) steps; handoffs are 1-based step positions."""
    made = [Step(id=f"s{n}", action=action, actor=actor) for n, (action, actor) in enumerate(steps, start=1)]
    process = Process(
        name="hand-made",
        steps=made,
        handoffs=[
            Handoff(
                from_step=f"s{a}", to_step=f"s{b}", from_actor=made[a - 1].actor, to_actor=made[b - 1].actor
            )
            for a, b in handoffs
        ],
        metrics=Metrics(lead_time_hours=lead_time, handoff_count=len(handoffs)),
    )
    findings = [
        Finding(
            id=f"f{n}",
            category=category,
            anti_pattern_id=f"ap-{category}",
            title=category,
            score=0.9,
            evidence="x",
        )
        for n, category in enumerate(categories, start=1)
    ]
    return AnalysisResult.model_validate(
        {
            "case_id": "hand-made",
            "language": language,
            "process": process.model_dump(),
            "findings": [f.model_dump() for f in findings],
        }
    )


def perfect_result(case: EvalCase) -> AnalysisResult:
    """What an engine that agrees with the analyst in every point would return."""
    expected = case.expected
    return result(
        [(step.action, step.actor) for step in expected.steps],
        handoffs=expected.handoffs,
        categories=expected.anti_patterns,
        lead_time=expected.lead_time_hours,
        language=case.language,
    )
