"""From Settings to the engine's options and its client (read once, at the edge)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from interviewer.engines.llm.calls import RetryPolicy
from interviewer.engines.llm.client import ChatClient
from interviewer.engines.llm.extraction import UngroundedPolicy
from interviewer.engines.llm.pseudonymise import is_local_endpoint
from interviewer.errors import ConfigurationError

if TYPE_CHECKING:
    from interviewer.settings import Settings


@dataclass(frozen=True)
class EngineOptions:
    method: str = "json_schema"
    window_turns: int = 40
    window_overlap: int = 6
    concurrency: int = 8
    pseudonymise: bool = True
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    grounding_tolerance: float = 0.1
    ungrounded: UngroundedPolicy = "flag"


def options_from_settings(settings: Settings) -> EngineOptions:
    pseudonymise = settings.llm_pseudonymise
    if pseudonymise is None:  # automatic: whatever leaves this machine is pseudonymised
        pseudonymise = not is_local_endpoint(settings.llm_base_url)
    return EngineOptions(
        method=settings.llm_structured_output,
        window_turns=settings.llm_window_turns,
        window_overlap=settings.llm_window_overlap,
        concurrency=settings.llm_concurrency,
        pseudonymise=pseudonymise,
        policy=RetryPolicy(max_retries=settings.llm_max_retries),
    )


def client_factory(settings: Settings) -> Callable[[], ChatClient]:
    """Builds the langchain client when first needed (importing langchain takes about 2 s)."""
    if not settings.llm_base_url:
        raise ConfigurationError(
            "engine 'llm' needs an endpoint: set INTERVIEWER_LLM_BASE_URL (for example "
            "https://api.openai.com/v1 or http://localhost:11434/v1)"
        )

    def build() -> ChatClient:
        from interviewer.engines.llm.langchain_client import LangChainChatClient

        return LangChainChatClient(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key.get_secret_value(),
            model=settings.llm_model,
            method=settings.llm_structured_output,
            timeout=settings.llm_timeout_seconds,
            temperature=settings.llm_temperature,
            # The semaphore bounds requests; the pool gets room to spare because a
            # connection goes back to it a moment after its request has ended.
            max_connections=settings.llm_concurrency * 2,
        )

    return build
