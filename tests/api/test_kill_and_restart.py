"""A real `interviewer serve` killed with SIGKILL in the middle of an
interview (while an answer is in flight) and started again continues the
interview at the right turn; the client's retry of the answer in flight
(same Idempotency-Key) is stored once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.api.support import ANSWERS_EN, bearer, free_port

pytestmark = pytest.mark.slow


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        INTERVIEWER_DATA_DIR=str(data_dir),
        INTERVIEWER_CONFIG=str(data_dir / "no-config.toml"),
        INTERVIEWER_API_REQUESTS_PER_MINUTE="100000",
        ANONYMIZED_TELEMETRY="False",
    )
    env.pop("INTERVIEWER_DATABASE_URL", None)
    return env


class Server:
    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir, self.port = data_dir, port
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server.log"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "interviewer",
                    "serve",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ],
                env=_env(self.data_dir),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: SIGKILL reaches all of it
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if httpx2.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200:
                    return
            except httpx2.TransportError:
                time.sleep(0.1)
        raise AssertionError(f"server did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path, free_port())
    try:
        yield running
    finally:
        running.stop()


def _create_key(data_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "interviewer", "keys", "create", "--workspace", "ops", "--name", "anna"],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_a_killed_server_continues_the_interview_at_the_right_turn(server: Server) -> None:
    analyst = bearer(_create_key(server.data_dir))
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    client = httpx2.Client(base_url=base, timeout=30)
    created = client.post(
        "/v1/interviews", json={"process_name": "invoice approval", "language": "en"}, headers=analyst
    ).json()
    interview_id, participant = created["id"], bearer(created["participant_token"])
    path = f"/v1/interviews/{interview_id}/answers"

    def post(index: int) -> Any:
        return client.post(
            path, json={"text": ANSWERS_EN[index]}, headers=participant | {"Idempotency-Key": f"a{index}"}
        )

    for index in range(3):
        assert post(index).status_code == 200
    before = client.get(f"/v1/interviews/{interview_id}", headers=participant).json()
    assert before["question"]["number"] == 7

    # Answer 3 goes out; the server is killed while it is (probably) in flight.
    in_flight = threading.Event()
    outcome: dict[str, Any] = {}

    def send() -> None:
        in_flight.set()
        try:
            outcome["response"] = post(3)
        except httpx2.TransportError as error:
            outcome["error"] = error

    sender = threading.Thread(target=send)
    sender.start()
    in_flight.wait()
    time.sleep(0.005)
    server.kill()
    sender.join(30)
    client.close()

    server.start()
    client = httpx2.Client(base_url=base, timeout=30)
    after = client.get(f"/v1/interviews/{interview_id}", headers=participant).json()
    stored = [t["text"] for t in after["transcript"] if t["speaker"] == "interviewee"]
    assert stored[:3] == ANSWERS_EN[:3], "everything acknowledged before the kill survived"
    if after["pending_answer"] is None and len(stored) == 3:
        assert after["question"] == before["question"], "the same question is waiting"

    # The client retries the answer it got no reply to, then goes on.
    retried = post(3)
    assert retried.status_code == 200, retried.text
    assert retried.json()["answer"]["number"] == 8 and retried.json()["question"]["number"] == 9
    if "response" in outcome:  # the reply made it out before the kill: the retry is a replay
        assert retried.json() == outcome["response"].json()
    assert post(4).json()["answer"]["number"] == 10

    final = client.get(f"/v1/interviews/{interview_id}", headers=participant).json()
    client.close()
    assert [t["number"] for t in final["transcript"]] == list(range(1, 12))
    assert [t["text"] for t in final["transcript"] if t["speaker"] == "interviewee"] == ANSWERS_EN[:5]
    questions = [t["text"] for t in final["transcript"] if t["speaker"] == "interviewer"]
    assert len(set(questions)) == len(questions), "no question asked twice across the restart"
