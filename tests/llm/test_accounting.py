"""Every call leaves a record; tokens come from the server; the cost is estimated from a price table."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from interviewer.engines.llm import LLMEngine, summarise_usage
from interviewer.engines.llm.cost import call_cost, price_for, total_usage
from interviewer.models import AnalysisResult, EngineInfo, LLMCall, Process
from interviewer.prompts import load_template
from tests.llm.samples import ENGLISH
from tests.support.openai_server import OpenAITestServer, error
from tests.support.scripted_model import echo_extraction


def _result(*calls: LLMCall, fallbacks: tuple[str, ...] = ()) -> AnalysisResult:
    engine = EngineInfo(
        name="llm", model=calls[0].model if calls else None, llm_calls=list(calls), fallbacks=list(fallbacks)
    )
    return AnalysisResult(case_id="c", language="en", process=Process(name="p"), engine=engine)


def _call(model: str, prompt: int, completion: int, outcome: str = "ok") -> LLMCall:
    return LLMCall(purpose="extract", model=model, prompt_hash="h", prompt_tokens=prompt,
                   completion_tokens=completion, outcome=outcome)  # type: ignore[arg-type]  # fmt: skip


def test_the_record_names_model_prompts_tokens_time_and_attempts(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    server.queue(error(503))
    server.chat_handler = echo_extraction()
    record = EngineInfo(name="llm")
    make_engine(llm_model="test-model").extract(ENGLISH, "en", record)

    (call,) = record.llm_calls
    assert record.model == "test-model" == call.model
    assert record.prompt_hashes["extract/system.en"] == load_template("extract", "system", "en").sha256
    assert call.attempts == 2 and call.seconds > 0
    assert (call.prompt_tokens, call.completion_tokens) == server.reported_usage()
    assert len(call.prompt_hash) == 64


def test_prices_come_from_the_table_and_settings_override_them() -> None:
    assert price_for("gpt-4o-mini") == (0.15, 0.60)
    assert price_for("gpt-4o-mini-2024-07-18") == (0.15, 0.60)  # dated snapshots use their family's price
    assert price_for("llama3.1:8b") is None
    assert price_for("llama3.1:8b", {"llama3.1:8b": (0.0, 0.0)}) == (0.0, 0.0)
    assert call_cost(_call("gpt-4o-mini", 1_000_000, 500_000)) == pytest.approx(0.15 + 0.30)


def test_summary_line_for_the_analyze_command() -> None:
    results = [
        _result(_call("gpt-4o-mini", 12_000, 3_000), _call("gpt-4o-mini", 8_000, 1_000, "repaired")),
        _result(_call("gpt-4o-mini", 10_000, 2_000, "fallback"), fallbacks=("extract: HTTP 500",)),
    ]
    usage = total_usage(results)
    assert (usage.calls, usage.prompt_tokens, usage.completion_tokens) == (3, 30_000, 6_000)
    line = summarise_usage(results)
    assert line == (
        "LLM (gpt-4o-mini): 3 calls (1 fallback, 1 ok, 1 repaired), 30,000 prompt + 6,000 completion tokens, "
        "estimated cost $0.0081; 1 of 2 results used the offline fallback somewhere"
    )


def test_summary_without_a_price_says_so_and_offline_results_print_nothing() -> None:
    assert "cost unknown" in summarise_usage([_result(_call("llama3.1:8b", 100, 10))])
    assert summarise_usage([_result()]) == ""
