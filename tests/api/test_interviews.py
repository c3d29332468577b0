"""A whole interview over the API, in English and in German: start, answers,
transcript, process, finish, reports; and the same on PostgreSQL."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from interviewer.models import AnalysisResult
from tests.api.conftest import Api
from tests.api.support import ANSWERS_DE, ANSWERS_EN, bearer


def _run_interview(
    api: Api, language: str, answers: list[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    created = api.start(
        process_name="Rechnungsfreigabe" if language == "de" else "invoice approval",
        language=language,
        interviewee_role="accounts payable",
    )
    participant = bearer(created["participant_token"])
    replies = []
    for number, text in enumerate(answers):
        response = api.answer(created["id"], participant, text, key=f"answer-{number}")
        assert response.status_code == 200, response.text
        replies.append(response.json())
    return created, replies


@pytest.mark.parametrize(("language", "answers"), [("en", ANSWERS_EN[:6]), ("de", ANSWERS_DE[:5])])
def test_a_whole_interview(api: Api, language: str, answers: list[str]) -> None:
    created, replies = _run_interview(api, language, answers)
    assert created["status"] == "active"
    assert created["language"] == language
    assert created["question"]["number"] == 1 and created["question"]["text"]
    assert created["participant_token"].startswith("ipt_")

    # Each answer is turn 2, 4, 6, ... and the interviewer replies in the next turn.
    for index, reply in enumerate(replies):
        assert reply["answer"] == reply["answer"] | {
            "number": 2 + 2 * index,
            "speaker": "interviewee",
            "text": answers[index],
        }
        assert reply["question"]["number"] == 3 + 2 * index
        assert reply["question"]["text"]
    questions = [created["question"]["text"]] + [r["question"]["text"] for r in replies]
    assert len(set(questions)) == len(questions), "the interviewer repeated a question"
    last_process = replies[-1]["process"]
    assert len(last_process["steps"]) >= 2, last_process
    if language == "de":
        assert any(step.get("system") == "SAP" for step in last_process["steps"])

    participant = bearer(created["participant_token"])
    interview = api.client.get(f"/v1/interviews/{created['id']}", headers=participant).json()
    assert [t["number"] for t in interview["transcript"]] == list(range(1, 2 * len(answers) + 2))
    assert [t["speaker"] for t in interview["transcript"]][:3] == [
        "interviewer",
        "interviewee",
        "interviewer",
    ]
    assert [t["text"] for t in interview["transcript"] if t["speaker"] == "interviewee"] == answers
    assert interview["question"] == replies[-1]["question"]
    assert interview["pending_answer"] is None
    assert interview["language"] == language

    process = api.client.get(f"/v1/interviews/{created['id']}/process", headers=api.analyst).json()
    assert process["turn"] == replies[-1]["question"]["number"]
    assert process["process"] == last_process

    finished = api.client.post(f"/v1/interviews/{created['id']}/finish", headers=participant)
    assert finished.status_code == 200, finished.text
    result = AnalysisResult.model_validate(finished.json())
    assert result.language == language
    assert result.process.steps
    again = api.client.post(f"/v1/interviews/{created['id']}/finish", headers=api.analyst)
    assert again.json() == finished.json(), "finishing twice must return the stored result"
    assert (
        api.client.get(f"/v1/interviews/{created['id']}", headers=api.analyst).json()["status"] == "finished"
    )

    refused = api.answer(created["id"], participant, "one more thing")
    assert refused.status_code == 409
    assert "finished" in refused.json()["detail"]


def test_reports_in_every_format(api: Api) -> None:
    created, _ = _run_interview(api, "en", ANSWERS_EN[:5])
    early = api.client.get(f"/v1/interviews/{created['id']}/report", headers=api.analyst)
    assert early.status_code == 409 and "finish" in early.json()["detail"]
    api.client.post(f"/v1/interviews/{created['id']}/finish", headers=api.analyst)

    def report(fmt: str) -> Any:
        response = api.client.get(
            f"/v1/interviews/{created['id']}/report", params={"format": fmt}, headers=api.analyst
        )
        assert response.status_code == 200, response.text
        return response

    html = report("html")
    assert html.headers["content-type"].startswith("text/html") and "<svg" in html.text
    markdown = report("md")
    assert markdown.headers["content-type"].startswith("text/markdown") and markdown.text.startswith("#")
    bpmn = report("bpmn")
    assert ET.fromstring(bpmn.text).tag.endswith("definitions")
    mermaid = report("mermaid")
    assert "flowchart" in mermaid.text
    wrong = api.client.get(
        f"/v1/interviews/{created['id']}/report", params={"format": "pdf"}, headers=api.analyst
    )
    assert wrong.status_code == 422 and wrong.headers["content-type"] == "application/problem+json"


def test_analysts_list_their_workspace_only(api: Api) -> None:
    mine = api.start()
    other = api.new_analyst(workspace="elsewhere")
    theirs = api.start(headers=other)
    listed = api.client.get("/v1/interviews", headers=api.analyst).json()["interviews"]
    assert [i["id"] for i in listed] == [mine["id"]]
    assert [i["id"] for i in api.client.get("/v1/interviews", headers=other).json()["interviews"]] == [
        theirs["id"]
    ]


def test_consent_and_role_are_kept(api: Api) -> None:
    created = api.start(consent=False, interviewee_role="  team lead ")
    interview = api.client.get(f"/v1/interviews/{created['id']}", headers=api.analyst).json()
    assert interview["consent"] is False
    assert interview["interviewee_role"] == "  team lead "
    assert created["question"]["gap"] == "consent"


@pytest.mark.postgres
def test_a_whole_interview_on_postgresql(postgres_api: Api) -> None:
    created, replies = _run_interview(postgres_api, "en", ANSWERS_EN[:5])
    assert postgres_api.context.repository.backend == "postgresql"
    participant = bearer(created["participant_token"])
    transcript = postgres_api.client.get(f"/v1/interviews/{created['id']}", headers=participant).json()[
        "transcript"
    ]
    assert len(transcript) == 11
    finished = postgres_api.client.post(f"/v1/interviews/{created['id']}/finish", headers=participant)
    assert finished.status_code == 200
    assert AnalysisResult.model_validate(finished.json()).process.steps
    assert replies[-1]["question"]["number"] == 11


def test_an_interview_without_consent_is_closed_and_never_analysed(api: Api) -> None:
    created = api.start(consent=False)
    participant = bearer(created["participant_token"])
    declined = api.answer(created["id"], participant, "No, I do not want to take part.")
    assert declined.status_code == 200
    assert declined.json()["question"]["done"] is True and declined.json()["status"] == "closed"
    refused = api.client.post(f"/v1/interviews/{created['id']}/finish", headers=api.analyst)
    assert refused.status_code == 409 and "did not consent" in refused.json()["detail"]
    assert api.answer(created["id"], participant, "more").status_code == 409


def test_an_interview_finished_at_once_still_has_every_report(api: Api) -> None:
    created = api.start(language="de")
    finished = api.client.post(f"/v1/interviews/{created['id']}/finish", headers=api.analyst)
    assert finished.status_code == 200 and finished.json()["process"]["steps"] == []
    for fmt in ("html", "md", "bpmn", "mermaid"):
        response = api.client.get(
            f"/v1/interviews/{created['id']}/report", params={"format": fmt}, headers=api.analyst
        )
        assert response.status_code == 200 and response.text
