"""One Settings class, read once at the edge (CLI, API start-up) and passed on.

Sources, strongest first: explicit arguments, environment variables with the
INTERVIEWER_ prefix, a .env file in the working directory, the TOML config
file (INTERVIEWER_CONFIG, or config.toml in the user's config directory),
then the defaults below, which need no network at all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "process-interviewer"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_config_file() -> Path:
    explicit = os.environ.get("INTERVIEWER_CONFIG")
    if explicit:
        return Path(explicit)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="INTERVIEWER_",
        env_file=".env",
        extra="ignore",
        validate_default=True,
    )

    # --- where things live -------------------------------------------------
    data_dir: Path = Field(default_factory=default_data_dir, description="Database, vector store, caches.")

    # --- engine ------------------------------------------------------------
    engine: Literal["offline", "llm"] = "offline"
    language: Literal["en", "de"] | None = Field(
        default=None, description="Force the interview language instead of detecting it."
    )

    # --- LLM endpoint (any OpenAI-compatible server) -------------------------
    llm_base_url: str | None = None
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_model: str = "gpt-4o-mini"
    llm_structured_output: Literal["json_schema", "function_calling", "json_mode"] = "json_schema"
    llm_timeout_seconds: float = 60.0
    llm_max_retries: int = 3
    llm_concurrency: int = 8
    llm_temperature: float = 0.0
    llm_window_turns: int = 40
    llm_window_overlap: int = 6
    # None: pseudonymise for every endpoint that is not on this machine.
    llm_pseudonymise: bool | None = None
    llm_prices_per_million: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="model -> (input, output) price per million tokens."
    )

    # --- embeddings ---------------------------------------------------------
    embedding_base_url: str | None = None
    embedding_api_key: SecretStr = SecretStr("not-needed")
    embedding_model: str = "text-embedding-3-small"

    # --- vector store -------------------------------------------------------
    chroma_url: str | None = Field(default=None, description="http://host:port of a `chroma run` server.")

    # --- database and API ---------------------------------------------------
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; SQLite in data_dir when unset."
    )
    api_cors_origins: list[str] = Field(default_factory=list)
    api_max_answer_chars: int = 8000
    api_max_upload_bytes: int = 5 * 1024 * 1024
    api_requests_per_minute: int = 120

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=default_config_file())
        return (init_settings, env_settings, dotenv_settings, toml, file_secret_settings)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'interviewer.sqlite3'}"
