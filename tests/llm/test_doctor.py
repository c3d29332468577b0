"""`interviewer doctor` against the loopback server: each line says what works, and what to change."""

from __future__ import annotations

import socket

import pytest

from interviewer.cli import main
from tests.support.openai_server import OpenAITestServer, RecordedRequest, Reply, error, structured

PONG = structured({"answer": "pong", "ok": True})


def _configure(monkeypatch: pytest.MonkeyPatch, base_url: str, **extra: str) -> None:
    monkeypatch.setenv("INTERVIEWER_ENGINE", "llm")
    monkeypatch.setenv("INTERVIEWER_LLM_BASE_URL", base_url)
    monkeypatch.setenv("INTERVIEWER_LLM_MODEL", "test-model")
    monkeypatch.setenv("INTERVIEWER_EMBEDDING_MODEL", "text-embedding-test")
    for name, value in extra.items():
        monkeypatch.setenv(f"INTERVIEWER_{name}", value)


def test_everything_works(
    server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.chat_handler = PONG
    _configure(monkeypatch, server.base_url)
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert f"✓ reachable: {server.base_url} answers" in out
    assert "✓ model listed: test-model is available" in out
    for method in ("json_schema (configured)", "function_calling", "json_mode"):
        assert f"✓ structured output: {method}: a valid answer came back" in out
    assert "✓ embeddings: text-embedding-test returns 8 dimensions" in out
    assert "transcripts are sent as they are (local endpoint)" in out
    assert "✗" not in out


def test_a_server_without_json_schema_gets_a_hint(
    server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_json_schema(request: RecordedRequest) -> Reply:
        if (request.body.get("response_format") or {}).get("type") == "json_schema":
            return error(400, "response_format json_schema is not supported by this server")
        return PONG(request)

    server.chat_handler = no_json_schema
    _configure(monkeypatch, server.base_url)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ structured output: json_schema (configured): HTTP 400" in out
    assert "hint: Set INTERVIEWER_LLM_STRUCTURED_OUTPUT=function_calling" in out
    assert "✓ structured output: function_calling" in out


def test_an_unknown_model_and_missing_embeddings(
    server: OpenAITestServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server.chat_handler = PONG
    server.models = ["llama3.1:8b", "qwen2.5:7b"]
    server.overrides["/embeddings"] = error(404, "model not found")
    _configure(monkeypatch, server.base_url, EMBEDDING_BASE_URL=server.base_url)
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ model listed: test-model is not among the 2 models listed (llama3.1:8b, qwen2.5:7b)" in out
    assert "hint: Set INTERVIEWER_LLM_MODEL" in out
    assert "✗ embeddings: text-embedding-test" in out and "INTERVIEWER_EMBEDDING_MODEL" in out


def test_an_unreachable_endpoint(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _configure(monkeypatch, f"http://127.0.0.1:{port}/v1")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f"✗ reachable: no connection to http://127.0.0.1:{port}/v1" in out
    assert "hint: Is the server running?" in out
    assert "structured output" not in out  # nothing else is tried against a dead endpoint


def test_no_endpoint_is_fine_for_the_offline_engine(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("INTERVIEWER_LLM_BASE_URL", raising=False)
    monkeypatch.setenv("INTERVIEWER_ENGINE", "offline")
    assert main(["doctor"]) == 0
    assert (
        "· endpoint configured: no LLM endpoint configured; the offline engine needs none"
        in capsys.readouterr().out
    )


def test_every_engine_and_endpoint_setting_is_documented() -> None:
    from pathlib import Path

    from interviewer.settings import Settings

    text = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        if name.startswith(("llm_", "embedding_", "engine")):
            assert f"INTERVIEWER_{name.upper()}" in text, (
                f"INTERVIEWER_{name.upper()} is not in docs/configuration.md"
            )
