"""The interviewer's own eval: interview a simulated person per case, and score it.

For each case a simulated interviewee (simulated.py) answers the conductor's
questions from the case's transcript. After every answer the share of the
case's expected steps found in the interview's current process is measured
with the eval's step matching (matching.py). Per case the scorecard keeps:
the share after 5, 10 and 15 questions, how many questions it took to reach
80 %, questions asked twice and questions whose answer had already been
given, the median time to process an answer, and the final analysis's
scores (scorer.py), from conductor.finish.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from statistics import fmean, median
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, Field

from interviewer.evaluation.cases import EvalCase
from interviewer.evaluation.matching import match_steps
from interviewer.evaluation.scorer import CaseScore, failed_case, score_case
from interviewer.interview.questions import normalised
from interviewer.interview.state import InterviewState, Question

if TYPE_CHECKING:
    from rich.console import Console

    from interviewer.interview import Conductor

CHECKPOINTS = (5, 10, 15)
TARGET_SHARE = 0.8


class Interviewee(Protocol):
    already_answered: int
    dont_know: int

    def reply(self, question: Question, state: InterviewState) -> str: ...


class AskedRecord(BaseModel):
    number: int
    kind: str
    text: str
    answer: str
    captured: float = Field(description="Share of expected steps in the process after the answer.")


class InterviewCaseScore(BaseModel):
    case_id: str
    language: str
    detected_language: str
    questions: int
    captured_after: dict[str, float] = Field(description="Share of expected steps after 5, 10, 15 questions.")
    questions_to_80: int | None = Field(description="Questions needed to capture 80 % of the expected steps.")
    repeated_questions: int = Field(description="Questions whose gap or words were asked before.")
    already_answered: int = Field(description="Questions whose answer the person had already given.")
    dont_know: int
    median_answer_ms: float
    final: CaseScore
    asked: list[AskedRecord] = Field(default_factory=list)
    error: str | None = None


class InterviewAggregate(BaseModel):
    cases: int
    captured_after: dict[str, float]
    reached_80: float = Field(description="Share of cases reaching 80 % within the questions asked.")
    mean_questions_to_80: float | None
    repeated_questions: int
    already_answered: int
    final_step_recall: float
    final_step_f1: float
    median_answer_ms: float


class InterviewScorecard(BaseModel):
    engine: str
    interviewee: str
    max_questions: int
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0
    aggregate: dict[str, InterviewAggregate]
    cases: list[InterviewCaseScore]


def captured_share(case: EvalCase, state: InterviewState) -> float:
    matching = match_steps(case.expected.steps, state.process.steps, case.language)
    return len(matching.pairs) / len(case.expected.steps)


def repeated_questions(state: InterviewState) -> int:
    gaps: set[str] = set()
    texts: set[str] = set()
    repeats = 0
    for asked in state.asked:
        text = normalised(asked.text)
        if asked.gap in gaps or text in texts:
            repeats += 1
        gaps.add(asked.gap)
        texts.add(text)
    return repeats


def interview_case(
    case: EvalCase, conductor: Conductor, interviewee: Interviewee, *, max_questions: int = 15
) -> tuple[InterviewCaseScore, InterviewState]:
    state, question = conductor.start(process_name=case.title or case.id, interview_id=case.id)
    records: list[AskedRecord] = []
    timings: list[float] = []
    while not question.done and len(records) < max_questions:
        reply = interviewee.reply(question, state)
        started = time.perf_counter()
        state, following = conductor.answer(state, reply)
        timings.append((time.perf_counter() - started) * 1000)
        records.append(
            AskedRecord(
                number=len(records) + 1,
                kind=question.kind,
                text=question.text,
                answer=reply,
                captured=round(captured_share(case, state), 4),
            )
        )
        question = following
    shares = [record.captured for record in records]
    after = {str(k): (shares[min(k, len(shares)) - 1] if shares else 0.0) for k in CHECKPOINTS}
    reached = next((record.number for record in records if record.captured >= TARGET_SHARE), None)
    final = score_case(case, conductor.finish(state))
    score = InterviewCaseScore(
        case_id=case.id,
        language=case.language,
        detected_language=state.language,
        questions=len(records),
        captured_after=after,
        questions_to_80=reached,
        repeated_questions=repeated_questions(state),
        already_answered=interviewee.already_answered,
        dont_know=interviewee.dont_know,
        median_answer_ms=round(median(timings), 2) if timings else 0.0,
        final=final,
        asked=records,
    )
    return score, state


def _failed(case: EvalCase, error: str) -> InterviewCaseScore:
    return InterviewCaseScore(
        case_id=case.id,
        language=case.language,
        detected_language=case.language,
        questions=0,
        captured_after={str(k): 0.0 for k in CHECKPOINTS},
        questions_to_80=None,
        repeated_questions=0,
        already_answered=0,
        dont_know=0,
        median_answer_ms=0.0,
        final=failed_case(case, error),
        error=error,
    )


def aggregate(scores: Sequence[InterviewCaseScore]) -> InterviewAggregate:
    reached = [s.questions_to_80 for s in scores if s.questions_to_80 is not None]
    return InterviewAggregate(
        cases=len(scores),
        captured_after={
            str(k): round(fmean(s.captured_after[str(k)] for s in scores), 4) for k in CHECKPOINTS
        },
        reached_80=round(len(reached) / len(scores), 4) if scores else 0.0,
        mean_questions_to_80=round(fmean(reached), 2) if reached else None,
        repeated_questions=sum(s.repeated_questions for s in scores),
        already_answered=sum(s.already_answered for s in scores),
        final_step_recall=round(fmean(s.final.step_recall for s in scores), 4) if scores else 0.0,
        final_step_f1=round(fmean(s.final.step_f1 for s in scores), 4) if scores else 0.0,
        median_answer_ms=round(median(s.median_answer_ms for s in scores), 2) if scores else 0.0,
    )


def run_interview_eval(
    cases: Sequence[EvalCase],
    conductor: Conductor,
    interviewee_for: Callable[[EvalCase], Interviewee],
    *,
    interviewee_name: str = "offline",
    max_questions: int = 15,
    on_case: Callable[[InterviewCaseScore], None] | None = None,
) -> InterviewScorecard:
    started = time.perf_counter()
    scores: list[InterviewCaseScore] = []
    for case in cases:
        try:
            score, _ = interview_case(case, conductor, interviewee_for(case), max_questions=max_questions)
        except Exception as error:  # recorded in the scorecard; the other cases still run
            score = _failed(case, f"{type(error).__name__}: {error}")
        scores.append(score)
        if on_case is not None:
            on_case(score)
    groups = {
        lang: aggregate([s for s in scores if s.language == lang])
        for lang in sorted({s.language for s in scores})
    }
    groups["overall"] = aggregate(scores)
    return InterviewScorecard(
        engine=conductor.engine_name,
        interviewee=interviewee_name,
        max_questions=max_questions,
        seconds=round(time.perf_counter() - started, 3),
        aggregate=groups,
        cases=scores,
    )


def render_interview_scorecard(scorecard: InterviewScorecard, console: Console) -> None:
    from rich.table import Table

    table = Table(title=f"Interview eval: engine {scorecard.engine}, interviewee {scorecard.interviewee}")
    for column in (
        "case",
        "lang",
        "q",
        "@5",
        "@10",
        "@15",
        "q→80%",
        "repeat",
        "as said",
        "ms/answer",
        "final F1",
    ):
        table.add_column(column, justify="left" if column in ("case", "lang") else "right")
    for s in scorecard.cases:
        table.add_row(
            s.case_id + (" [red](failed)[/red]" if s.error else ""),
            s.language,
            str(s.questions),
            *(f"{s.captured_after[str(k)]:.2f}" for k in CHECKPOINTS),
            "–" if s.questions_to_80 is None else str(s.questions_to_80),
            str(s.repeated_questions),
            str(s.already_answered),
            f"{s.median_answer_ms:.1f}",
            f"{s.final.step_f1:.2f}",
        )
    console.print(table)
    summary = Table(title="Averages")
    for column in (
        "set",
        "cases",
        "@5",
        "@10",
        "@15",
        "reached 80%",
        "mean q→80%",
        "repeats",
        "as said",
        "final F1",
    ):
        summary.add_column(column, justify="left" if column == "set" else "right")
    for name, agg in scorecard.aggregate.items():
        summary.add_row(
            name,
            str(agg.cases),
            *(f"{agg.captured_after[str(k)]:.2f}" for k in CHECKPOINTS),
            f"{agg.reached_80:.2f}",
            "–" if agg.mean_questions_to_80 is None else f"{agg.mean_questions_to_80:.1f}",
            str(agg.repeated_questions),
            str(agg.already_answered),
            f"{agg.final_step_f1:.2f}",
        )
    console.print(summary)
    for s in scorecard.cases:
        if s.error:
            console.print(f"[red]{s.case_id}: {s.error}[/red]")
