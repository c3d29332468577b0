"""Proposals: the LLM words them; every number, step and id stays as code computed it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from interviewer.analysis.proposals import propose
from interviewer.engines.llm import LLMEngine
from interviewer.models import EngineInfo, Finding, Process, Proposal
from tests.llm.samples import ENGLISH, RecordingFallback, analysed_process
from tests.support.openai_server import OpenAITestServer, RecordedRequest, Reply, completion, error
from tests.support.scripted_model import analysis_data, proposals_payload

NUMBERS = ("id", "kind", "collapses_step_ids", "step_changes", "removes_handoffs", "finding_ids",
           "expected_lead_time_saving_hours", "saving_formula", "effort", "rank", "prerequisites")  # fmt: skip


@pytest.fixture
def analysis() -> tuple[Process, list[Finding]]:
    process, findings = analysed_process()
    findings.append(
        Finding(id="f2", category="status-chasing", anti_pattern_id="status-chasing-01",
                title="Customers chase the status", step_ids=["s1", "s2"], score=0.7,
                evidence="Customers call to ask where their order is.")
    )  # fmt: skip
    return process, findings


def _propose(engine: LLMEngine, analysis: tuple[Process, list[Finding]]) -> tuple[list[Proposal], EngineInfo]:
    record = EngineInfo(name="llm")
    process, findings = analysis
    return engine.propose(process, findings, ENGLISH, "en", record), record


def _answer(change: Callable[[dict[str, Any]], None]) -> Callable[[RecordedRequest], Reply]:
    def answer(request: RecordedRequest) -> Reply:
        payload = proposals_payload(request)
        change(payload)
        return completion(request, content=json.dumps(payload))

    return answer


def test_the_llm_words_the_proposals_and_code_keeps_every_number(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], analysis: tuple[Process, list[Finding]]
) -> None:
    offline = propose(*analysis, ENGLISH, "en")
    assert offline, "the sample analysis must yield offline proposals"
    server.queue(_answer(lambda payload: None))
    proposals, record = _propose(make_engine(), analysis)

    assert [p.title for p in proposals] == [f"LLM: {p.title}" for p in offline]
    for mine, theirs in zip(proposals, offline, strict=True):
        assert {k: getattr(mine, k) for k in NUMBERS} == {k: getattr(theirs, k) for k in NUMBERS}
        assert mine.risks[-1] == "LLM-added risk."
    (call,) = record.llm_calls
    assert call.purpose == "proposals" and call.outcome == "ok"
    sent = analysis_data(server.chat_requests[0])
    assert [p["id"] for p in sent["proposals"]] == [p.id for p in offline]
    assert sent["findings"][1]["id"] == "f2"


def test_a_number_the_data_does_not_hold_is_sent_back(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], analysis: tuple[Process, list[Finding]]
) -> None:
    def invent(payload: dict[str, Any]) -> None:
        payload["proposals"][0]["change"] += " This saves 37 days and 80 % of the effort."

    server.queue(_answer(invent), _answer(lambda p: None))
    proposals, record = _propose(make_engine(), analysis)

    assert record.llm_calls[0].outcome == "repaired"
    repair = server.chat_requests[1].messages[2]["content"]
    assert "'37 days'" in repair and "'80 %'" in repair
    assert "37 days" not in proposals[0].change


def test_unknown_or_missing_ids_then_fallback_keeps_the_offline_wording(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], analysis: tuple[Process, list[Finding]]
) -> None:
    def wrong_ids(payload: dict[str, Any]) -> None:
        payload["proposals"][0]["id"] = "p99"

    server.queue(_answer(wrong_ids), _answer(wrong_ids))
    proposals, record = _propose(make_engine(fallback=RecordingFallback()), analysis)

    assert proposals == propose(*analysis, ENGLISH, "en")
    assert "unknown id(s) p99" in server.chat_requests[1].messages[2]["content"]
    assert record.llm_calls[0].outcome == "fallback"
    assert record.fallbacks == [record.fallbacks[0]] and record.fallbacks[0].startswith(
        "proposals: still invalid"
    )


def test_an_endpoint_failure_keeps_the_offline_proposals(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], analysis: tuple[Process, list[Finding]]
) -> None:
    server.queue(error(401, "invalid api key"))
    proposals, record = _propose(make_engine(fallback=RecordingFallback()), analysis)
    assert proposals == propose(*analysis, ENGLISH, "en")
    assert "HTTP 401" in record.fallbacks[0]


def test_no_findings_no_proposals_and_no_call(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    process, _ = analysed_process()
    record = EngineInfo(name="llm")
    assert make_engine().propose(process, [], ENGLISH, "en", record) == []
    assert server.chat_requests == [] and record.llm_calls == []
