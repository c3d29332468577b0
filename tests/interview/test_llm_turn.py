"""The LLM engine's interview turn, against the loopback OpenAI-compatible
server with the real openai/langchain clients: one call per answer that
updates the process and phrases the question, a prompt that stays nearly
flat, checked replies, and the offline engine when the call fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.interview import Conductor, InterviewState, Question
from tests.interview.conftest import llm_settings
from tests.interview.interview_model import interview_model, interview_payload
from tests.support.openai_server import OpenAITestServer, RecordedRequest, error

STEPS_CAP = 20  # a real process has a bounded number of steps; the model stops adding there


@pytest.fixture
def llm_conductor(server: OpenAITestServer, tmp_path: Path) -> Iterator[Conductor]:
    conductor = Conductor.from_settings(llm_settings(server, tmp_path / "data"))
    yield conductor
    conductor.engine.close()  # type: ignore[attr-defined]


def _prompt_chars(request: RecordedRequest) -> int:
    return len(request.message_text("system")) + len(request.message_text("user"))


def test_one_call_per_answer_updates_the_process_and_phrases_the_question(
    server: OpenAITestServer, llm_conductor: Conductor
) -> None:
    server.chat_handler = interview_model()
    state, question = llm_conductor.start(
        process_name="Access request", language="en", interviewee_role="Service desk"
    )
    assert not server.chat_requests  # the opening is the conductor's own words
    state, question = llm_conductor.answer(
        state, "The employee raises a ticket in ServiceNow for the access."
    )
    assert len(server.chat_requests) == 1
    assert [s.action for s in state.process.steps] == ["The employee raises a ticket in"]
    assert state.process.steps[0].evidence[0].turn == 2
    state, question = llm_conductor.answer(state, "Then we check whether the cost centre is filled in.")
    assert len(server.chat_requests) == 2
    assert question.template_id == "llm" and question.text.startswith("LLM question")
    assert [s.id for s in state.process.steps] == ["s1", "s2"]  # ids stay stable in an LLM interview
    calls = state.record.llm_calls
    assert [call.purpose for call in calls] == ["question", "question"]
    assert all(call.outcome == "ok" for call in calls)
    assert "interview/system.en" in state.record.prompt_hashes
    # the prompt carries the compact process and the latest answer between delimiters
    user = server.chat_requests[-1].message_text("user")
    assert "<process>" in user and '"id":"s1"' in user
    assert "<answer>\nThen we check whether the cost centre is filled in.\n</answer>" in user


def test_skip_and_readback_confirmation_need_no_call(
    server: OpenAITestServer, llm_conductor: Conductor
) -> None:
    server.chat_handler = interview_model()
    state, _ = llm_conductor.start(
        process_name="Access request", language="en", interviewee_role="Service desk"
    )
    state, _ = llm_conductor.answer(state, "The employee raises a ticket in ServiceNow for the access.")
    calls = len(server.chat_requests)
    state, question = llm_conductor.answer(state, "I don't know.")
    state, question = llm_conductor.answer(state, "Let's stop here.")
    assert question.kind == "readback"
    state, question = llm_conductor.answer(state, "Yes, that's right.")
    assert question.done
    assert len(server.chat_requests) == calls


def _drive(conductor: Conductor, answers: int) -> InterviewState:
    state, _ = conductor.start(process_name="Onboarding", language="en", interviewee_role="HR")
    for number in range(1, answers + 1):
        state, _ = conductor.answer(
            state, f"Then the team handles part {number} of the new hire's paperwork."
        )
    return state


def test_prompt_size_stays_nearly_flat(server: OpenAITestServer, tmp_path: Path) -> None:
    def capped(request: RecordedRequest) -> dict[str, Any]:
        payload = interview_payload(request)
        known = [s for s in payload["steps"] if s["id"] is not None]
        if len(known) >= STEPS_CAP:
            payload["steps"] = known  # the process is told; later answers only add detail
        return payload

    server.chat_handler = interview_model(capped)
    conductor = Conductor.from_settings(llm_settings(server, tmp_path / "data"))
    conductor.max_questions = conductor.max_followups = 100
    try:
        state = _drive(conductor, 40)
    finally:
        conductor.engine.close()  # type: ignore[attr-defined]
    requests = server.chat_requests
    assert len(requests) == 40  # one call per answer
    assert len(state.process.steps) == STEPS_CAP
    at_5, at_40 = _prompt_chars(requests[4]), _prompt_chars(requests[39])
    assert at_40 <= 2 * at_5, (at_5, at_40)
    # the earliest answers are no longer in the prompt: it is not the whole history
    assert "part 1 of" not in requests[39].message_text("user")


def test_a_failed_call_falls_back_to_the_offline_engine(
    server: OpenAITestServer, llm_conductor: Conductor
) -> None:
    server.chat_handler = lambda request: error(500, "model overloaded")
    state, _ = llm_conductor.start(
        process_name="Access request", language="en", interviewee_role="Service desk"
    )
    state, question = llm_conductor.answer(state, "The employee raises a ticket. Then we check the request.")
    assert any("check the request" in s.action for s in state.process.steps)  # the offline engine read it
    assert question.template_id != "llm"
    assert state.record.llm_calls[-1].outcome == "fallback"
    assert "used the offline engine" in state.record.fallbacks[-1]


def test_invalid_reply_gets_one_repair_round(server: OpenAITestServer, llm_conductor: Conductor) -> None:
    def bad_then_good(request: RecordedRequest) -> dict[str, Any]:
        payload = interview_payload(request)
        if "previous_answer" not in request.message_text("user"):
            payload["question_step_id"] = "s99"  # a step that does not exist
        return payload

    server.chat_handler = interview_model(bad_then_good)
    state, _ = llm_conductor.start(
        process_name="Access request", language="en", interviewee_role="Service desk"
    )
    state, _ = llm_conductor.answer(state, "The employee raises a ticket in ServiceNow for the access.")
    assert len(server.chat_requests) == 2
    assert "s99" in server.chat_requests[1].message_text("user")
    assert state.record.llm_calls[-1].outcome == "repaired"


def test_reply_is_checked_quotes_times_and_dropped_steps(
    server: OpenAITestServer, llm_conductor: Conductor
) -> None:
    server.chat_handler = interview_model()
    state, _ = llm_conductor.start(
        process_name="Access request", language="en", interviewee_role="Service desk"
    )
    state, _ = llm_conductor.answer(state, "The employee raises a ticket in ServiceNow for the access.")
    state, _ = llm_conductor.answer(state, "Then the line manager approves the request by email.")

    def sloppy(request: RecordedRequest) -> dict[str, Any]:
        payload = interview_payload(request)
        payload["steps"] = [payload["steps"][1]]  # drops s1 without being told to
        payload["steps"][0]["wait_hours"] = 500.0  # a time the answer does not state
        payload["steps"].append(
            {"id": None, "action": "invented step", "quote": "words nobody said", "value": "customer"}
        )
        return payload

    server.chat_handler = interview_model(sloppy)
    state, _ = llm_conductor.answer(state, "The manager usually answers on the same day.")
    ids = [s.id for s in state.process.steps]
    assert ids[:2] == ["s1", "s2"]  # s1 is back, in its place
    assert state.process.steps[1].wait_hours is None  # no time was stated
    invented = next(s for s in state.process.steps if s.action == "invented step")
    assert invented.flags == ["ungrounded"] and invented.value == "unknown"

    def drop_first(request: RecordedRequest) -> dict[str, Any]:
        payload = interview_payload(request)
        payload["steps"] = [s for s in payload["steps"] if s["id"] != "s1"]
        return payload

    server.chat_handler = interview_model(drop_first)
    state, _ = llm_conductor.answer(state, "No, that's wrong: there is no ticket, the manager gets an email.")
    assert "s1" not in [s.id for s in state.process.steps]  # a correction may take a step back
    assert "(a correction)" in server.chat_requests[-1].message_text("user")


def test_names_are_pseudonymised_for_a_remote_endpoint(server: OpenAITestServer, tmp_path: Path) -> None:
    server.chat_handler = interview_model()
    conductor = Conductor.from_settings(llm_settings(server, tmp_path / "data", llm_pseudonymise=True))
    try:
        state, _ = conductor.start(
            process_name="Claims", language="de", interviewee_role="Schadenbearbeitung"
        )
        state, question = conductor.answer(
            state, "Frau Kowalski prüft die Deckung im System und schreibt dann an Herrn Brandt."
        )
    finally:
        conductor.engine.close()  # type: ignore[attr-defined]
    sent = server.chat_requests[-1].all_text
    assert "Kowalski" not in sent and "Brandt" not in sent
    assert "[PERSON_" in sent
    assert "Kowalski" in state.process.steps[0].action  # restored in the local result
    assert isinstance(question, Question)
