from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.settings import Settings


def test_defaults_work_offline(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.engine == "offline"
    assert settings.llm_base_url is None
    assert settings.effective_database_url.startswith("sqlite:///")


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_ENGINE", "llm")
    monkeypatch.setenv("INTERVIEWER_LLM_MODEL", "llama3.1")
    settings = Settings()
    assert settings.engine == "llm"
    assert settings.llm_model == "llama3.1"


def test_config_file_is_read_and_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'llm_model = "from-file"\nllm_base_url = "http://127.0.0.1:11434/v1"\n', encoding="utf-8"
    )
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(config))
    settings = Settings()
    assert settings.llm_model == "from-file"
    assert settings.llm_base_url == "http://127.0.0.1:11434/v1"
    monkeypatch.setenv("INTERVIEWER_LLM_MODEL", "from-env")
    assert Settings().llm_model == "from-env"


def test_api_key_is_never_printed() -> None:
    settings = Settings(llm_api_key="sk-secret-value")  # type: ignore[arg-type]
    assert "sk-secret-value" not in repr(settings)
    assert "sk-secret-value" not in str(settings.model_dump())
