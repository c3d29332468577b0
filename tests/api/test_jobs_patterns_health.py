"""Batch jobs over the API (real worker thread, real analysis), the
catalogue search, health and readiness, and the OpenAPI document."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from interviewer.models import AnalysisResult
from tests.api.conftest import Api

SAMPLES = Path(__file__).resolve().parents[2] / "interviewer" / "samples"


def _wait_for_job(api: Api, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = api.client.get(f"/v1/jobs/{job_id}", headers=api.analyst).json()
        if job["status"] == "done":
            return job
        assert time.monotonic() < deadline, f"job still {job['status']} after {timeout} s"
        time.sleep(0.1)


def test_a_job_analyses_every_file_and_reports_the_broken_one(api: Api) -> None:
    german = SAMPLES / "baugenehmigung-stadtverwaltung.txt"
    english = SAMPLES / "broadband-new-build-teams.vtt"
    files = [
        ("files", (german.name, german.read_bytes())),
        ("files", (f"some/folder/{english.name}", english.read_bytes())),
        ("files", ("broken.json", b'{"turns": [ this is not json')),
    ]
    created = api.client.post("/v1/jobs", files=files, headers=api.analyst)
    assert created.status_code == 202, created.text
    job = created.json()
    assert job["status"] in ("queued", "running")
    assert [f["name"] for f in job["files"]] == [german.name, english.name, "broken.json"]

    done = _wait_for_job(api, job["id"])
    assert done["counts"] == {"queued": 0, "ok": 2, "failed": 1}
    broken = done["files"][2]
    assert broken["status"] == "failed" and "broken.json" in broken["error"]
    assert "/tmp" not in broken["error"], "the worker's temporary folder stays private"

    results = api.client.get(f"/v1/jobs/{job['id']}/results", headers=api.analyst).json()
    analysed = [AnalysisResult.model_validate(r) for r in results["results"]]
    assert {(r.case_id, r.language) for r in analysed} == {
        ("baugenehmigung-stadtverwaltung", "de"),
        ("broadband-new-build-teams", "en"),
    }
    assert all(r.process.steps for r in analysed)
    assert {r.source for r in analysed} == {german.name, english.name}
    assert [f["name"] for f in results["failed"]] == ["broken.json"]


def test_files_with_the_same_name_are_kept_apart(api: Api) -> None:
    text = b"Interviewer: What do you do?\nAnna (intake): I check the form, then it goes to billing.\n"
    files = [("files", ("interview.txt", text)), ("files", ("team-b/interview.txt", text))]
    job = api.client.post("/v1/jobs", files=files, headers=api.analyst).json()
    assert [f["name"] for f in job["files"]] == ["interview.txt", "interview-2.txt"]
    done = _wait_for_job(api, job["id"])
    assert sorted(f["case_id"] for f in done["files"]) == ["interview", "interview-2"]


def test_pattern_search_finds_by_meaning_and_filters(api: Api) -> None:
    found = api.client.get(
        "/v1/patterns",
        params={"q": "the invoice waits for the manager's signature", "k": 3},
        headers=api.analyst,
    )
    assert found.status_code == 200
    results = found.json()["results"]
    assert len(results) == 3 and results[0]["category"] == "approval-bottleneck"
    assert all(0 <= r["similarity"] <= 1 for r in results)

    german = api.client.get(
        "/v1/patterns",
        params={"q": "wir warten auf die Unterschrift", "lang": "de", "category": "approval-bottleneck"},
        headers=api.analyst,
    ).json()["results"]
    assert german and {r["category"] for r in german} == {"approval-bottleneck"}
    assert {r["language"] for r in german} == {"de"}

    listing = api.client.get(
        "/v1/patterns", params={"category": "batching", "k": 50}, headers=api.analyst
    ).json()
    assert listing["query"] is None and listing["results"]
    assert {r["category"] for r in listing["results"]} == {"batching"}


def test_health_and_readiness(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok", "vector_store": "ok"}


def test_readiness_says_when_the_database_is_gone(api: Api, tmp_path: Path) -> None:
    from interviewer.storage.db import make_engine

    db = api.context.repository.db
    working = db.engine
    # A database in a folder that does not exist cannot be opened.
    db.engine = make_engine(f"sqlite:///{tmp_path}/missing.sqlite3")
    (tmp_path / "missing.sqlite3").mkdir()  # a folder where the file should be
    try:
        not_ready = api.client.get("/readyz")
        assert not_ready.status_code == 503
        assert not_ready.json()["status"] == "not ready"
        assert not_ready.json()["database"].startswith("unreachable")
        assert not_ready.json()["vector_store"] == "ok"
    finally:
        db.engine.dispose()
        db.engine = working
    assert api.client.get("/readyz").status_code == 200


def test_the_openapi_document_is_complete(api: Api) -> None:
    schema = api.client.get("/openapi.json").json()
    paths = schema["paths"]
    for path, method in [
        ("/v1/interviews", "post"),
        ("/v1/interviews/{interview_id}/answers", "post"),
        ("/v1/interviews/{interview_id}", "get"),
        ("/v1/interviews/{interview_id}/process", "get"),
        ("/v1/interviews/{interview_id}/finish", "post"),
        ("/v1/interviews/{interview_id}/report", "get"),
        ("/v1/jobs", "post"),
        ("/v1/jobs/{job_id}", "get"),
        ("/v1/jobs/{job_id}/results", "get"),
        ("/v1/patterns", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    ]:
        assert method in paths[path], (path, method)
    answers = paths["/v1/interviews/{interview_id}/answers"]["post"]
    assert "text/event-stream" in answers["responses"]["200"]["content"]
    assert "application/problem+json" in answers["responses"]["409"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in answers["parameters"])
    assert schema["components"]["schemas"]["Problem"]["properties"]["detail"]
    assert schema["components"]["schemas"]["CreateInterview"]["examples"]
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
