"""No secret or token in the logs: not ours, not uvicorn's access log, not
a traceback, whatever the log level."""

from __future__ import annotations

import logging

import httpx2
import pytest

from interviewer.api.redaction import redact
from interviewer.interview import Conductor
from tests.api.conftest import ApiFactory
from tests.api.support import ANSWERS_EN, FlakyConductor, bearer, uvicorn_in_thread


def _secret_part(token: str) -> str:
    return token.split("_", 2)[2]


def test_redact_masks_keys_tokens_and_bearer_credentials() -> None:
    token = "ipt_0123456789ab_s3cr3t-Value_with_underscores"
    assert redact(f"got {token}!") == "got ipt_0123456789ab_[redacted]!"
    assert redact("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer [redacted]"
    assert "hunter2" not in redact("{'authorization': 'hunter2'}")
    assert redact("nothing to hide here") == "nothing to hide here"


def test_a_whole_session_over_http_logs_no_secret(
    make_api: ApiFactory, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    probe = make_api()
    flaky = FlakyConductor(Conductor.from_settings(probe.settings), fail_answers=1)
    api = make_api(conductor=flaky)
    _, analyst_key = api.context.repository.keys.create_key(workspace="ops", name="logger")
    caplog.set_level(logging.DEBUG)
    with uvicorn_in_thread(api.client.app) as base, httpx2.Client(base_url=base, timeout=30) as client:
        created = client.post(
            "/v1/interviews", json={"process_name": "x"}, headers=bearer(analyst_key)
        ).json()
        token = created["participant_token"]
        path = f"/v1/interviews/{created['id']}/answers"
        assert client.post(path, json={"text": ANSWERS_EN[0]}, headers=bearer(token)).status_code == 503
        assert client.post(path, json={"text": ANSWERS_EN[0]}, headers=bearer(token)).status_code == 200
        assert client.get("/v1/interviews", headers=bearer(token + "x")).status_code == 401
        # Somebody puts a token where it does not belong: the access log masks it.
        client.get(f"/v1/patterns?q={token}", headers=bearer(analyst_key))
        logging.getLogger("interviewer.test").error("token %s in a message", token)
        try:
            raise ValueError(f"bad key {analyst_key}")
        except ValueError:
            logging.getLogger("interviewer.test").exception(
                "failed with Authorization: Bearer %s", analyst_key
            )

    captured = capfd.readouterr()
    everything = caplog.text + captured.out + captured.err
    assert "engine exploded" in caplog.text, "the engine failure is logged"
    assert "ipt_" in everything and "[redacted]" in everything, "the log shows which token, masked"
    for secret in (
        _secret_part(analyst_key),
        _secret_part(token),
        _secret_part(api.analyst["Authorization"]),
    ):
        assert secret not in everything
