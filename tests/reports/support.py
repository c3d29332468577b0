"""Shared by the report tests and the browser tests: the hand-made result
fixtures, and results of the real pipeline on the evaluation cases."""

from __future__ import annotations

import tempfile
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.models import AnalysisResult
from tests.conftest import REPO

if TYPE_CHECKING:
    from interviewer.services import Services

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))
EVAL_CASES = REPO / "eval" / "cases"
EVAL_HOLDOUT = REPO / "eval" / "holdout"
# Development and held-out cases: every report must work on both.
EVAL_CASE_FILES = sorted([*EVAL_CASES.glob("*.yaml"), *EVAL_HOLDOUT.glob("*.yaml")])


def load_fixture(name: str) -> AnalysisResult:
    return AnalysisResult.model_validate_json((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _services() -> Services:
    from interviewer.services import build_services
    from interviewer.settings import Settings

    # Our own data directory: the session outlives any one test's temp dir.
    data_dir = Path(tempfile.mkdtemp(prefix="reports-eval-"))
    return build_services(Settings(data_dir=data_dir, engine="offline"))


@cache
def analysed_eval_case(path: Path) -> AnalysisResult:
    """The offline pipeline's result for one evaluation case (cached for the session)."""
    from interviewer.evaluation.cases import load_case
    from interviewer.pipeline import analyse

    case = load_case(path)
    return analyse(case.transcript, case_id=case.id, language=case.language, services=_services())
