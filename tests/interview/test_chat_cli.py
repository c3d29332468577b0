"""`interviewer chat` over a pipe: answers on stdin, state saved after every
answer, resumable with --resume, ending with the analysis and the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _chat(data_dir: Path, answers: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTERVIEWER_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "interviewer", "chat", *args],
        input="".join(answer + "\n" for answer in answers),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=240,
    )


def test_chat_over_a_pipe_with_resume(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _chat(
        data,
        [
            "I work in purchasing.",
            "The engineer fills in a purchase requisition. We enter the requisition in SAP.",
            "Then the cost centre manager approves the requisition, that takes about two days.",
        ],
        "--process",
        "Pump purchase",
        "--language",
        "en",
    )
    assert first.returncode == 0, first.stderr
    saved = list((data / "interviews").glob("*.json"))
    assert len(saved) == 1
    interview_id = saved[0].stem
    state = json.loads(saved[0].read_text())
    assert len([t for t in state["turns"] if not t["is_interviewer"]]) == 3
    assert not state["finished"]
    assert f"interviewer chat --resume {interview_id}" in first.stdout
    assert "Interviewer: Hello" in first.stdout
    assert (
        "> I work in purchasing." in first.stdout
    )  # piped answers are echoed: the output reads as a dialogue

    second = _chat(
        data,
        ["Then we ask three suppliers for quotes.", "That's it.", "Let's stop here.", "Yes, that's right."],
        "--resume",
        interview_id,
    )
    assert second.returncode == 0, second.stderr
    assert f"Resuming interview {interview_id}" in second.stdout
    state = json.loads(saved[0].read_text())
    assert state["finished"] and state["phase"] == "closed"
    assert any("quotes" in step["action"] for step in state["process"]["steps"])
    report = data / "reports" / f"{interview_id}.html"
    assert report.is_file() and "<svg" in report.read_text()
    assert f"The full report is in {report}" in second.stdout.replace("\n", "")
    result = json.loads((data / "reports" / f"{interview_id}.json").read_text())
    assert result["case_id"] == interview_id and result["process"]["steps"]


def test_resume_of_an_unknown_interview_is_a_clear_error(tmp_path: Path) -> None:
    done = _chat(tmp_path / "data", [], "--resume", "nope")
    assert done.returncode != 0
    assert "no interview with id 'nope'" in done.stderr


def test_german_chat_detects_the_language(tmp_path: Path) -> None:
    done = _chat(
        tmp_path / "data",
        ["Ich bin Sachbearbeiterin im Bauamt und wir prüfen die Bauanträge auf Vollständigkeit."],
        "--process",
        "Bauantrag",
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(next((tmp_path / "data" / "interviews").glob("*.json")).read_text())
    assert state["language"] == "de" and state["language_confirmed"]
    assert state["turns"][-1]["is_interviewer"] and state["turns"][-1]["speaker"] == "Interviewer"
