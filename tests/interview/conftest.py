"""Fixtures for the live interview: an offline conductor without the
knowledge base (fast; finish() still runs the real pipeline), the
evaluation cases, and a loopback OpenAI-compatible server for the LLM turn.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.engines.offline import OfflineEngine
from interviewer.evaluation.cases import EvalCase, load_cases
from interviewer.interview import Conductor
from interviewer.services import Services
from interviewer.settings import Settings
from tests.support.openai_server import OpenAITestServer
from tests.support.openapi_validation import load_validator

CASES_DIR = Path(__file__).resolve().parents[2] / "eval" / "cases"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def conductor(settings: Settings) -> Conductor:
    engine = OfflineEngine()
    services = Services(settings=settings, engine=engine, finder=None, memory=None)
    return Conductor(engine, settings=settings, services=services)


@pytest.fixture(scope="session")
def cases() -> dict[str, EvalCase]:
    return {case.id: case for case in load_cases(CASES_DIR)}


@pytest.fixture
def server() -> Iterator[OpenAITestServer]:
    with OpenAITestServer(validator=load_validator()) as running:
        yield running
    assert not running.invalid_requests, "requests that break the OpenAI API description:\n" + "\n".join(
        running.invalid_requests
    )


def llm_settings(server: OpenAITestServer, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "engine": "llm",
        "llm_base_url": server.base_url,
        "llm_model": "test-model",
        "llm_api_key": "test-key",
        "llm_timeout_seconds": 5.0,
        "llm_max_retries": 0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
