"""Nothing received is lost: an answer is stored before the engine runs; an
engine failure leaves it stored and answers a retryable 503; repeating the
request completes it once; an Idempotency-Key makes any repeat safe."""

from __future__ import annotations

from typing import Any

from interviewer.interview import Conductor
from tests.api.conftest import Api, ApiFactory
from tests.api.support import ANSWERS_EN, FlakyConductor, bearer


def _flaky(make_api: ApiFactory) -> tuple[Api, FlakyConductor]:
    probe = make_api()  # the real settings, to build the real conductor from
    flaky = FlakyConductor(Conductor.from_settings(probe.settings))
    return make_api(conductor=flaky), flaky


def _speakers(api: Api, interview_id: str) -> list[tuple[int, str, str]]:
    body = api.client.get(f"/v1/interviews/{interview_id}", headers=api.analyst).json()
    return [(t["number"], t["speaker"], t["text"]) for t in body["transcript"]]


def test_engine_failure_keeps_the_answer_and_a_retry_completes_it_once(make_api: ApiFactory) -> None:
    api, flaky = _flaky(make_api)
    created = api.start()
    participant = bearer(created["participant_token"])
    flaky.fail_answers = 1

    failed = api.answer(created["id"], participant, ANSWERS_EN[0], key="a1")
    assert failed.status_code == 503
    assert failed.headers["content-type"] == "application/problem+json"
    assert failed.headers["Retry-After"] == "1"
    problem = failed.json()
    assert problem["retryable"] is True and "your answer is saved" in problem["detail"]
    assert "exploded" not in problem["detail"], "internals stay in the log"

    interview = api.client.get(f"/v1/interviews/{created['id']}", headers=participant).json()
    assert interview["pending_answer"] == 2 and interview["question"] is None
    assert _speakers(api, created["id"])[-1] == (2, "interviewee", ANSWERS_EN[0])

    # Another answer cannot overtake the pending one.
    overtaking = api.answer(created["id"], participant, ANSWERS_EN[1], key="a2")
    assert overtaking.status_code == 409 and overtaking.json()["retryable"] is True
    assert "turn 2" in overtaking.json()["detail"]

    retried = api.answer(created["id"], participant, ANSWERS_EN[0], key="a1")
    assert retried.status_code == 200, retried.text
    assert retried.json()["answer"]["number"] == 2 and retried.json()["question"]["number"] == 3
    assert [n for n, _, _ in _speakers(api, created["id"])] == [1, 2, 3]
    assert flaky.calls.count("answer") == 2  # the failed run and the retry

    # The same reply as an undisturbed run from the stored state (the engine is deterministic).
    from interviewer.interview import InterviewState

    stored = api.context.repository.interviews.snapshot_at(created["id"], 1)
    assert stored is not None
    _, question = flaky.real.answer(InterviewState.model_validate_json(stored.state_json), ANSWERS_EN[0])
    assert question.text == retried.json()["question"]["text"]


def test_a_retry_without_key_completes_the_pending_answer(make_api: ApiFactory) -> None:
    api, flaky = _flaky(make_api)
    created = api.start()
    participant = bearer(created["participant_token"])
    flaky.fail_answers = 2
    assert api.answer(created["id"], participant, ANSWERS_EN[0]).status_code == 503
    assert api.answer(created["id"], participant, ANSWERS_EN[0]).status_code == 503
    reply = api.answer(created["id"], participant, ANSWERS_EN[0])
    assert reply.status_code == 200
    assert [n for n, _, _ in _speakers(api, created["id"])] == [1, 2, 3]


def test_finishing_completes_a_pending_answer_first(make_api: ApiFactory) -> None:
    api, flaky = _flaky(make_api)
    created = api.start()
    participant = bearer(created["participant_token"])
    for text in ANSWERS_EN[:3]:
        assert api.answer(created["id"], participant, text).status_code == 200
    flaky.fail_answers = 1
    assert api.answer(created["id"], participant, ANSWERS_EN[3]).status_code == 503
    flaky.fail_finish = 1
    failed = api.client.post(f"/v1/interviews/{created['id']}/finish", headers=participant)
    assert failed.status_code == 503 and failed.json()["retryable"] is True
    finished = api.client.post(f"/v1/interviews/{created['id']}/finish", headers=participant)
    assert finished.status_code == 200, finished.text
    speakers = _speakers(api, created["id"])
    assert speakers[7] == (8, "interviewee", ANSWERS_EN[3]) and speakers[8][1] == "interviewer"
    quotes = " ".join(e["quote"] for s in finished.json()["process"]["steps"] for e in s["evidence"])
    assert "three days" in quotes or "sign-off" in quotes, "the answer that was pending is in the analysis"


def test_the_same_idempotency_key_gives_the_same_response(api: Api, interview: dict[str, Any]) -> None:
    participant = interview["headers"]
    first = api.answer(interview["id"], participant, ANSWERS_EN[0], key="same")
    second_answer = api.answer(interview["id"], participant, ANSWERS_EN[1], key="next")
    replay = api.answer(interview["id"], participant, ANSWERS_EN[0], key="same")
    assert first.status_code == second_answer.status_code == replay.status_code == 200
    assert replay.json() == first.json()
    mismatch = api.answer(interview["id"], participant, "something different", key="same")
    assert mismatch.status_code == 422 and "Idempotency-Key" in mismatch.json()["detail"]
    assert [n for n, _, _ in _speakers(api, interview["id"])] == [1, 2, 3, 4, 5]


def test_sse_streams_turn_process_question_done(api: Api, interview: dict[str, Any]) -> None:
    events = _stream(api, interview, ANSWERS_EN[0], key="s1")
    assert [name for name, _ in events] == ["turn", "process", "question", "done"]
    turn, process, question, done = (data for _, data in events)
    assert turn["number"] == 2 and turn["text"] == ANSWERS_EN[0]
    assert question == done["question"] and question["number"] == 3
    assert process["process"] == done["process"]
    # The stream's final event is the JSON endpoint's response.
    assert api.answer(interview["id"], interview["headers"], ANSWERS_EN[0], key="s1").json() == done


def test_sse_reports_an_engine_failure_as_an_error_event(make_api: ApiFactory) -> None:
    api, flaky = _flaky(make_api)
    created = api.start()
    created["headers"] = bearer(created["participant_token"])
    flaky.fail_answers = 1
    events = _stream(api, created, ANSWERS_EN[0], key="e1")
    assert [name for name, _ in events] == ["turn", "error"]
    assert events[1][1]["status"] == 503 and events[1][1]["retryable"] is True
    retried = _stream(api, created, ANSWERS_EN[0], key="e1")
    assert [name for name, _ in retried] == ["turn", "process", "question", "done"]
    assert [n for n, _, _ in _speakers(api, created["id"])] == [1, 2, 3]


def _stream(api: Api, interview: dict[str, Any], text: str, *, key: str) -> list[tuple[str, Any]]:
    import json

    headers = interview["headers"] | {"Accept": "text/event-stream", "Idempotency-Key": key}
    response = api.client.post(
        f"/v1/interviews/{interview['id']}/answers", json={"text": text}, headers=headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = []
    for block in response.text.strip().split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":")
        )
        events.append((fields["event"], json.loads(fields["data"])))
    return events
