"""Every structured-output method against every fault, over real HTTP.

The real langchain ChatOpenAI and openai clients talk to the loopback test
server; each test scripts the server's answers and checks what the engine
made of them: the result, the LLMCall record, and the requests it sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from interviewer.engines.llm import LLMEngine
from interviewer.models import EngineInfo
from tests.llm.conftest import RecordingSleep
from tests.llm.samples import ENGLISH, RecordingFallback
from tests.support.openai_server import (
    OpenAITestServer,
    error,
    plain_text,
    refusal,
    slow,
    structured,
    truncated,
)
from tests.support.scripted_model import echo_extraction

METHODS = ["json_schema", "function_calling", "json_mode"]
GOOD_STEP = {
    "action": "check the order for completeness",
    "actor": "order management",
    "org_unit": None,
    "system": "CRM",
    "duration_hours": None,
    "wait_hours": None,
    "value": "business",
    "evidence": [{"turn": 2, "quote": "then I check the order for completeness"}],
}


def payload(*steps: dict[str, object]) -> dict[str, object]:
    return {
        "name": "broadband activation",
        "trigger": "a customer orders a line",
        "customer": None,
        "stated_lead_time_hours": None,
        "stated_lead_time_evidence": None,
        "steps": list(steps),
    }


def run(engine: LLMEngine) -> tuple[list[str], EngineInfo]:
    record = EngineInfo(name="llm")
    process = engine.extract(ENGLISH, "en", record)
    return [step.action for step in process.steps], record


@pytest.fixture(params=METHODS)
def method(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_valid_answer_is_recorded_with_the_servers_token_counts(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], method: str
) -> None:
    server.queue(structured(payload(GOOD_STEP)))
    actions, record = run(make_engine(llm_structured_output=method))

    assert actions == ["check the order for completeness"]
    (call,) = record.llm_calls
    assert (call.purpose, call.model, call.outcome, call.attempts) == ("extract", "test-model", "ok", 1)
    assert (call.prompt_tokens, call.completion_tokens) == server.reported_usage()
    assert record.model == "test-model"
    assert set(record.prompt_hashes) == {
        "extract/system.en",
        "extract/user.en",
        f"formats/{_format(method)}.en",
    }
    body = server.chat_requests[0].body
    if method == "json_schema":
        assert body["response_format"]["type"] == "json_schema"
    elif method == "function_calling":
        assert body["tools"][0]["function"]["name"] == "ExtractedProcess"
    else:
        assert body["response_format"] == {"type": "json_object"}
        assert '"evidence"' in server.chat_requests[0].message_text("system")  # the schema is in the prompt


def _format(method: str) -> str:
    return "json_mode" if method == "json_mode" else "structured"


def test_rate_limit_is_retried_after_the_time_the_server_asks(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], sleep: RecordingSleep, method: str
) -> None:
    server.queue(error(429, "slow down", {"Retry-After": "7"}), structured(payload(GOOD_STEP)))
    actions, record = run(make_engine(llm_structured_output=method))

    assert actions == ["check the order for completeness"]
    assert record.llm_calls[0].attempts == 2 and record.llm_calls[0].outcome == "ok"
    assert len(sleep.delays) == 1 and 6.5 < sleep.delays[0] <= 7.0


def test_retry_after_is_capped(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], sleep: RecordingSleep
) -> None:
    server.queue(error(429, "come back tomorrow", {"Retry-After": "86400"}), structured(payload(GOOD_STEP)))
    run(make_engine())
    assert sleep.delays and max(sleep.delays) <= 60.0


def test_server_errors_are_retried_with_growing_backoff(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], sleep: RecordingSleep, method: str
) -> None:
    server.queue(error(500), error(503), structured(payload(GOOD_STEP)))
    actions, record = run(make_engine(llm_structured_output=method))

    assert actions == ["check the order for completeness"]
    assert record.llm_calls[0].attempts == 3
    first, second = sleep.delays
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 1.0


def test_exhausted_retries_fall_back_to_the_offline_engine_and_say_so(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], method: str
) -> None:
    server.queue(error(500), error(500), error(500))
    fallback = RecordingFallback()
    actions, record = run(make_engine(fallback=fallback, llm_structured_output=method, llm_max_retries=2))

    assert actions == ["offline step from turn 1"]
    assert len(fallback.extract_calls) == 1
    (call,) = record.llm_calls
    assert call.outcome == "fallback" and call.attempts == 3 and "HTTP 500" in (call.error or "")
    assert len(record.fallbacks) == 1 and "HTTP 500" in record.fallbacks[0]


def test_a_timeout_is_retried_then_falls_back(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], method: str
) -> None:
    server.queue(slow(structured(payload(GOOD_STEP)), 2.0), slow(structured(payload(GOOD_STEP)), 2.0))
    fallback = RecordingFallback()
    actions, record = run(
        make_engine(
            fallback=fallback, llm_structured_output=method, llm_timeout_seconds=0.3, llm_max_retries=1
        )
    )

    assert actions == ["offline step from turn 1"]
    (call,) = record.llm_calls
    assert call.outcome == "fallback" and call.attempts == 2 and "timeout" in (call.error or "")


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (structured('{"name": "broadband activation", "steps": [{"action": '), "not valid JSON"),
        (plain_text("Sure! First sales enters the order, then Petra checks it."), "plain text"),
        (truncated(payload(GOOD_STEP, GOOD_STEP)), "cut off at the length limit"),
        (structured(payload({**GOOD_STEP, "evidence": []})), "steps.0.evidence"),
        (structured(payload({**GOOD_STEP, "wait_hours": -3})), "steps.0.wait_hours"),
        (structured(payload({**GOOD_STEP, "evidence": [{"turn": 99, "quote": "x"}]})), "turn 99 is not in"),
    ],
    ids=["malformed-json", "plain-text", "finish-length", "no-evidence", "negative-wait", "turn-outside"],
)
def test_an_unusable_answer_gets_one_repair_round_with_the_problem_sent_back(
    server: OpenAITestServer,
    make_engine: Callable[..., LLMEngine],
    method: str,
    broken: Callable[..., object],
    problem: str,
) -> None:
    server.queue(broken, structured(payload(GOOD_STEP)))  # type: ignore[arg-type]
    actions, record = run(make_engine(llm_structured_output=method))

    assert actions == ["check the order for completeness"]
    (call,) = record.llm_calls
    assert call.outcome == "repaired" and call.attempts == 2
    first, repair = server.chat_requests
    assert repair.messages[:2] == first.messages[:2]  # same task, same data
    assert problem in repair.messages[2]["content"]
    assert "repair/user.en" in record.prompt_hashes


def test_still_invalid_after_repair_falls_back(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], method: str
) -> None:
    server.queue(plain_text("I think there are three steps."), structured('{"steps": "three"}'))
    fallback = RecordingFallback()
    actions, record = run(make_engine(fallback=fallback, llm_structured_output=method))

    assert actions == ["offline step from turn 1"]
    (call,) = record.llm_calls
    assert call.outcome == "fallback" and call.attempts == 2 and "still invalid" in (call.error or "")
    assert record.fallbacks and "extract" in record.fallbacks[0]


def test_a_refusal_falls_back_at_once(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], method: str
) -> None:
    server.queue(refusal("I can't help with that request."))
    fallback = RecordingFallback()
    actions, record = run(make_engine(fallback=fallback, llm_structured_output=method))

    assert actions == ["offline step from turn 1"]
    assert len(server.chat_requests) == 1  # asking again rarely changes a refusal
    (call,) = record.llm_calls
    assert call.outcome == "fallback" and "refused" in (call.error or "")


def test_ungrounded_evidence_is_flagged_and_its_numbers_are_not_stated(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine], method: str
) -> None:
    invented = {
        **GOOD_STEP,
        "action": "approve the order in the board meeting",
        "wait_hours": 100,
        "value": "waste",
        "evidence": [{"turn": 4, "quote": "the board approves every order on Mondays"}],
    }
    unstated_wait = {
        **GOOD_STEP,
        "action": "plan the line",
        "actor": "planning",
        "wait_hours": 336,
        "evidence": [{"turn": 4, "quote": "Then it goes to planning at Netzbau GmbH."}],
    }
    stated_wait = {
        **unstated_wait,
        "action": "schedule the technician",
        "evidence": [{"turn": 4, "quote": "It usually sits there for about two weeks"}],
    }
    server.queue(structured(payload(GOOD_STEP, invented, unstated_wait, stated_wait)))
    record = EngineInfo(name="llm")
    process = make_engine(llm_structured_output=method).extract(ENGLISH, "en", record)

    good, ungrounded, unstated, stated = process.steps
    assert good.flags == [] and good.evidence[0].quote == "then I check the order for completeness"
    assert ungrounded.flags == ["ungrounded"]
    assert ungrounded.evidence == [] and ungrounded.wait_hours is None and ungrounded.value == "unknown"
    assert unstated.wait_hours is None  # its quote states no time
    assert stated.wait_hours == 336
    assert record.llm_calls[0].outcome == "ok"


def test_quotes_in_the_result_are_the_transcripts_own_words(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    sloppy = {**GOOD_STEP, "evidence": [{"turn": 3, "quote": "Then I check the order for completness"}]}
    server.queue(structured(payload(sloppy)))
    record = EngineInfo(name="llm")
    process = make_engine().extract(ENGLISH, "en", record)

    (evidence,) = process.steps[0].evidence
    # Wrong turn (3 is the interviewer's question) and a typo: corrected to the real turn and wording.
    assert evidence.turn == 2
    assert evidence.quote == "then I check the order for completeness"
    assert evidence.quote in ENGLISH.turns[1].text


def test_no_fallback_configured_raises_llm_error(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    from interviewer.errors import LLMError

    server.queue(error(400, "bad request"))
    with pytest.raises(LLMError, match="HTTP 400"):
        run(make_engine(fallback=None))
    assert len(server.chat_requests) == 1  # a 400 is not retried


def test_echoing_model_over_every_method_gives_the_same_process(
    server: OpenAITestServer, make_engine: Callable[..., LLMEngine]
) -> None:
    results = []
    for method in METHODS:
        server.queue(echo_extraction())
        actions, _ = run(make_engine(llm_structured_output=method))
        results.append(actions)
    assert results[0] == results[1] == results[2] and len(results[0]) == 3
    assert all(json.dumps(r.body) for r in server.chat_requests)
