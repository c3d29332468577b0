"""Scoring one analysis result against one case (../shared/spec/eval-cases.md),
and averaging scores over a set of cases.

Edge cases, decided once here:

- Steps: nothing extracted gives recall 0, precision 0, F1 0 (an empty
  result scores 0, it does not escape with "undefined").
- Actor accuracy is over the matched steps; with no matched step it is 0 for
  the same reason. A matched step whose extracted actor is null counts as wrong.
- Handoffs: an expected handoff [i, j] is found when the result has a handoff
  from the step matched to i to the step matched to j, or, when extra
  (unmatched) extracted steps lie between those two, a handoff inside that
  stretch: steps the analyst did not list are transparent, so an extra
  "send an email" step between "enter the order" (sales) and "check the
  order" (order management) does not hide the handoff. The stretch must run
  forward and hold no other matched step. Each extracted handoff counts for
  at most one expected one. A case that expects no handoffs is not scored
  on handoffs (None), whatever was extracted.
- Anti-patterns, by category: recall is None when the case expects none;
  precision is None when the result has no findings (nothing was claimed), so
  an engine without a findings store is judged on recall alone; a result with
  findings where none were expected gets precision 0.
- Lead time: None when the case states none; otherwise within ±25 % of the
  expected value, using metrics.lead_time_hours (or, when that is null, the
  process's stated lead time). A missing extracted lead time is a miss.
- Averages skip None; the lead-time figure of a set is the share of cases
  stating a lead time whose extracted one is within tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from pydantic import BaseModel, Field

from interviewer.evaluation.cases import EvalCase
from interviewer.evaluation.matching import match_steps
from interviewer.models import AnalysisResult

LEAD_TIME_TOLERANCE = 0.25


class MatchedStep(BaseModel):
    expected: int = Field(description="1-based index of the expected step.")
    expected_action: str
    extracted_id: str
    extracted_action: str
    similarity: float
    actor_same: bool


class CaseScore(BaseModel):
    case_id: str
    language: str
    title: str = ""
    expected_steps: int
    extracted_steps: int
    matched_steps: int
    step_recall: float
    step_precision: float
    step_f1: float
    actor_accuracy: float
    handoff_recall: float | None
    handoff_precision: float | None
    handoff_f1: float | None
    anti_pattern_recall: float | None
    anti_pattern_precision: float | None
    expected_categories: list[str]
    found_categories: list[str]
    lead_time_expected: float | None
    lead_time_extracted: float | None
    lead_time_within: bool | None
    matches: list[MatchedStep] = Field(default_factory=list)
    unmatched_expected: list[str] = Field(default_factory=list)
    error: str | None = Field(default=None, description="Why the analysis failed, if it did.")


class Aggregate(BaseModel):
    cases: int
    step_recall: float | None
    step_precision: float | None
    step_f1: float | None
    actor_accuracy: float | None
    handoff_f1: float | None
    anti_pattern_recall: float | None
    anti_pattern_precision: float | None
    lead_time_within: float | None = Field(
        description="Share of the cases stating a lead time that are within ±25 %."
    )
    lead_time_cases: int


def f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def extracted_lead_time(result: AnalysisResult) -> float | None:
    process = result.process
    if process.metrics.lead_time_hours is not None:
        return process.metrics.lead_time_hours
    return process.stated_lead_time_hours


def lead_time_within(
    expected: float, extracted: float | None, tolerance: float = LEAD_TIME_TOLERANCE
) -> bool:
    return extracted is not None and abs(extracted - expected) <= tolerance * expected


def found_handoffs(
    expected: Sequence[tuple[int, int]], matched: dict[int, int], result: AnalysisResult
) -> int:
    """How many expected handoffs (1-based pairs) the result has, through the step matching."""
    position = {step.id: n for n, step in enumerate(result.process.steps)}
    extracted = sorted(
        {
            (position[h.from_step], position[h.to_step])
            for h in result.process.handoffs
            if h.from_step in position and h.to_step in position
        }
    )
    matched_positions = set(matched.values())
    used: set[tuple[int, int]] = set()
    found = 0
    for source, target in expected:
        start, end = matched.get(source - 1), matched.get(target - 1)
        if start is None or end is None or start >= end:
            continue
        if any(start < n < end for n in matched_positions):
            continue  # another expected step lies between: not one handoff
        exact = (start, end)
        inside = [pair for pair in extracted if start <= pair[0] < pair[1] <= end and pair not in used]
        if inside:
            used.add(exact if exact in inside else inside[0])
            found += 1
    return found


def score_case(case: EvalCase, result: AnalysisResult) -> CaseScore:
    expected = case.expected
    steps = result.process.steps
    matching = match_steps(expected.steps, steps, case.language)
    matched = len(matching.pairs)

    recall = _ratio(matched, len(expected.steps))
    precision = _ratio(matched, len(steps))
    actor_accuracy = _ratio(sum(pair.actor_same for pair in matching.pairs), matched)

    handoff_recall = handoff_precision = handoff_f1 = None
    if expected.handoffs:
        found = found_handoffs(sorted(set(expected.handoffs)), matching.by_expected, result)
        extracted_count = len({(h.from_step, h.to_step) for h in result.process.handoffs})
        handoff_recall = _ratio(found, len(set(expected.handoffs)))
        handoff_precision = _ratio(found, extracted_count)
        handoff_f1 = f1(handoff_recall, handoff_precision)

    wanted = set(expected.anti_patterns)
    found_categories = {finding.category for finding in result.findings}
    ap_recall = len(wanted & found_categories) / len(wanted) if wanted else None
    ap_precision = len(wanted & found_categories) / len(found_categories) if found_categories else None

    lead_extracted = extracted_lead_time(result)
    within = (
        None
        if expected.lead_time_hours is None
        else lead_time_within(expected.lead_time_hours, lead_extracted)
    )

    matched_expected = matching.by_expected
    return CaseScore(
        case_id=case.id,
        language=case.language,
        title=case.title,
        expected_steps=len(expected.steps),
        extracted_steps=len(steps),
        matched_steps=matched,
        step_recall=recall,
        step_precision=precision,
        step_f1=f1(recall, precision),
        actor_accuracy=actor_accuracy,
        handoff_recall=handoff_recall,
        handoff_precision=handoff_precision,
        handoff_f1=handoff_f1,
        anti_pattern_recall=ap_recall,
        anti_pattern_precision=ap_precision,
        expected_categories=sorted(wanted),
        found_categories=sorted(found_categories),
        lead_time_expected=expected.lead_time_hours,
        lead_time_extracted=lead_extracted,
        lead_time_within=within,
        matches=[
            MatchedStep(
                expected=pair.expected + 1,
                expected_action=expected.steps[pair.expected].action,
                extracted_id=steps[pair.extracted].id,
                extracted_action=steps[pair.extracted].action,
                similarity=round(pair.similarity, 3),
                actor_same=pair.actor_same,
            )
            for pair in matching.pairs
        ],
        unmatched_expected=[
            step.action for i, step in enumerate(expected.steps) if i not in matched_expected
        ],
    )


def failed_case(case: EvalCase, error: str) -> CaseScore:
    """The score of a case whose analysis raised: everything the empty result would get."""
    empty = AnalysisResult.model_validate(
        {"case_id": case.id, "language": case.language, "process": {"name": case.title or case.id}}
    )
    return score_case(case, empty).model_copy(update={"error": error})


def _mean(values: Sequence[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return fmean(present) if present else None


def aggregate(scores: Sequence[CaseScore]) -> Aggregate:
    lead = [score.lead_time_within for score in scores if score.lead_time_within is not None]
    return Aggregate(
        cases=len(scores),
        step_recall=_mean([s.step_recall for s in scores]),
        step_precision=_mean([s.step_precision for s in scores]),
        step_f1=_mean([s.step_f1 for s in scores]),
        actor_accuracy=_mean([s.actor_accuracy for s in scores]),
        handoff_f1=_mean([s.handoff_f1 for s in scores]),
        anti_pattern_recall=_mean([s.anti_pattern_recall for s in scores]),
        anti_pattern_precision=_mean([s.anti_pattern_precision for s in scores]),
        lead_time_within=(sum(lead) / len(lead)) if lead else None,
        lead_time_cases=len(lead),
    )


def aggregate_by_language(scores: Sequence[CaseScore]) -> dict[str, Aggregate]:
    """Averages per language present, then "overall"."""
    groups: dict[str, Aggregate] = {}
    for language in sorted({score.language for score in scores}):
        groups[language] = aggregate([s for s in scores if s.language == language])
    groups["overall"] = aggregate(scores)
    return groups
