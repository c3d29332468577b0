"""The LLM engine in the pipeline: wired from Settings, and a batch that fills the endpoint's limit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from interviewer.engines.llm import LLMEngine
from interviewer.engines.llm.batch import analyse_many
from interviewer.errors import InterviewerError
from interviewer.models import AnalysisResult
from interviewer.services import Services
from tests.llm.conftest import llm_settings
from tests.llm.samples import ENGLISH, GERMAN, RecordingFallback
from tests.support.openai_server import OpenAITestServer, error
from tests.support.scripted_model import echo_any


def test_settings_with_engine_llm_build_the_llm_engine(server: OpenAITestServer) -> None:
    offline = pytest.importorskip("interviewer.engines.offline")
    if not hasattr(offline, "OfflineEngine"):
        pytest.skip("interviewer.engines.offline.OfflineEngine is not there yet")
    from interviewer.services import build_services

    services = build_services(llm_settings(server, llm_model="my-model"), with_knowledge=False)
    engine = services.engine
    assert isinstance(engine, LLMEngine)
    assert engine.name == "llm" and engine.model == "my-model"
    assert type(engine.fallback).__name__ == "OfflineEngine"
    engine.close()


def test_analyse_many_keeps_every_slot_busy_and_reports_each_failure(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    server.latency = 0.05
    server.chat_handler = echo_any()
    engine = make_engine(fallback=RecordingFallback(), llm_concurrency=3)
    services = Services(settings=llm_settings(server, llm_concurrency=3), engine=engine)
    sources: list[object] = [ENGLISH, GERMAN] * 5
    sources.insert(3, Path("/nonexistent/interview.txt"))
    done: list[int] = []

    outcomes = analyse_many(sources, services=services, on_done=lambda index, _: done.append(index))  # type: ignore[arg-type]

    assert sorted(done) == list(range(len(sources)))
    assert isinstance(outcomes[3], InterviewerError)
    results = [o for i, o in enumerate(outcomes) if i != 3]
    assert all(isinstance(r, AnalysisResult) for r in results)
    assert [r.case_id for r in results] == [t.case_id for t in [ENGLISH, GERMAN] * 5]  # type: ignore[union-attr]
    assert all(r.engine.name == "llm" and r.engine.model == "test-model" for r in results)  # type: ignore[union-attr]
    assert server.max_in_flight == 3


def test_a_dead_endpoint_falls_back_to_the_real_offline_engine(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    from interviewer.engines.offline import OfflineEngine
    from interviewer.models import EngineInfo

    server.chat_handler = lambda request: error(503, "overloaded")
    record = EngineInfo(name="llm")
    process = make_engine(fallback=OfflineEngine(), llm_max_retries=1).extract(ENGLISH, "en", record)
    offline = OfflineEngine().extract(ENGLISH, "en", EngineInfo(name="offline"))

    assert [s.action for s in process.steps] == [s.action for s in offline.steps] and process.steps
    assert record.llm_calls[0].outcome == "fallback" and "HTTP 503" in record.fallbacks[0]


def test_eval_with_the_llm_engine_names_the_model_in_the_scorecard(
    server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from interviewer.cli import main

    cases = Path(__file__).resolve().parents[2] / "eval" / "cases"
    case_id = sorted(p.stem for p in cases.glob("*.yaml"))[0]
    server.chat_handler = echo_any()
    monkeypatch.setenv("INTERVIEWER_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("INTERVIEWER_LLM_MODEL", "test-model")
    out = tmp_path / "scorecard.json"

    main(["eval", str(cases), "--engine", "llm", "--case", case_id, "--out", str(out)])

    scorecard = json.loads(out.read_text(encoding="utf-8"))
    assert scorecard["engine"] == "llm" and scorecard["model"] == "test-model"
    assert server.chat_requests  # the cases really went through the endpoint


def test_interviewer_analyze_with_the_llm_engine_shares_one_limit_and_prints_the_cost(
    server: OpenAITestServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The batch command with engine llm: threads of one process share the
    engine's concurrency limit (the endpoint never sees more than
    llm_concurrency requests at once) and the run ends with tokens and cost."""
    from interviewer.cli import main

    inputs = tmp_path / "in"
    inputs.mkdir()
    for index in range(6):
        turns = (ENGLISH if index % 2 else GERMAN).turns
        text = "\n".join(f"{turn.speaker}: {turn.text}" for turn in turns)
        (inputs / f"interview-{index}.txt").write_text(text, encoding="utf-8")
    server.latency = 0.05
    server.chat_handler = echo_any()
    monkeypatch.setenv("INTERVIEWER_LLM_BASE_URL", server.base_url)
    monkeypatch.setenv("INTERVIEWER_LLM_MODEL", "gpt-4o-mini")
    monkeypatch.setenv("INTERVIEWER_LLM_CONCURRENCY", "2")

    code = main(["analyze", str(inputs), "--out", str(tmp_path / "out"), "--engine", "llm", "--no-progress"])

    assert code == 0
    assert len(list((tmp_path / "out").glob("interview-*.json"))) == 6
    assert server.max_in_flight == 2
    printed = capsys.readouterr().out
    assert "LLM (gpt-4o-mini)" in printed and "estimated cost $" in printed
