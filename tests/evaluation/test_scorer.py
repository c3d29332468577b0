from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.evaluation.cases import EvalCase, load_cases, parse_case
from interviewer.evaluation.scorer import (
    aggregate,
    aggregate_by_language,
    failed_case,
    lead_time_within,
    score_case,
)
from tests.evaluation.builders import perfect_result, result

CASES = Path(__file__).resolve().parents[2] / "eval" / "cases"


def small_case(**expected: object) -> EvalCase:
    data = {
        "id": "small",
        "language": "en",
        "transcript": "Interviewer: How?\nAnna (Sales): We enter the order, then ops checks it.\n",
        "expected": {
            "steps": [
                {"action": "Enter the order in the CRM", "actor": "Sales"},
                {"action": "Check the order for completeness", "actor": "Order management"},
                {"action": "Ship the goods", "actor": "Warehouse"},
            ],
            "handoffs": [[1, 2], [2, 3]],
            "anti_patterns": ["handoff-delay", "manual-re-entry"],
            "lead_time_hours": 100,
        }
        | expected,
    }
    return parse_case(data, path="small.yaml")


@pytest.mark.parametrize("case", load_cases(CASES), ids=lambda case: case.id)
def test_the_analysts_own_answer_scores_one(case: EvalCase) -> None:
    score = score_case(case, perfect_result(case))
    assert (score.step_recall, score.step_precision, score.step_f1) == (1.0, 1.0, 1.0)
    assert score.actor_accuracy == 1.0
    assert score.handoff_f1 == 1.0
    assert (score.anti_pattern_recall, score.anti_pattern_precision) == (1.0, 1.0)
    assert score.lead_time_within is True
    assert [m.expected for m in score.matches] == list(range(1, len(case.expected.steps) + 1))


def test_empty_result_scores_zero() -> None:
    score = score_case(small_case(), result([]))
    assert (score.step_recall, score.step_precision, score.step_f1, score.actor_accuracy) == (0, 0, 0, 0)
    assert score.handoff_f1 == 0
    assert score.anti_pattern_recall == 0
    assert score.anti_pattern_precision is None  # nothing was claimed
    assert score.lead_time_within is False
    assert score.unmatched_expected == [step.action for step in small_case().expected.steps]


def test_failed_analysis_scores_like_an_empty_result_and_keeps_the_error() -> None:
    score = failed_case(small_case(), "EngineError: boom")
    assert score.step_f1 == 0 and score.error == "EngineError: boom"


def test_swapped_actors_lower_actor_accuracy_only() -> None:
    right = result(
        [
            ("enter order in CRM", "sales"),
            ("check order completeness", "order management"),
            ("ship goods", "warehouse"),
        ]
    )
    swapped = result(
        [
            ("enter order in CRM", "order management"),
            ("check order completeness", "sales"),
            ("ship goods", "warehouse"),
        ]
    )
    assert score_case(small_case(), right).actor_accuracy == 1.0
    score = score_case(small_case(), swapped)
    assert score.step_f1 == 1.0
    assert score.actor_accuracy == pytest.approx(1 / 3)


def test_missing_actor_counts_as_wrong() -> None:
    score = score_case(small_case(), result([("enter the order in the CRM", None)]))
    assert score.matched_steps == 1 and score.actor_accuracy == 0.0


def test_precision_counts_extra_steps() -> None:
    extra = result(
        [("enter order in CRM", "sales"), ("print the order", "sales"), ("check order", "order management")]
    )
    score = score_case(small_case(), extra)
    assert score.step_recall == pytest.approx(2 / 3)
    assert score.step_precision == pytest.approx(2 / 3)
    assert score.step_f1 == pytest.approx(2 / 3)


def test_handoffs_are_compared_through_the_step_matching() -> None:
    # Extracted order differs and there is an extra step: positions differ, meaning counts.
    extracted = [
        ("print the order", "sales"),
        ("enter order in CRM", "sales"),
        ("check order", "order management"),
        ("ship goods", "warehouse"),
    ]
    both = score_case(small_case(), result(extracted, handoffs=[(2, 3), (3, 4)]))
    assert (both.handoff_recall, both.handoff_precision, both.handoff_f1) == (1.0, 1.0, 1.0)
    one_wrong = score_case(small_case(), result(extracted, handoffs=[(1, 3), (3, 4)]))  # from the extra step
    assert (one_wrong.handoff_recall, one_wrong.handoff_precision) == (0.5, 0.5)
    reversed_ = score_case(small_case(), result(extracted, handoffs=[(3, 2)]))
    assert reversed_.handoff_recall == 0.0


def test_unlisted_steps_between_matched_ones_are_transparent_for_handoffs() -> None:
    extracted = [
        ("enter order in CRM", "sales"),
        ("write an email", "sales"),  # the analyst did not list this step
        ("check order", "order management"),
        ("ship goods", "warehouse"),
    ]
    score = score_case(small_case(), result(extracted, handoffs=[(2, 3), (3, 4)]))
    assert (score.handoff_recall, score.handoff_precision) == (1.0, 1.0)
    # one extracted handoff cannot stand for two expected ones
    skipped = score_case(small_case(), result(extracted[:1] + extracted[2:], handoffs=[(1, 3)]))
    assert skipped.handoff_recall == 0.0


def test_handoff_to_an_unmatched_step_is_not_found() -> None:
    score = score_case(
        small_case(), result([("enter order in CRM", "sales"), ("wait", "ops")], handoffs=[(1, 2)])
    )
    assert score.handoff_recall == 0.0 and score.handoff_precision == 0.0


def test_case_without_expected_handoffs_is_not_scored_on_them() -> None:
    score = score_case(
        small_case(handoffs=[]), result([("enter order", "sales"), ("check order", "ops")], handoffs=[(1, 2)])
    )
    assert score.handoff_f1 is None


@pytest.mark.parametrize(
    ("extracted", "within"),
    [(100, True), (125, True), (75, True), (125.5, False), (74.9, False), (None, False)],
)
def test_lead_time_tolerance(extracted: float | None, within: bool) -> None:
    assert lead_time_within(100, extracted) is within
    assert score_case(small_case(), result([], lead_time=extracted)).lead_time_within is within


def test_case_without_lead_time_is_not_scored_on_it() -> None:
    score = score_case(small_case(lead_time_hours=None), result([], lead_time=500))
    assert score.lead_time_within is None


def test_anti_pattern_recall_and_precision() -> None:
    score = score_case(small_case(), result([], categories=["handoff-delay", "batching", "batching"]))
    assert score.anti_pattern_recall == 0.5
    assert score.anti_pattern_precision == 0.5  # categories, not findings: batching counts once
    none_expected = score_case(small_case(anti_patterns=[]), result([], categories=["batching"]))
    assert none_expected.anti_pattern_recall is None and none_expected.anti_pattern_precision == 0.0


def test_averages_skip_unscored_values_and_split_by_language() -> None:
    good = score_case(small_case(), result([("enter order in CRM", "sales")], lead_time=100))
    bare = score_case(small_case(handoffs=[], lead_time_hours=None), result([]))
    german = score_case(
        parse_case(small_case().model_dump() | {"id": "klein", "language": "de"}, path="klein.yaml"),
        result([]),
    )
    agg = aggregate([good, bare])
    assert agg.cases == 2
    assert agg.step_recall == pytest.approx((1 / 3 + 0) / 2)
    assert agg.handoff_f1 == good.handoff_f1  # bare has none expected
    assert (agg.lead_time_within, agg.lead_time_cases) == (1.0, 1)
    groups = aggregate_by_language([good, bare, german])
    assert list(groups) == ["de", "en", "overall"]
    assert groups["de"].cases == 1 and groups["overall"].cases == 3
    assert groups["de"].lead_time_within == 0.0


def test_steps_of_one_case_rarely_match_another_case() -> None:
    """The matcher is not so loose that any process matches any other.

    Public-administration cases share their intake steps almost word for word
    ("Antrag im Fachverfahren erfassen", "Unterlagen auf Vollständigkeit
    prüfen", "fehlende Nachweise nachfordern"), and such steps rightly match;
    so a few pairs may score higher, but nearly all pairs must stay low.
    """
    cases = load_cases(CASES)
    cross = {
        (case.id, other.id): score_case(case, perfect_result(other)).step_f1
        for case in cases
        for other in cases
        if case.id != other.id and case.language == other.language
    }
    assert sum(cross.values()) / len(cross) < 0.1
    high = sorted(pair for pair, f1 in cross.items() if f1 >= 0.35)
    assert len(high) <= 0.03 * len(cross), f"pairs of different cases that match too well: {high}"
    assert max(cross.values()) <= 0.65
