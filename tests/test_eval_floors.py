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
from interviewer.evaluation.pet import PetReport, load_pet, run_pet
from interviewer.evaluation.runner import Scorecard, run_eval
from tests.conftest import SHARED, _guarded_connect, _guarded_connect_ex

CASES = Path(__file__).resolve().parents[1] / "eval" / "cases"
PET = SHARED / "data" / "pet" / "all.jsonl"

# FLOOR: set from measured baseline <date>. For now these are the issue's
# targets; the lead lowers them to the measured baseline minus a margin.
FLOOR_STEP_F1 = 0.6
FLOOR_ACTOR_ACCURACY = 0.7
FLOOR_HANDOFF_F1 = 0.5
FLOOR_LEAD_TIME_WITHIN = 0.7
FLOOR_PET_ACTIVITY_RECALL = 0.6


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
