"""Fixtures for the LLM engine tests: a loopback OpenAI-compatible server
whose every request is validated against the OpenAI API description, and
engines pointed at it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from interviewer.settings import Settings
from tests.support.openai_server import OpenAITestServer
from tests.support.openapi_validation import OPENAPI_PATH, RequestValidator, load_validator

if TYPE_CHECKING:
    from interviewer.engines.llm import LLMEngine


@pytest.fixture(scope="session")
def openapi_validator() -> RequestValidator | None:
    validator = load_validator()
    if validator is None:
        warnings.warn(
            f"OpenAI API description not found at {OPENAPI_PATH}: requests to the test server are NOT "
            "validated in this run",
            stacklevel=1,
        )
    return validator


@pytest.fixture
def server(openapi_validator: RequestValidator | None) -> Iterator[OpenAITestServer]:
    with OpenAITestServer(validator=openapi_validator) as running:
        yield running
    assert not running.invalid_requests, "requests that break the OpenAI API description:\n" + "\n".join(
        running.invalid_requests
    )


class RecordingSleep:
    """Backoff without waiting: records each delay the engine asked for."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


def llm_settings(server: OpenAITestServer, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "engine": "llm",
        "llm_base_url": server.base_url,
        "llm_model": "test-model",
        "llm_api_key": "test-key",
        "llm_timeout_seconds": 5.0,
        "llm_max_retries": 2,
        "llm_concurrency": 4,
        "embedding_model": "text-embedding-test",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def make_engine(server: OpenAITestServer, sleep: RecordingSleep) -> Iterator[Callable[..., LLMEngine]]:
    """Builds engines against the test server (closed after the test); keyword arguments are Settings."""
    from interviewer.engines.llm import LLMEngine

    engines: list[LLMEngine] = []

    def build(fallback: object = None, proposal_source: object = None, **overrides: object) -> LLMEngine:
        extra = {"proposal_source": proposal_source} if proposal_source is not None else {}
        engine = LLMEngine.from_settings(
            llm_settings(server, **overrides),
            fallback=fallback,  # type: ignore[arg-type]
            sleep=sleep,
            **extra,  # type: ignore[arg-type]
        )
        engines.append(engine)
        return engine

    yield build
    for engine in engines:
        engine.close()
