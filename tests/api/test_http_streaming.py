"""Server-Sent Events over real HTTP (uvicorn on loopback): the stored
answer arrives as the first event, the reply follows, and the stream ends."""

from __future__ import annotations

import json
from typing import Any

import httpx2

from tests.api.conftest import HttpApi
from tests.api.support import ANSWERS_DE, bearer


def test_an_answer_streams_as_server_sent_events(http_api: HttpApi) -> None:
    with httpx2.Client(base_url=http_api.base_url, timeout=60) as client:
        created = client.post(
            "/v1/interviews",
            json={"process_name": "Rechnungsfreigabe", "language": "de"},
            headers=http_api.analyst,
        ).json()
        headers = bearer(created["participant_token"]) | {
            "Accept": "text/event-stream",
            "Idempotency-Key": "de-1",
        }
        events: list[tuple[str, Any]] = []
        with client.stream(
            "POST", f"/v1/interviews/{created['id']}/answers", json={"text": ANSWERS_DE[2]}, headers=headers
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            name = None
            for line in response.iter_lines():
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: ") and name:
                    events.append((name, json.loads(line.removeprefix("data: "))))
    assert [n for n, _ in events] == ["turn", "process", "question", "done"]
    assert events[0][1]["text"] == ANSWERS_DE[2]
    assert any(step["system"] == "SAP" for step in events[1][1]["process"]["steps"])
    assert events[3][1]["question"]["text"] == events[2][1]["text"]
