"""Limits (answer length, upload size, requests per minute), CORS, and every
error as application/problem+json with a clear message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.api.conftest import Api, ApiFactory
from tests.api.support import bearer

PROBLEM = "application/problem+json"


def _is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status and body["detail"]
    return body


def test_an_answer_over_the_length_limit_is_413_and_not_stored(make_api: ApiFactory) -> None:
    api = make_api(api_max_answer_chars=100)
    created = api.start()
    participant = bearer(created["participant_token"])
    body = _is_problem(api.answer(created["id"], participant, "x" * 101), 413)
    assert "101 characters" in body["detail"] and "at most 100" in body["detail"]
    assert api.answer(created["id"], participant, "y" * 100).status_code == 200
    transcript = api.client.get(f"/v1/interviews/{created['id']}", headers=participant).json()["transcript"]
    assert [t["text"] for t in transcript if t["speaker"] == "interviewee"] == ["y" * 100]


def test_a_huge_json_body_is_refused_before_it_is_read(make_api: ApiFactory) -> None:
    api = make_api(api_max_answer_chars=100)
    created = api.start()
    body = _is_problem(
        api.client.post(
            f"/v1/interviews/{created['id']}/answers",
            content=b'{"text": "' + b"z" * 200_000 + b'"}',
            headers=api.analyst | {"Content-Type": "application/json"},
        ),
        413,
    )
    assert "larger than" in body["detail"]


def test_an_upload_over_the_limit_is_413(make_api: ApiFactory) -> None:
    api = make_api(api_max_upload_bytes=1000)
    small = api.client.post(
        "/v1/jobs", files=[("files", ("a.txt", b"Anna: hello\n" * 10))], headers=api.analyst
    )
    assert small.status_code == 202
    files = [("files", ("a.txt", b"Anna: hello\n" * 60)), ("files", ("b.txt", b"Ben: hi\n" * 60))]
    body = _is_problem(api.client.post("/v1/jobs", files=files, headers=api.analyst), 413)
    assert "1000 bytes" in body["detail"] and "api_max_upload_bytes" in body["detail"]


def test_a_chunked_upload_is_counted_as_it_arrives(make_api: ApiFactory) -> None:
    api = make_api(api_max_upload_bytes=1000)
    boundary = "xyzzy"

    def chunks() -> Iterator[bytes]:
        yield f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'.encode()
        for _ in range(200):
            yield b"Anna: a line of a long transcript\n" * 100
        yield f"\r\n--{boundary}--\r\n".encode()

    response = api.client.post(
        "/v1/jobs",
        content=chunks(),
        headers=api.analyst | {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    _is_problem(response, 413)


def test_too_many_requests_is_429_with_retry_after(make_api: ApiFactory) -> None:
    api = make_api(api_requests_per_minute=5)
    created = api.start()  # 1 request with the analyst's key
    participant = bearer(created["participant_token"])
    statuses = [
        api.client.get(f"/v1/interviews/{created['id']}", headers=participant).status_code for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    limited = api.client.get(f"/v1/interviews/{created['id']}", headers=participant)
    body = _is_problem(limited, 429)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert "5 requests per minute" in body["detail"] and body["retryable"] is True
    # The limit is per token: the analyst still gets through.
    assert api.client.get(f"/v1/interviews/{created['id']}", headers=api.analyst).status_code == 200


def test_cors_is_closed_unless_configured(make_api: ApiFactory) -> None:
    preflight = {"Origin": "https://intranet.example", "Access-Control-Request-Method": "POST"}
    closed = make_api()
    response = closed.client.options("/v1/interviews", headers=preflight)
    assert "access-control-allow-origin" not in response.headers
    simple = closed.client.get("/healthz", headers={"Origin": "https://intranet.example"})
    assert "access-control-allow-origin" not in simple.headers

    opened = make_api(api_cors_origins=["https://intranet.example"])
    allowed = opened.client.options("/v1/interviews", headers=preflight)
    assert allowed.headers["access-control-allow-origin"] == "https://intranet.example"
    other = opened.client.options("/v1/interviews", headers=preflight | {"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_unknown_routes_and_methods_are_problems(api: Api) -> None:
    body = _is_problem(api.client.get("/v2/nothing"), 404)
    assert "no such endpoint" in body["detail"] and body["instance"] == "/v2/nothing"
    body = _is_problem(api.client.delete("/v1/interviews", headers=api.analyst), 405)
    assert "DELETE" in body["detail"]


def test_validation_errors_name_the_field(api: Api, interview: dict[str, Any]) -> None:
    body = _is_problem(api.client.post("/v1/interviews", json={"language": "fr"}, headers=api.analyst), 422)
    locations = [".".join(e["location"]) for e in body["errors"]]
    assert "body.process_name" in locations and "body.language" in locations
    assert "process_name" in body["detail"]

    body = _is_problem(
        api.client.post("/v1/interviews", json={"process_name": "x", "colour": "red"}, headers=api.analyst),
        422,
    )
    assert "colour" in body["detail"]

    broken = api.client.post(
        f"/v1/interviews/{interview['id']}/answers",
        content=b'{"text": ',
        headers=interview["headers"] | {"Content-Type": "application/json"},
    )
    assert "JSON" in _is_problem(broken, 422)["detail"]

    empty = api.answer(interview["id"], interview["headers"], "   ")
    assert "empty" in _is_problem(empty, 422)["detail"]

    wrong_k = api.client.get("/v1/patterns", params={"q": "x", "k": 0}, headers=api.analyst)
    assert "k" in [e["location"][-1] for e in _is_problem(wrong_k, 422)["errors"]]


def test_unsupported_upload_formats_are_reported_by_name(api: Api) -> None:
    files = [("files", ("notes.pdf", b"%PDF-1.4")), ("files", ("no-suffix", b"Anna: hi"))]
    response = api.client.post("/v1/jobs", files=files, headers=api.analyst)
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "done" and job["counts"] == {"queued": 0, "ok": 0, "failed": 2}
    assert (
        job["files"][0]["error"].startswith("notes.pdf: not a transcript format")
        and ".vtt" in job["files"][0]["error"]
    )
    assert job["files"][1]["error"].startswith("no-suffix: ")
