"""Posts racing on one interview, over real HTTP (uvicorn on loopback), on
SQLite and PostgreSQL: no answer is lost or stored twice, and the
transcript in the database stays one question, one answer, in order."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx2
from sqlalchemy import text

from tests.api.conftest import HttpApi
from tests.api.support import ANSWERS_EN, bearer

RACERS = 8


def _race(count: int, work: Any) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except BaseException as error:  # reported by the assertions below
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def _turns_in_database(api: HttpApi, interview_id: str) -> list[tuple[int, str, str]]:
    with api.context.repository.db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT number, speaker, text FROM turns WHERE interview_id = :id ORDER BY number"),
            {"id": interview_id},
        )
        return [(int(n), str(s), str(t)) for n, s, t in rows]


def _snapshots_in_database(api: HttpApi, interview_id: str) -> list[int]:
    with api.context.repository.db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT turn_number FROM snapshots WHERE interview_id = :id ORDER BY turn_number"),
            {"id": interview_id},
        )
        return [int(n) for (n,) in rows]


def test_racing_answers_are_each_stored_exactly_once(http_api: HttpApi) -> None:
    with httpx2.Client(base_url=http_api.base_url, timeout=60) as client:
        created = client.post(
            "/v1/interviews", json={"process_name": "invoice approval"}, headers=http_api.analyst
        )
        interview_id = created.json()["id"]
        participant = bearer(created.json()["participant_token"])
        texts = [f"{ANSWERS_EN[i % len(ANSWERS_EN)]} (racer {i})" for i in range(RACERS)]
        conflicts = [0] * RACERS

        def post_until_accepted(index: int) -> dict[str, Any]:
            # A client that is told "another answer is pending" waits and retries.
            while True:
                response = client.post(
                    f"/v1/interviews/{interview_id}/answers",
                    json={"text": texts[index]},
                    headers=participant | {"Idempotency-Key": f"racer-{index}"},
                )
                if response.status_code != 409:
                    assert response.status_code == 200, response.text
                    body: dict[str, Any] = response.json()
                    return body
                conflicts[index] += 1
                assert response.headers["Retry-After"]
                time.sleep(0.005)

        replies = _race(RACERS, post_until_accepted)

    assert not [r for r in replies if isinstance(r, BaseException)], replies
    turns = _turns_in_database(http_api, interview_id)
    answers = [t for t in turns if t[1] == "interviewee"]
    assert sorted(t[2] for t in answers) == sorted(texts), "each answer exactly once"
    assert [n for n, _, _ in turns] == list(range(1, 2 * RACERS + 2)), "numbers without gaps"
    assert [s for _, s, _ in turns] == ["interviewer", "interviewee"] * RACERS + ["interviewer"]
    assert _snapshots_in_database(http_api, interview_id) == list(range(1, 2 * RACERS + 2, 2))
    # Each racer's reply is its own answer's turn.
    assert sorted(r["answer"]["number"] for r in replies) == list(range(2, 2 * RACERS + 1, 2))
    for reply in replies:
        assert turns[reply["answer"]["number"] - 1][2] == reply["answer"]["text"]
    assert sum(conflicts) > 0, "the racers did collide"


def test_racing_repeats_of_one_request_store_it_once(http_api: HttpApi) -> None:
    with httpx2.Client(base_url=http_api.base_url, timeout=60) as client:
        created = client.post(
            "/v1/interviews", json={"process_name": "invoice approval"}, headers=http_api.analyst
        )
        interview_id = created.json()["id"]
        participant = bearer(created.json()["participant_token"])
        headers = participant | {"Idempotency-Key": "one-and-the-same"}

        def post(_: int) -> Any:
            return client.post(
                f"/v1/interviews/{interview_id}/answers", json={"text": ANSWERS_EN[0]}, headers=headers
            )

        responses = _race(RACERS, post)

    assert [r.status_code for r in responses] == [200] * RACERS
    assert all(r.json() == responses[0].json() for r in responses)
    assert _turns_in_database(http_api, interview_id)[1:] == [
        (2, "interviewee", ANSWERS_EN[0]),
        (3, "interviewer", responses[0].json()["question"]["text"]),
    ]
