"""The access-control matrix: each role against each endpoint.

Roles: no token, a wrong key, a revoked key, an analyst of another
workspace, an analyst of this workspace, the participant of this interview,
the participant of another interview (in this workspace). Another
interview's or workspace's resources answer 404, the same as missing ones.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.support import ANSWERS_EN, bearer

ENDPOINTS = (
    "create interview",
    "list interviews",
    "answer",
    "read interview",
    "read process",
    "finish",
    "report",
    "upload job",
    "read job",
    "job results",
    "patterns",
    "healthz",
)

UNAUTHENTICATED = dict.fromkeys(ENDPOINTS, 401) | {"healthz": 200}
EXPECTED: dict[str, dict[str, int]] = {
    "none": UNAUTHENTICATED,
    "wrong key": UNAUTHENTICATED,
    "revoked key": UNAUTHENTICATED,
    "analyst of another workspace": {
        "create interview": 201,
        "list interviews": 200,
        "answer": 404,
        "read interview": 404,
        "read process": 404,
        "finish": 404,
        "report": 404,
        "upload job": 202,
        "read job": 404,
        "job results": 404,
        "patterns": 200,
        "healthz": 200,
    },
    "analyst": {
        "create interview": 201,
        "list interviews": 200,
        "answer": 200,
        "read interview": 200,
        "read process": 200,
        "finish": 200,
        "report": 200,
        "upload job": 202,
        "read job": 200,
        "job results": 200,
        "patterns": 200,
        "healthz": 200,
    },
    "participant": {
        "create interview": 403,
        "list interviews": 403,
        "answer": 200,
        "read interview": 200,
        "read process": 200,
        "finish": 200,
        "report": 200,
        "upload job": 403,
        "read job": 403,
        "job results": 403,
        "patterns": 403,
        "healthz": 200,
    },
    "participant of another interview": {
        "create interview": 403,
        "list interviews": 403,
        "answer": 404,
        "read interview": 404,
        "read process": 404,
        "finish": 404,
        "report": 404,
        "upload job": 403,
        "read job": 403,
        "job results": 403,
        "patterns": 403,
        "healthz": 200,
    },
}


def _headers_for(api: Api, role: str, target: dict[str, Any]) -> dict[str, str]:
    if role == "none":
        return {}
    if role == "wrong key":
        return bearer("ipk_0123456789ab_not-a-real-secret")
    if role == "revoked key":
        info, token = api.context.repository.keys.create_key(workspace="ops", name="leaver")
        api.context.repository.keys.revoke_key(info.id)
        return bearer(token)
    if role == "analyst of another workspace":
        return api.new_analyst(workspace="another-team", name="eve")
    if role == "analyst":
        return api.analyst
    if role == "participant":
        return bearer(target["participant_token"])
    other = api.start()
    return bearer(other["participant_token"])


def _call(api: Api, endpoint: str, headers: dict[str, str], interview: str, job: str) -> int:
    client = api.client
    requests = {
        "create interview": lambda: client.post(
            "/v1/interviews", json={"process_name": "x"}, headers=headers
        ),
        "list interviews": lambda: client.get("/v1/interviews", headers=headers),
        "answer": lambda: client.post(
            f"/v1/interviews/{interview}/answers", json={"text": ANSWERS_EN[0]}, headers=headers
        ),
        "read interview": lambda: client.get(f"/v1/interviews/{interview}", headers=headers),
        "read process": lambda: client.get(f"/v1/interviews/{interview}/process", headers=headers),
        "finish": lambda: client.post(f"/v1/interviews/{interview}/finish", headers=headers),
        "report": lambda: client.get(f"/v1/interviews/{interview}/report?format=md", headers=headers),
        "upload job": lambda: client.post(
            "/v1/jobs",
            files=[("files", ("a.txt", b"Interviewer: Hi?\nAnna: I check it.\n"))],
            headers=headers,
        ),
        "read job": lambda: client.get(f"/v1/jobs/{job}", headers=headers),
        "job results": lambda: client.get(f"/v1/jobs/{job}/results", headers=headers),
        "patterns": lambda: client.get("/v1/patterns", params={"q": "waiting for approval"}, headers=headers),
        "healthz": lambda: client.get("/healthz", headers=headers),
    }
    response = requests[endpoint]()
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json", (endpoint, response.text)
        if response.status_code == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    return int(response.status_code)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_access_matrix(api: Api, role: str) -> None:
    # The endpoints run in ENDPOINTS order on one interview: answered before
    # it is finished, finished before its report is asked for.
    target = api.start()
    job = api.client.post(
        "/v1/jobs", files=[("files", ("b.txt", b"Anna: I check it.\n"))], headers=api.analyst
    )
    headers = _headers_for(api, role, target)
    actual = {
        endpoint: _call(api, endpoint, headers, target["id"], job.json()["id"]) for endpoint in ENDPOINTS
    }
    assert actual == EXPECTED[role]


def test_the_other_workspace_sees_none_of_ours(api: Api) -> None:
    ours = api.start()
    eve = api.new_analyst(workspace="another-team", name="eve")
    listed = api.client.get("/v1/interviews", headers=eve).json()["interviews"]
    assert ours["id"] not in [i["id"] for i in listed]
    missing = api.client.get("/v1/interviews/does-not-exist", headers=api.analyst)
    foreign = api.client.get(f"/v1/interviews/{ours['id']}", headers=eve)
    # Not found and not yours are indistinguishable.
    assert missing.status_code == foreign.status_code == 404
    assert missing.json()["title"] == foreign.json()["title"]


def test_malformed_authorization_headers_are_401(api: Api) -> None:
    for value in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "ipk_abc", "Bearer ipt_short_x"):
        response = api.client.get("/v1/interviews", headers={"Authorization": value})
        assert response.status_code == 401, value
