"""The seam to the chat endpoint: a small protocol the engine calls.

The engine never sees openai or langchain types: the adapter
(langchain_client.py) turns every answer into a ChatReply and every
failure of the transport into TransientError (worth retrying) or
PermanentError (not). Tests of engine logic can implement ChatClient in a
few lines; the real adapter is tested against a loopback server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from pydantic import BaseModel

from interviewer.errors import LLMError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass
class ChatReply:
    """What came back for one HTTP request, parsed or not."""

    parsed: BaseModel | None
    problems: list[str] = field(default_factory=list)  # why `parsed` is missing or unusable
    raw_text: str | None = None  # the answer as text, to send back in a repair round
    finish_reason: str | None = None
    refusal: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    http_seconds: float = 0.0  # time spent inside the HTTP client, for the overhead figures

    @property
    def truncated(self) -> bool:
        return self.finish_reason == "length"


class TransportError(LLMError):
    """The request got no usable HTTP answer; `attempts` says how many were made."""

    attempts = 1


class TransientError(TransportError):
    """Worth another attempt: rate limit, server error, timeout, connection trouble."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(TransportError):
    """Another attempt would fail the same way: bad request, authentication, unknown model."""


class ChatClient(Protocol):
    model: str
    method: str  # the structured-output method: json_schema, function_calling or json_mode

    async def complete(self, messages: list[ChatMessage], schema: type[BaseModel]) -> ChatReply:
        """One request, no retries: an answer (parsed or with problems), or TransientError/PermanentError."""
        ...

    async def aclose(self) -> None: ...
