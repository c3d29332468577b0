"""CI floors: the offline engine on the shipped evaluation cases and on PET.

The run goes through the same public call a user makes (the pipeline, with the
offline engine and the embedded knowledge store), once per module. A score
below its floor fails CI: a change that makes extraction worse must say so.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.evaluation.cases import load_cases
from interviewer.evaluation.interview_runner import InterviewScorecard, run_interview_eval
from interviewer.evaluation.pet import PetReport, load_pet, run_pet
from interviewer.evaluation.runner import Scorecard, run_eval
from tests.conftest import SHARED, _guarded_connect, _guarded_connect_ex

EVAL = Path(__file__).resolve().parents[1] / "eval"
CASES = EVAL / "cases"
HOLDOUT = EVAL / "holdout"
PET = SHARED / "data" / "pet" / "all.jsonl"

# FLOOR: set from the measured baseline of 2026-11-26 minus a margin of about
# 0.03-0.05, so that a change that makes extraction worse fails CI while
# noise-free re-runs (the offline engine is deterministic) pass.
# Measured on the 22 development cases (overall / de / en):
#   step F1 0.69 / 0.69 / 0.70, actor accuracy 0.91 / 0.93 / 0.89,
#   handoff F1 0.55 / 0.63 / 0.46, lead time within 25 % 1.00 / 1.00 / 1.00,
#   anti-pattern recall 0.88 / 0.90 / 0.85, precision 0.74 / 0.77 / 0.72.
# The targets (step F1 0.6, actor 0.7, handoff F1 0.5, lead 0.7;
# findings recall 0.7 and precision 0.6 per language) are reported beside
# these in the closing notes.
FLOOR_STEP_F1 = 0.64
FLOOR_ACTOR_ACCURACY = 0.86
FLOOR_HANDOFF_F1 = 0.50
FLOOR_LEAD_TIME_WITHIN = 0.9
FLOOR_PER_LANGUAGE = {"step_f1": 0.64, "actor_accuracy": 0.85, "handoff_f1": 0.42}
FLOOR_FINDINGS_RECALL = 0.8  # per language
FLOOR_FINDINGS_PRECISION = 0.68  # per language
FLOOR_PET_ACTIVITY_RECALL = 0.63  # measured 0.67 micro
# The held-out set (8 cases written without sight of the engine, never tuned
# on) measured step F1 0.51, actor 0.78, handoff F1 0.19, lead time 0.88,
# findings recall 0.73 / precision 0.70. Its floors only catch collapse.
FLOOR_HOLDOUT = {"step_f1": 0.48, "actor_accuracy": 0.72, "findings_recall": 0.65}
# The live interview against the simulated interviewee, 15 questions per case:
# measured share of expected steps captured de 0.81, en 0.81 (issue 6's target
# is 0.8 in each language), no question repeated. On the held-out cases the
# same interview captures de 0.59, en 0.69 (not a floor here).
FLOOR_INTERVIEW_CAPTURED_AT_15 = {"de": 0.78, "en": 0.78}


@pytest.fixture(scope="module")
def isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pytest.MonkeyPatch]:
    # Module-scoped, so the function-scoped guards of conftest are not active yet:
    # apply the same ones for the duration of the run.
    with pytest.MonkeyPatch.context() as patch:
        data = tmp_path_factory.mktemp("eval-data")
        patch.setenv("INTERVIEWER_DATA_DIR", str(data))
        patch.setenv("INTERVIEWER_CONFIG", str(data / "no-config.toml"))
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("ANONYMIZED_TELEMETRY", "False")
        patch.setattr(socket.socket, "connect", _guarded_connect)
        patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        yield patch


@pytest.fixture(scope="module")
def scorecard(isolated: pytest.MonkeyPatch) -> Scorecard:
    from interviewer.settings import Settings

    return run_eval(load_cases(CASES), settings=Settings(engine="offline"), cases_dir=CASES)


@pytest.fixture(scope="module")
def holdout_scorecard(isolated: pytest.MonkeyPatch) -> Scorecard:
    from interviewer.settings import Settings

    return run_eval(load_cases(HOLDOUT), settings=Settings(engine="offline"), cases_dir=HOLDOUT)


@pytest.fixture(scope="module")
def interview_scorecard(isolated: pytest.MonkeyPatch) -> InterviewScorecard:
    from interviewer.evaluation.interview_cli import interviewee_factory
    from interviewer.evaluation.runner import eval_services
    from interviewer.interview import Conductor
    from interviewer.settings import Settings

    settings = Settings(engine="offline")
    conductor = Conductor.from_settings(settings, services=eval_services(settings))
    _, factory = interviewee_factory("offline", settings)
    return run_interview_eval(load_cases(CASES), conductor, factory, max_questions=15)


@pytest.fixture(scope="module")
def pet_report(isolated: pytest.MonkeyPatch) -> PetReport:
    if not PET.is_file():
        pytest.skip(f"PET data not found at {PET}")
    return run_pet(load_pet(PET))


def test_every_case_is_analysed(scorecard: Scorecard) -> None:
    assert [score.case_id for score in scorecard.cases if score.error] == []
    assert scorecard.engine == "offline"


def test_step_f1_floor(scorecard: Scorecard) -> None:
    assert scorecard.aggregate["overall"].step_f1 is not None
    assert scorecard.aggregate["overall"].step_f1 >= FLOOR_STEP_F1


def test_actor_accuracy_floor(scorecard: Scorecard) -> None:
    assert scorecard.aggregate["overall"].actor_accuracy is not None
    assert scorecard.aggregate["overall"].actor_accuracy >= FLOOR_ACTOR_ACCURACY


def test_handoff_f1_floor(scorecard: Scorecard) -> None:
    assert scorecard.aggregate["overall"].handoff_f1 is not None
    assert scorecard.aggregate["overall"].handoff_f1 >= FLOOR_HANDOFF_F1


def test_lead_time_floor(scorecard: Scorecard) -> None:
    overall = scorecard.aggregate["overall"]
    assert overall.lead_time_cases > 0 and overall.lead_time_within is not None
    assert overall.lead_time_within >= FLOOR_LEAD_TIME_WITHIN


def test_pet_activity_recall_floor(pet_report: PetReport) -> None:
    assert len(pet_report.documents) == 45
    assert [doc.id for doc in pet_report.documents if doc.error] == []
    assert pet_report.micro()["activity_recall"] >= FLOOR_PET_ACTIVITY_RECALL


@pytest.mark.parametrize("language", ["de", "en"])
def test_per_language_floors(scorecard: Scorecard, language: str) -> None:
    scores = scorecard.aggregate[language]
    for name, floor in FLOOR_PER_LANGUAGE.items():
        value = getattr(scores, name)
        assert value is not None and value >= floor, f"{language} {name} {value} < {floor}"


@pytest.mark.parametrize("language", ["de", "en"])
def test_findings_floors(scorecard: Scorecard, language: str) -> None:
    scores = scorecard.aggregate[language]
    assert scores.anti_pattern_recall is not None and scores.anti_pattern_recall >= FLOOR_FINDINGS_RECALL
    assert scores.anti_pattern_precision is not None
    assert scores.anti_pattern_precision >= FLOOR_FINDINGS_PRECISION


def test_holdout_floors(holdout_scorecard: Scorecard) -> None:
    overall = holdout_scorecard.aggregate["overall"]
    assert len(holdout_scorecard.cases) == 8
    assert overall.step_f1 is not None and overall.step_f1 >= FLOOR_HOLDOUT["step_f1"]
    assert overall.actor_accuracy is not None and overall.actor_accuracy >= FLOOR_HOLDOUT["actor_accuracy"]
    assert overall.anti_pattern_recall is not None
    assert overall.anti_pattern_recall >= FLOOR_HOLDOUT["findings_recall"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_interview_captures_the_process_without_repeating_itself(
    interview_scorecard: InterviewScorecard, language: str
) -> None:
    assert [score.case_id for score in interview_scorecard.cases if score.error] == []
    scores = interview_scorecard.aggregate[language]
    assert scores.repeated_questions == 0
    assert scores.captured_after["15"] >= FLOOR_INTERVIEW_CAPTURED_AT_15[language]
